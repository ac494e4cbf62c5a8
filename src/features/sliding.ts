/**
 * Keyed sliding event-time windows: each key keeps the rows of its last `size` ms and emits a
 * FeatureVector every `every` ms of event time (windows end on multiples of `every`).
 * Per event: O(1) amortized (moments with removal, monotonic deques), never a rescan.
 *
 *   every=5s, size=10s        0s   5s   10s  15s
 *   events                    a  b   c    d  e
 *   window ending 10s         [a  b   c)           emitted when d (ts ≥ 10s) arrives
 *   window ending 15s              [c    d)        emitted when the first event ≥ 15s arrives
 */

import type { EventValue } from '../stream/event.ts';
import { resolveAggregate, type AggregateName } from './aggregates.ts';
import { FieldState } from './field-state.ts';
import type { AggregateDef } from './stats/types.ts';
import { KeyedState } from './keyed.ts';
import { Ring } from './ring.ts';
import { featureName, type FeatureVector } from './vector.ts';

export interface SlidingWindowSpec {
  sizeMs: number;
  everyMs: number;
  /** Field → aggregates to compute over it. */
  fields: Record<string, AggregateName[]>;
  /** Rows one key may hold; an event beyond it is rejected (`window_full`) rather than growing memory. */
  maxEventsPerKey: number;
  /** Keys held at once; the least recently used key is evicted beyond it. */
  maxKeys: number;
  /**
   * `skip` (default): a window that starts before the key's first event (its warm-up: the device
   * has not been seen for a whole window yet) is not emitted, as models are trained on full windows.
   */
  partial?: 'skip' | 'emit';
}

export type Rejection = 'out_of_order' | 'window_full';

export type PushResult = { ok: true; closed: FeatureVector[] } | { ok: false; reason: Rejection };

export interface KeySnapshot {
  key: string;
  nextEnd: number;
  maxTs: number;
  firstTs: number;
  /** Rows as [ts, ...field values], null for an absent field. */
  rows: Array<Array<number | null>>;
}

export interface SlidingSnapshot {
  kind: 'sliding';
  keys: KeySnapshot[];
}

export interface SlidingWindows {
  /** Feature names in vector order. */
  readonly featureNames: string[];
  push(key: string, ts: number, values: Record<string, EventValue>): PushResult;
  /** Drops keys whose last event is older than `beforeTs` (event time); returns how many. */
  evictIdle(beforeTs: number): number;
  stats(): { keys: number; evictions: number; bytes: number; partialSkipped: number };
  snapshot(): SlidingSnapshot;
}

const NO_VECTORS: FeatureVector[] = [];

interface Column {
  field: string;
  names: string[];
  defs: AggregateDef[];
}

class KeyWindow {
  readonly ring: Ring;
  readonly states: FieldState[];
  nextEnd = -Infinity;
  maxTs = -Infinity;
  firstTs = Infinity;

  constructor(columns: Column[]) {
    this.ring = new Ring(columns.length + 1);
    this.states = columns.map((c, i) => new FieldState(this.ring, i + 1, c.defs));
  }

  evictBefore(startTs: number): void {
    const ring = this.ring;
    while (ring.size > 0 && ring.get(ring.head, 0) < startTs) {
      for (const state of this.states) state.remove(ring.head);
      ring.shift();
    }
  }

  append(row: Float64Array): void {
    const seq = this.ring.push(row);
    for (let i = 0; i < this.states.length; i++) this.states[i]!.add(seq, row[i + 1]!);
  }

  bytes(): number {
    return this.ring.bytes() + 200 + this.states.length * 120;
  }
}

export function createSlidingWindows(spec: SlidingWindowSpec, restore?: SlidingSnapshot): SlidingWindows {
  const { sizeMs, everyMs, maxEventsPerKey } = spec;
  const columns: Column[] = Object.entries(spec.fields).map(([field, aggs]) => ({
    field,
    names: aggs.map((agg) => featureName(field, agg, sizeMs)),
    defs: aggs.map((agg) => {
      const def = resolveAggregate(agg);
      if (!def) throw new RangeError(`unknown aggregate "${agg}"`);
      return def;
    }),
  }));
  const featureNames = columns.flatMap((c) => c.names);
  const scratch: number[] = [];
  const keys = new KeyedState<KeyWindow>(spec.maxKeys);
  const skipPartial = (spec.partial ?? 'skip') === 'skip';
  let partialSkipped = 0;
  const row = new Float64Array(columns.length + 1);

  const alignUp = (ts: number): number => (Math.floor(ts / everyMs) + 1) * everyMs;

  function emit(key: string, w: KeyWindow, end: number, eventTime: number): FeatureVector {
    const values: Record<string, number> = {};
    for (let i = 0; i < columns.length; i++) {
      w.states[i]!.read(scratch);
      const names = columns[i]!.names;
      for (let j = 0; j < names.length; j++) values[names[j]!] = scratch[j]!;
    }
    return { key, window: { start: end - sizeMs, end, count: w.ring.size }, values, eventTime };
  }

  /** Emits every window whose end the key's clock has passed; skips empty stretches in one step. */
  function close(key: string, w: KeyWindow, ts: number): FeatureVector[] {
    let closed = NO_VECTORS;
    while (ts >= w.nextEnd) {
      w.evictBefore(w.nextEnd - sizeMs);
      if (w.ring.size === 0) {
        w.nextEnd = alignUp(ts);
        break;
      }
      if (skipPartial && w.nextEnd - sizeMs < w.firstTs) partialSkipped++;
      else {
        if (closed === NO_VECTORS) closed = [];
        closed.push(emit(key, w, w.nextEnd, ts));
      }
      w.nextEnd += everyMs;
    }
    if (closed !== NO_VECTORS) w.ring.compact();
    return closed;
  }

  function fillRow(ts: number, values: Record<string, EventValue>): void {
    row[0] = ts;
    for (let i = 0; i < columns.length; i++) {
      const v = values[columns[i]!.field];
      row[i + 1] = typeof v === 'number' ? v : NaN;
    }
  }

  function push(key: string, ts: number, values: Record<string, EventValue>): PushResult {
    let w = keys.get(key);
    if (w === undefined) {
      w = new KeyWindow(columns);
      w.nextEnd = alignUp(ts);
      w.firstTs = ts;
      keys.set(key, w);
    } else if (ts < w.maxTs) {
      return { ok: false, reason: 'out_of_order' };
    }
    const closed = close(key, w, ts);
    if (w.ring.size >= maxEventsPerKey) return { ok: false, reason: 'window_full' };
    fillRow(ts, values);
    w.append(row);
    w.maxTs = ts;
    return { ok: true, closed };
  }

  if (restore) {
    for (const k of restore.keys) {
      const w = new KeyWindow(columns);
      for (const r of k.rows) w.append(Float64Array.from(r, (v) => (v === null ? NaN : v)));
      w.nextEnd = k.nextEnd;
      w.maxTs = k.maxTs;
      w.firstTs = k.firstTs;
      keys.set(k.key, w);
    }
  }

  return {
    featureNames,
    push,
    evictIdle: (beforeTs) => keys.evictWhere((w) => w.maxTs < beforeTs),
    stats() {
      let bytes = 0;
      for (const [, w] of keys.entries()) bytes += w.bytes();
      return { keys: keys.size, evictions: keys.evictions, bytes, partialSkipped };
    },
    snapshot() {
      const out: KeySnapshot[] = [];
      for (const [key, w] of keys.entries()) {
        const rows: Array<Array<number | null>> = [];
        for (let seq = w.ring.head; seq < w.ring.tail; seq++) {
          const r: Array<number | null> = [];
          for (let c = 0; c < w.ring.width; c++) {
            const v = w.ring.get(seq, c);
            r.push(Number.isNaN(v) ? null : v);
          }
          rows.push(r);
        }
        out.push({ key, nextEnd: w.nextEnd, maxTs: w.maxTs, firstTs: w.firstTs, rows });
      }
      return { kind: 'sliding', keys: out };
    },
  };
}
