/**
 * Time windows per key, in event time: hopping windows [k·every + offset − size, k·every + offset),
 * which are tumbling when every = size and "sliding, emit every interval" when every < size; or
 * sliding windows emitted at every event, (ts − size, ts]. Stats are incremental (O(1) or
 * O(log n) per event per aggregate, never a rescan); a window closes when the key's watermark
 * reaches its end.
 *
 *   size=10s every=5s          0s   5s   10s  15s
 *   events                     a  b   c    d  e
 *   window ending 10s          [a  b   c)           closes when the watermark reaches 10s
 *   window ending 15s               [c    d)        closes when the watermark reaches 15s
 *
 * Late events (behind the watermark) can correct windows already emitted, within
 * `allowedLatenessMs` (Flink's rule: a window is still correctable while end + allowedLateness
 * > watermark): the window is recomputed from kept rows and emitted again with `revision` + 1.
 */

import type { EventValue } from '../../stream/event.ts';
import { KeyedState } from '../keyed.ts';
import type { FeatureVector } from '../vector.ts';
import { compileLayout, KeyRows, type Layout, type Row } from './rows.ts';
import type { CommonWindowLimits, KeyedWindows, LateResult, PushResult, WindowsSnapshot } from './types.ts';

export interface TimeWindowSpec extends CommonWindowLimits {
  sizeMs: number;
  everyMs: number;
  /** Shifts window boundaries: windows end on k·every + offset. */
  offsetMs?: number;
  /** `interval`: a result per window end; `event`: a result for each event, over (ts − size, ts]. */
  emit?: 'interval' | 'event';
  fields: Record<string, string[]>;
  /** `skip` (default): no result for a window that starts before the key's first event (warm-up). */
  partial?: 'skip' | 'emit';
  /** How long after its end a window may still be corrected by a late event; 0 keeps no history. */
  allowedLatenessMs?: number;
}

interface KeyState {
  /** Absent while the key's windows hold nothing (an idle key keeps only its clocks: ~200 bytes). */
  rows: KeyRows | undefined;
  nextEnd: number;
  maxTs: number;
  firstTs: number;
  watermark: number;
  /** Rows evicted from the ring but kept for corrections (only with allowed lateness). */
  history: Float64Array[] | undefined;
  /** Revision of each window end emitted within the lateness horizon (only with allowed lateness). */
  revisions: Map<number, number> | undefined;
}

interface KeySnapshot {
  nextEnd: number;
  maxTs: number;
  firstTs: number;
  watermark: number;
  rows: Row[];
  history: Row[];
  revisions: Array<[number, number]>;
}

const NONE: FeatureVector[] = [];

export function createTimeWindows(spec: TimeWindowSpec, restore?: WindowsSnapshot): KeyedWindows {
  const { sizeMs, everyMs, maxEventsPerKey } = spec;
  const offsetMs = spec.offsetMs ?? 0;
  const perEvent = spec.emit === 'event';
  const skipPartial = (spec.partial ?? 'skip') === 'skip';
  const latenessMs = perEvent ? 0 : (spec.allowedLatenessMs ?? 0);
  const layout: Layout = compileLayout(spec.fields, sizeMs);
  const keys = new KeyedState<KeyState>(spec.maxKeys);
  let partialSkipped = 0;
  let full = 0;

  const alignUp = (ts: number): number => Math.floor((ts - offsetMs) / everyMs) * everyMs + offsetMs + everyMs;

  const fresh = (ts: number): KeyState => ({
    rows: undefined,
    nextEnd: alignUp(ts),
    maxTs: -Infinity,
    firstTs: ts,
    watermark: -Infinity,
    history: latenessMs > 0 ? [] : undefined,
    revisions: latenessMs > 0 ? new Map() : undefined,
  });
  const rowsOf = (w: KeyState): KeyRows => (w.rows ??= new KeyRows(layout));
  const size = (w: KeyState): number => w.rows?.size ?? 0;

  function vector(key: string, w: KeyState, start: number, end: number, count: number, values: Record<string, number>, revision: number): FeatureVector {
    const v: FeatureVector = { key, window: { start, end, count }, values, eventTime: Math.max(w.maxTs, w.watermark) };
    if (revision > 0) v.revision = revision;
    return v;
  }

  /** Closes every window ending at or before `wm`; skips empty stretches in one step. */
  function closeUpTo(key: string, w: KeyState, wm: number): FeatureVector[] {
    let closed = NONE;
    if (wm > w.watermark) w.watermark = wm; // first: results carry the time that closed them
    while (wm >= w.nextEnd) {
      const start = w.nextEnd - sizeMs;
      const history = w.history;
      w.rows?.evictBefore(start, history ? (r) => history.push(r) : undefined);
      if (size(w) === 0) {
        w.rows = undefined; // idle: free the ring and stats until the next event
        w.nextEnd = alignUp(wm);
        break;
      }
      const rows = w.rows!;
      if (skipPartial && start < w.firstTs) partialSkipped++;
      else {
        if (closed === NONE) closed = [];
        closed.push(vector(key, w, start, w.nextEnd, rows.size, rows.values(), 0));
        w.revisions?.set(w.nextEnd, 0);
      }
      w.nextEnd += everyMs;
    }
    if (latenessMs > 0) prune(w);
    if (closed !== NONE) w.rows?.ring.compact();
    return closed;
  }

  /** Forgets rows and revisions no correctable window needs any more. */
  function prune(w: KeyState): void {
    const horizon = w.watermark - latenessMs;
    const history = w.history!;
    let drop = 0;
    while (drop < history.length && history[drop]![0]! < horizon - sizeMs) drop++;
    if (drop > 0) history.splice(0, drop);
    for (const end of w.revisions!.keys()) if (end <= horizon) w.revisions!.delete(end);
  }

  function pushPerEvent(key: string, w: KeyState, ts: number, values: Record<string, EventValue>): PushResult {
    const rows = rowsOf(w);
    rows.evictBefore(ts - sizeMs + 1);
    if (rows.size >= maxEventsPerKey) {
      full++;
      return { ok: false, reason: 'window_full' };
    }
    rows.append(ts, values);
    w.maxTs = ts;
    w.watermark = ts;
    const start = ts - sizeMs + 1;
    if (skipPartial && start < w.firstTs) {
      partialSkipped++;
      return { ok: true, closed: NONE };
    }
    return { ok: true, closed: [vector(key, w, start, ts + 1, rows.size, rows.values(), 0)] };
  }

  function push(key: string, ts: number, values: Record<string, EventValue>): PushResult {
    let w = keys.get(key);
    if (w === undefined) {
      w = fresh(ts);
      keys.set(key, w);
    } else if (ts < w.maxTs || ts < w.watermark) {
      return { ok: false, reason: 'out_of_order' };
    }
    if (perEvent) return pushPerEvent(key, w, ts, values);
    const closed = closeUpTo(key, w, ts);
    if (size(w) + (w.history?.length ?? 0) >= maxEventsPerKey) {
      full++;
      return { ok: false, reason: 'window_full' };
    }
    rowsOf(w).append(ts, values);
    w.maxTs = ts;
    return { ok: true, closed };
  }

  function late(key: string, ts: number, values: Record<string, EventValue>): LateResult {
    if (latenessMs <= 0) return { ok: false, reason: 'unsupported' };
    const w = keys.get(key);
    if (!w) return { ok: false, reason: 'too_late' };
    const wm = Math.max(w.watermark, w.maxTs);
    const lastEmitted = w.nextEnd - everyMs;
    // Windows holding ts end in (ts, ts + size]; the emitted ones are those ≤ lastEmitted.
    const firstEnd = alignUp(ts);
    const correctable: number[] = [];
    for (let end = firstEnd; end <= Math.min(ts + sizeMs, lastEmitted); end += everyMs) {
      if (end + latenessMs > wm) correctable.push(end);
    }
    // Closing the window ending at lastEmitted evicted rows before lastEmitted − size: the ring
    // still holds everything from there on, the history what is older.
    const ringStart = lastEmitted - sizeMs;
    const openOnly = firstEnd > lastEmitted;
    if (correctable.length === 0 && !openOnly) return { ok: false, reason: 'too_late' };
    if (size(w) + w.history!.length >= maxEventsPerKey) {
      full++;
      return { ok: false, reason: 'too_late' };
    }
    if (ts >= ringStart) rowsOf(w).insertSorted(ts, values);
    else insertHistory(w, ts, values);
    if (ts < w.firstTs) w.firstTs = ts;

    const corrected: FeatureVector[] = [];
    for (const end of correctable) {
      const start = end - sizeMs;
      if (skipPartial && start < w.firstTs) continue;
      const inWindow = allRows(w).filter((r) => r[0]! >= start && r[0]! < end);
      if (inWindow.length === 0) continue;
      const revision = (w.revisions!.get(end) ?? -1) + 1;
      w.revisions!.set(end, revision);
      corrected.push(vector(key, w, start, end, inWindow.length, KeyRows.valuesOf(layout, inWindow), revision));
    }
    return { ok: true, corrected };
  }

  function insertHistory(w: KeyState, ts: number, values: Record<string, EventValue>): void {
    const scratch = new KeyRows(layout);
    scratch.append(ts, values);
    const row = scratch.rowAt(0);
    const history = w.history!;
    const at = history.findIndex((r) => r[0]! > ts);
    history.splice(at < 0 ? history.length : at, 0, row);
  }

  function allRows(w: KeyState): Float64Array[] {
    const rows = [...(w.history ?? [])];
    for (let i = 0; i < size(w); i++) rows.push(w.rows!.rowAt(i));
    return rows;
  }

  if (restore) {
    for (const { key, state } of restore.keys) {
      const s = state as KeySnapshot;
      const w = fresh(s.firstTs);
      if (s.rows.length) rowsOf(w).restoreRows(s.rows);
      Object.assign(w, { nextEnd: s.nextEnd, maxTs: s.maxTs, firstTs: s.firstTs, watermark: s.watermark });
      if (latenessMs > 0) {
        w.history = s.history.map((r) => Float64Array.from(r, (v) => (v === null ? NaN : v)));
        w.revisions = new Map(s.revisions);
      }
      keys.set(key, w);
    }
  }

  return {
    featureNames: layout.featureNames,
    supportsUpdate: latenessMs > 0,
    push,
    advance(key, watermark) {
      const w = keys.get(key);
      if (!w || perEvent) return NONE;
      return closeUpTo(key, w, watermark);
    },
    advanceAll(watermark) {
      if (perEvent) return NONE;
      const out: FeatureVector[] = [];
      for (const [key, w] of keys.entries()) out.push(...closeUpTo(key, w, watermark));
      return out;
    },
    late,
    flushKey(key) {
      const w = keys.get(key);
      if (!w || perEvent || size(w) === 0) return NONE;
      return closeUpTo(key, w, alignUp(w.rows!.newestTs() + sizeMs - 1));
    },
    evictIdle: (beforeTs) => keys.evictWhere((w) => Math.max(w.maxTs, w.watermark) < beforeTs),
    stats() {
      let bytes = 0;
      for (const [, w] of keys.entries()) bytes += 120 + (w.rows?.bytes() ?? 0) + (w.history?.length ?? 0) * (layout.fields.length + 1) * 8;
      return { keys: keys.size, evictions: keys.evictions, bytes, partialSkipped, full };
    },
    snapshot() {
      const out: WindowsSnapshot = { kind: 'time', keys: [] };
      const toRow = (r: Float64Array): Row => Array.from(r, (v) => (Number.isNaN(v) ? null : v));
      for (const [key, w] of keys.entries()) {
        const state: KeySnapshot = {
          nextEnd: w.nextEnd,
          maxTs: w.maxTs,
          firstTs: w.firstTs,
          watermark: w.watermark,
          rows: w.rows?.snapshotRows() ?? [],
          history: (w.history ?? []).map(toRow),
          revisions: [...(w.revisions ?? [])],
        };
        out.keys.push({ key, state });
      }
      return out;
    },
  };
}
