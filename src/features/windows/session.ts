/**
 * Session windows per key: a session grows while events come less than `gap` apart and closes
 * when the key's watermark passes its last event + gap, or when it reaches `maxDuration` (then a
 * new session starts). Stats only grow within a session (no removal); it is cleared on close.
 *
 *   gap=5s        0s  2s  4s        12s 13s        watermark 18s
 *   events        a   b   c         d   e
 *   sessions      [a ······ c]      [d · e]        first closes at 9s (4s + gap), second at 18s
 */

import type { EventValue } from '../../stream/event.ts';
import { formatDuration } from '../../config/duration.ts';
import { KeyedState } from '../keyed.ts';
import type { FeatureVector } from '../vector.ts';
import { compileLayout, keyedBytes, KeyRows, restoreKeyed, snapshotKeyed } from './rows.ts';
import type { CommonWindowLimits, KeyedWindows, PushResult, WindowsSnapshot } from './types.ts';

export interface SessionWindowSpec extends CommonWindowLimits {
  gapMs: number;
  /** A session longer than this is closed and a new one starts; undefined = unbounded. */
  maxDurationMs?: number;
  fields: Record<string, string[]>;
}

interface KeyState {
  rows: KeyRows;
  maxTs: number;
}

const NONE: FeatureVector[] = [];

export function createSessionWindows(spec: SessionWindowSpec, restore?: WindowsSnapshot): KeyedWindows {
  const { gapMs, maxEventsPerKey } = spec;
  const maxMs = spec.maxDurationMs ?? Infinity;
  const layout = compileLayout(spec.fields, `session${formatDuration(gapMs)}`);
  const keys = new KeyedState<KeyState>(spec.maxKeys);
  let full = 0;

  function close(key: string, w: KeyState): FeatureVector[] {
    if (w.rows.size === 0) return NONE;
    // [first event, last event + gap): the session is known complete at its end.
    const v: FeatureVector = {
      key,
      window: { start: w.rows.oldestTs(), end: w.rows.newestTs() + gapMs, count: w.rows.size },
      values: w.rows.values(),
      eventTime: w.maxTs,
    };
    w.rows.clear();
    return [v];
  }

  function push(key: string, ts: number, values: Record<string, EventValue>): PushResult {
    let w = keys.get(key);
    if (!w) {
      w = { rows: new KeyRows(layout), maxTs: -Infinity };
      keys.set(key, w);
    } else if (ts < w.maxTs) {
      return { ok: false, reason: 'out_of_order' };
    }
    let closed = NONE;
    if (w.rows.size > 0 && (ts >= w.rows.newestTs() + gapMs || ts - w.rows.oldestTs() >= maxMs)) closed = close(key, w);
    if (w.rows.size >= maxEventsPerKey) {
      full++;
      return { ok: false, reason: 'window_full' };
    }
    w.rows.append(ts, values);
    w.maxTs = ts;
    return { ok: true, closed };
  }

  if (restore) restoreKeyed(layout, restore, keys);

  return {
    featureNames: layout.featureNames,
    supportsUpdate: false,
    push,
    advance(key, watermark) {
      const w = keys.get(key);
      if (!w || w.rows.size === 0 || watermark < w.rows.newestTs() + gapMs) return NONE;
      return close(key, w);
    },
    advanceAll(watermark) {
      const out: FeatureVector[] = [];
      for (const [key, w] of keys.entries()) if (w.rows.size > 0 && watermark >= w.rows.newestTs() + gapMs) out.push(...close(key, w));
      return out;
    },
    late: () => ({ ok: false, reason: 'unsupported' }),
    flushKey(key) {
      const w = keys.get(key);
      return w ? close(key, w) : NONE;
    },
    evictIdle: (beforeTs) => keys.evictWhere((w) => w.maxTs < beforeTs),
    stats() {
      return { keys: keys.size, evictions: keys.evictions, bytes: keyedBytes(keys), partialSkipped: 0, full };
    },
    snapshot: () => snapshotKeyed('session', keys),
  };
}
