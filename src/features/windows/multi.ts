/**
 * Several time windows over one stream (`windows: [30s, 5m]`), merged into one feature vector per
 * window end. They share a step and offset (checked in config), so they close at the same
 * instants; the longest is primary: a result exists when it has one, and a shorter window that was
 * empty at that end contributes NaN (absent) features.
 */

import type { EventValue } from '../../stream/event.ts';
import type { FeatureVector } from '../vector.ts';
import type { KeyedWindows, PushResult, WindowsSnapshot } from './types.ts';

export function createMultiWindows(parts: KeyedWindows[], restore?: WindowsSnapshot): KeyedWindows {
  if (parts.length < 2) throw new RangeError('multi windows need at least two windows');
  const [primary, ...others] = parts as [KeyedWindows, ...KeyedWindows[]];
  const absent: Record<string, number>[] = others.map((w) => Object.fromEntries(w.featureNames.map((n) => [n, NaN])));
  if (restore) throw new RangeError('restore multi windows through createWindows');

  /** Merges the results of one call on every part, matched by key and window end. */
  function merge(results: FeatureVector[][]): FeatureVector[] {
    const [main, ...rest] = results as [FeatureVector[], ...FeatureVector[][]];
    if (main.length === 0) return main;
    return main.map((v) => {
      const values = { ...v.values };
      rest.forEach((list, i) => {
        const match = list.find((o) => o.key === v.key && o.window.end === v.window.end);
        Object.assign(values, match ? match.values : absent[i]);
      });
      return { ...v, values };
    });
  }

  return {
    featureNames: parts.flatMap((w) => w.featureNames),
    supportsUpdate: false,
    push(key: string, ts: number, values: Record<string, EventValue>): PushResult {
      const results: FeatureVector[][] = [];
      for (const w of parts) {
        const r = w.push(key, ts, values);
        if (!r.ok) return r; // parts see the same events, so they refuse together (same limits)
        results.push(r.closed);
      }
      return { ok: true, closed: merge(results) };
    },
    advance: (key, watermark) => merge(parts.map((w) => w.advance(key, watermark))),
    advanceAll: (watermark) => merge(parts.map((w) => w.advanceAll(watermark))),
    late: () => ({ ok: false, reason: 'unsupported' }),
    flushKey: (key) => merge(parts.map((w) => w.flushKey(key))),
    evictIdle: (beforeTs) => Math.max(...parts.map((w) => w.evictIdle(beforeTs))),
    stats() {
      const all = parts.map((w) => w.stats());
      return {
        keys: all[0]!.keys,
        evictions: all[0]!.evictions,
        bytes: all.reduce((a, s) => a + s.bytes, 0),
        partialSkipped: all[0]!.partialSkipped,
        full: all[0]!.full,
      };
    },
    snapshot: () => ({ kind: 'multi', keys: parts.map((w, i) => ({ key: String(i), state: w.snapshot() })) }),
  };
}
