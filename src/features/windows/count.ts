/**
 * Count windows per key: the last `size` events, emitted every `every` events (every = 1: a
 * sliding result per event; every = size: batches of `size`, tumbling). Closing depends on event
 * counts, not on time, so watermarks do not close them; `flushKey` emits a partial batch.
 */

import type { EventValue } from '../../stream/event.ts';
import { KeyedState } from '../keyed.ts';
import type { FeatureVector } from '../vector.ts';
import { compileLayout, keyedBytes, KeyRows, restoreKeyed, snapshotKeyed } from './rows.ts';
import type { CommonWindowLimits, KeyedWindows, PushResult, WindowsSnapshot } from './types.ts';

export interface CountWindowSpec extends CommonWindowLimits {
  size: number;
  every: number;
  fields: Record<string, string[]>;
  /** `skip` (default): no result until the key has `size` events. */
  partial?: 'skip' | 'emit';
}

interface KeyState {
  rows: KeyRows;
  /** Events since the last result. */
  since: number;
  /** Sequence number of the key's next event (windows are identified by their last event's number). */
  seq: number;
  maxTs: number;
}

const NONE: FeatureVector[] = [];

export function createCountWindows(spec: CountWindowSpec, restore?: WindowsSnapshot): KeyedWindows {
  const { size, every } = spec;
  const skipPartial = (spec.partial ?? 'skip') === 'skip';
  const layout = compileLayout(spec.fields, `${size}ev`);
  const keys = new KeyedState<KeyState>(spec.maxKeys);
  let partialSkipped = 0;

  function result(key: string, w: KeyState): FeatureVector {
    // Half-open bounds in event time: [oldest ts, newest ts + 1).
    return { key, window: { start: w.rows.oldestTs(), end: w.rows.newestTs() + 1, count: w.rows.size }, values: w.rows.values(), eventTime: w.maxTs };
  }

  function push(key: string, ts: number, values: Record<string, EventValue>): PushResult {
    let w = keys.get(key);
    if (!w) {
      w = { rows: new KeyRows(layout), since: 0, seq: 0, maxTs: -Infinity };
      keys.set(key, w);
    } else if (ts < w.maxTs) {
      return { ok: false, reason: 'out_of_order' };
    }
    if (w.rows.size === size) w.rows.dropOldest(); // FIFO removal keeps every stat incremental
    w.rows.append(ts, values);
    w.maxTs = ts;
    w.seq++;
    w.since++;
    if (w.since < every) return { ok: true, closed: NONE };
    w.since = 0;
    if (skipPartial && w.rows.size < size) {
      partialSkipped++;
      return { ok: true, closed: NONE };
    }
    return { ok: true, closed: [result(key, w)] };
  }

  if (restore) restoreKeyed(layout, restore, keys);

  return {
    featureNames: layout.featureNames,
    supportsUpdate: false,
    push,
    advance: () => NONE,
    advanceAll: () => NONE,
    late: () => ({ ok: false, reason: 'unsupported' }),
    flushKey(key) {
      const w = keys.get(key);
      if (!w || w.since === 0 || w.rows.size === 0) return NONE;
      w.since = 0;
      return [result(key, w)];
    },
    evictIdle: (beforeTs) => keys.evictWhere((w) => w.maxTs < beforeTs),
    stats() {
      return { keys: keys.size, evictions: keys.evictions, bytes: keyedBytes(keys), partialSkipped, full: 0 };
    },
    snapshot: () => snapshotKeyed('count', keys),
  };
}
