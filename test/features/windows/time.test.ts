/** Sliding windows: timelines for edge cases, a property test against brute force, op counts, snapshots. */

import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { AGGREGATE_NAMES, type AggregateName } from '../../../src/features/aggregates.ts';
import { Ring } from '../../../src/features/ring.ts';
import { createTimeWindows as createSlidingWindows, type TimeWindowSpec as SlidingWindowSpec } from '../../../src/features/windows/time.ts';
import type { FeatureVector } from '../../../src/features/vector.ts';

const ALL = AGGREGATE_NAMES;
const spec = (over: Partial<SlidingWindowSpec> = {}): SlidingWindowSpec => ({
  sizeMs: 10_000,
  everyMs: 5_000,
  fields: { x: [...ALL] },
  maxEventsPerKey: 1_000_000,
  maxKeys: 1_000_000,
  partial: 'emit',
  ...over,
});

test('timeline: windows end on multiples of every and close when a later event arrives', () => {
  //   0s    5s    10s   15s   20s
  //   a  b     c     d           e
  //   window ending 10s = [0s,10s) holds a b c; ending 15s = [5s,15s) holds c d
  const w = createSlidingWindows(spec());
  const push = (ts: number, x: number): FeatureVector[] => {
    const r = w.push('k', ts, { x });
    assert.ok(r.ok);
    return r.ok ? r.closed : [];
  };
  assert.equal(push(1000, 1), []); // a
  assert.equal(push(3000, 2), []); // b
  const at5 = push(6000, 3); // c passes 5s: window [-5s,5s) = a b
  assert.equal(at5.length, 1);
  assert.equal(at5[0]!.window, { start: -5000, end: 5000, count: 2 });
  assert.equal(at5[0]!.values.x_mean_10s, 1.5);
  const at10 = push(11_000, 4); // d passes 10s: [0s,10s) = a b c
  assert.equal(at10[0]!.window, { start: 0, end: 10_000, count: 3 });
  assert.equal(at10[0]!.values.x_max_10s, 3);
  assert.equal(at10[0]!.eventTime, 11_000);
  const at20 = push(21_000, 5); // e passes 15s and 20s: [5s,15s) = c d, [10s,20s) = d
  assert.equal(at20.map((v) => v.window), [
    { start: 5000, end: 15_000, count: 2 },
    { start: 10_000, end: 20_000, count: 1 },
  ]);
  assert.equal(at20[1]!.values.x_min_10s, 4);
  assert.equal(at20[1]!.values.x_std_10s, 0);
});

test('timeline: partial skip — no result for windows that start before the key was first seen', () => {
  //   0s    5s    10s   15s   20s
  //    a b     c     d     e          (a at 1s)
  //   [-5s,5s) and [0s,10s) start before a (warm-up): skipped; [5s,15s) is the first full window
  const w = createSlidingWindows(spec({ partial: 'skip' }));
  const ends: number[] = [];
  for (const ts of [1000, 3000, 6000, 11_000, 16_000]) {
    const r = w.push('k', ts, { x: 1 });
    if (r.ok) ends.push(...r.closed.map((v) => v.window.end));
  }
  assert.equal(ends, [15_000]);
  assert.is(w.stats().partialSkipped, 2);
});

test('timeline: hopping with an offset — windows end on k·hop + offset', () => {
  //   size=10s hop=5s offset=2s:  windows [−8s,2s) [−3s,7s) [2s,12s) [7s,17s) …
  //   events                       1s  3s  8s  13s
  const w = createSlidingWindows(spec({ offsetMs: 2000 }));
  const ends: Array<[number, number]> = [];
  for (const ts of [1000, 3000, 8000, 13_000]) {
    const r = w.push('k', ts, { x: ts / 1000 });
    if (r.ok) ends.push(...r.closed.map((v) => [v.window.end, v.values.x_count_10s!] as [number, number]));
  }
  assert.equal(ends, [[2000, 1], [7000, 2], [12_000, 2]]); // [−8s,2s) holds 1s; [−3s,7s) 1s 3s; [2s,12s) 3s 8s
});

test('timeline: sliding with emit: event — a result per event over (ts − size, ts]', () => {
  //   size=3s   events 0s 1s 2s 3s 5s      (partial: emit)
  //   results   {0}  {0,1} {0,1,2} {1,2,3} {3,5}
  const w = createSlidingWindows(spec({ sizeMs: 3000, emit: 'event' }));
  const counts: number[] = [];
  for (const ts of [0, 1000, 2000, 3000, 5000]) {
    const r = w.push('k', ts, { x: 1 });
    if (r.ok) counts.push(...r.closed.map((v) => v.window.count));
  }
  assert.equal(counts, [1, 2, 3, 3, 2]);
  assert.equal(w.advance('k', 1e9), [], 'per-event windows do not close on the watermark');
});

test('late update: a late event corrects the window it belongs to, with revision 1 and the same bounds', () => {
  //   size=10s every=5s, lateness 1m:  0s 6s 11s | late 4s → window [−5s,5s) and [0s,10s) corrected
  const w = createSlidingWindows(spec({ allowedLatenessMs: 60_000 }));
  for (const ts of [0, 6000, 11_000]) w.push('k', ts, { x: 1 });
  const r = w.late('k', 4000, { x: 100 });
  assert.ok(r.ok);
  if (!r.ok) return;
  assert.equal(r.corrected.map((v) => [v.window.start, v.window.end, v.window.count, v.values.x_max_10s, v.revision]), [
    [-5000, 5000, 2, 100, 1],
    [0, 10_000, 3, 100, 1],
  ]);
  // the next window [5s,15s) does not hold 4s
  const next = w.push('k', 15_000, { x: 1 });
  assert.ok(next.ok && next.closed[0]!.window.count === 2 && next.closed[0]!.values.x_max_10s === 1, '[5s,15s) holds 6s and 11s, not 4s');
});

test('late update: beyond allowed lateness the event is refused as too late', () => {
  const w = createSlidingWindows(spec({ allowedLatenessMs: 1000 }));
  for (const ts of [0, 6000, 30_000]) w.push('k', ts, { x: 1 });
  assert.equal(w.late('k', 4000, { x: 1 }), { ok: false, reason: 'too_late' });
});

test('property: with late update, the last revision of every window equals brute force over all its events', () => {
  fc.assert(
    fc.property(
      fc.array(fc.record({ ts: fc.integer({ min: 0, max: 60_000 }), x: fc.double({ min: -1e3, max: 1e3, noNaN: true }) }), { maxLength: 80 }),
      (events) => {
        const s = spec({ allowedLatenessMs: 1e12, fields: { x: ['count', 'mean', 'min', 'max'] } });
        const w = createSlidingWindows(s);
        const latest = new Map<number, FeatureVector>();
        let maxTs = -Infinity;
        for (const e of events) {
          const r = e.ts < maxTs ? w.late('k', e.ts, { x: e.x }) : w.push('k', e.ts, { x: e.x });
          maxTs = Math.max(maxTs, e.ts);
          const out = r.ok ? ('closed' in r ? r.closed : r.corrected) : [];
          for (const v of out) {
            const prev = latest.get(v.window.end);
            if (prev && (v.revision ?? 0) <= (prev.revision ?? 0)) return false; // revisions only grow
            latest.set(v.window.end, v);
          }
        }
        // brute force: every window ending at or before the key's max time that holds an event
        const sorted = [...events].sort((a, b) => a.ts - b.ts);
        if (!sorted.length) return latest.size === 0;
        for (let end = (Math.floor(sorted[0]!.ts / 5000) + 1) * 5000; end <= maxTs; end += 5000) {
          const inside = sorted.filter((e) => e.ts >= end - 10_000 && e.ts < end);
          const v = latest.get(end);
          if (!inside.length) {
            if (v) return false;
            continue;
          }
          if (!v || v.window.count !== inside.length) return false;
          const xs = inside.map((e) => e.x);
          const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
          if (Math.abs(v.values.x_mean_10s! - mean) > 1e-9 * Math.max(1, Math.abs(mean))) return false;
          if (v.values.x_min_10s !== Math.min(...xs) || v.values.x_max_10s !== Math.max(...xs)) return false;
        }
        return true;
      },
    ),
    { numRuns: Number(process.env.PROPERTY_RUNS ?? 300) },
  );
});

test('timeline: a long silence skips empty windows in one step', () => {
  const w = createSlidingWindows(spec());
  w.push('k', 1000, { x: 1 });
  const r = w.push('k', 10_000_000, { x: 2 });
  assert.ok(r.ok);
  if (r.ok) assert.equal(r.closed.map((v) => v.window.end), [5000, 10_000]);
});

test('an event at exactly the window end belongs to the next window', () => {
  const w = createSlidingWindows(spec({ sizeMs: 5000 }));
  w.push('k', 0, { x: 1 });
  const r = w.push('k', 5000, { x: 100 });
  assert.ok(r.ok);
  if (r.ok) assert.equal(r.closed[0]!.values.x_max_5s, 1);
});

test('out-of-order events and full windows are rejected with a reason', () => {
  const w = createSlidingWindows(spec({ maxEventsPerKey: 2 }));
  assert.ok(w.push('k', 1000, { x: 1 }).ok);
  assert.equal(w.push('k', 999, { x: 1 }), { ok: false, reason: 'out_of_order' });
  assert.ok(w.push('k', 1001, { x: 1 }).ok);
  assert.equal(w.push('k', 1002, { x: 1 }), { ok: false, reason: 'window_full' });
});

test('absent fields give NaN aggregates and count 0, without disturbing other fields', () => {
  const w = createSlidingWindows(spec({ fields: { x: ['count', 'mean'], y: ['count', 'mean', 'min'] } }));
  w.push('k', 0, { x: 1 });
  const r = w.push('k', 6000, { x: 2, y: 3 });
  assert.ok(r.ok);
  if (!r.ok) return;
  const v = r.closed[0]!.values;
  assert.equal(v.y_count_10s, 0);
  assert.ok(Number.isNaN(v.y_mean_10s!));
  assert.ok(Number.isNaN(v.y_min_10s!));
  assert.equal(v.x_mean_10s, 1);
});

test('a constant window reports std exactly 0 and its value exactly, even after a large value left', () => {
  const w = createSlidingWindows(spec({ sizeMs: 3000, everyMs: 1000 }));
  const rows: Array<[number, number]> = [[0, 8.815546079549582], [1000, 0.1], [2000, 0.1], [3000, 0.1], [4000, 0.1]];
  let last: FeatureVector | undefined;
  for (const [ts, x] of rows) {
    const r = w.push('k', ts, { x });
    if (r.ok && r.closed.length) last = r.closed.at(-1);
  }
  assert.equal(last?.window, { start: 1000, end: 4000, count: 3 });
  assert.is(last?.values.x_std_3s, 0);
  assert.is(last?.values.x_mean_3s, 0.1);
});

test('moments are recomputed exactly after an outlier leaves (no lingering residue)', () => {
  const w = createSlidingWindows(spec({ sizeMs: 10_000, everyMs: 1000 }));
  w.push('k', 0, { x: 1e9 });
  let last: FeatureVector | undefined;
  for (let i = 1; i <= 100; i++) {
    const r = w.push('k', i * 500, { x: i % 2 ? 1.5 : 2.5 });
    if (r.ok && r.closed.length) last = r.closed.at(-1);
  }
  // window [40s, 50s) holds 20 alternating values: mean 2, sample std sqrt(20/19)·0.5
  assert.is(last?.window.count, 20);
  assert.ok(Math.abs(last!.values.x_std_10s! - Math.sqrt(20 / 19) * 0.5) < 1e-12, String(last!.values.x_std_10s));
  assert.ok(Math.abs(last!.values.x_mean_10s! - 2) < 1e-12);
});

// ---- property test against a brute-force reference ----

interface In { key: string; ts: number; x: number | undefined }

/** Brute force: every window end E that a key's clock passed, over all accepted events of that key. */
function reference(events: In[], s: SlidingWindowSpec): Map<string, FeatureVector[]> {
  const skipPartial = s.partial === 'skip';
  const byKey = new Map<string, In[]>();
  const maxTs = new Map<string, number>();
  for (const e of events) {
    if (e.ts < (maxTs.get(e.key) ?? -Infinity)) continue; // rejected as out of order
    maxTs.set(e.key, e.ts);
    byKey.set(e.key, [...(byKey.get(e.key) ?? []), e]);
  }
  const out = new Map<string, FeatureVector[]>();
  for (const [key, list] of byKey) {
    const vectors: FeatureVector[] = [];
    const first = list[0]!.ts;
    const last = list[list.length - 1]!.ts;
    for (let end = (Math.floor(first / s.everyMs) + 1) * s.everyMs; end <= last; end += s.everyMs) {
      const inside = list.filter((e) => e.ts >= end - s.sizeMs && e.ts < end);
      if (inside.length === 0) continue;
      if (skipPartial && end - s.sizeMs < first) continue;
      const closer = list.find((e) => e.ts >= end)!;
      const xs = inside.map((e) => e.x).filter((x): x is number => x !== undefined);
      const n = xs.length;
      const mean = n ? xs.reduce((a, b) => a + b, 0) / n : NaN;
      const variance = n < 2 ? 0 : xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1);
      const history = list.filter((e) => e.ts < end && e.x !== undefined).map((e) => Math.abs(e.x!));
      const values: Record<string, number> = {
        // not a feature: the scale of values this key has seen, for the std tolerance below
        __scale: Math.max(0, ...history),
        x_count_10s: n,
        x_mean_10s: mean,
        x_std_10s: n ? Math.sqrt(variance) : NaN,
        x_min_10s: n ? Math.min(...xs) : NaN,
        x_max_10s: n ? Math.max(...xs) : NaN,
        x_last_10s: n ? xs[n - 1]! : NaN,
      };
      vectors.push({ key, window: { start: end - s.sizeMs, end, count: inside.length }, values, eventTime: closer.ts });
    }
    out.set(key, vectors);
  }
  return out;
}

const close = (a: number, b: number, absTol = 0): boolean =>
  (Number.isNaN(a) && Number.isNaN(b)) || Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b)) + absTol;

function sameVectors(actual: FeatureVector[], expected: FeatureVector[]): boolean {
  if (actual.length !== expected.length) return false;
  return actual.every((a, i) => {
    const e = expected[i]!;
    if (a.key !== e.key || a.eventTime !== e.eventTime) return false;
    if (JSON.stringify(a.window) !== JSON.stringify(e.window)) return false;
    // Removal leaves a residue of ~ε·x² in m2 until the next exact refresh, so std is within
    // ~1e-7 × the largest |x| recently seen; everything else within 1e-9 relative.
    const scale = e.values.__scale ?? 0;
    return Object.keys(e.values).every(
      (k) => k === '__scale' || close(a.values[k]!, e.values[k]!, k.includes('_std_') ? 1e-7 * scale : k.includes('_var_') ? 1e-14 * scale * scale : 0),
    );
  });
}

const eventsArb = fc.array(
  fc.record({
    key: fc.constantFrom('a', 'b', 'c'),
    dt: fc.oneof(fc.integer({ min: 0, max: 3000 }), fc.integer({ min: -2000, max: 40_000 })),
    x: fc.option(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { nil: undefined }),
  }),
  { maxLength: 200 },
);

function toEvents(raw: Array<{ key: string; dt: number; x: number | undefined }>): In[] {
  let t = 1_000_000;
  return raw.map((r) => {
    t = Math.max(0, t + r.dt);
    return { key: r.key, ts: t, x: r.x };
  });
}

function run(events: In[], s: SlidingWindowSpec, w = createSlidingWindows(s)): Map<string, FeatureVector[]> {
  const out = new Map<string, FeatureVector[]>();
  for (const e of events) {
    const r = w.push(e.key, e.ts, e.x === undefined ? {} : { x: e.x });
    if (r.ok) out.set(e.key, [...(out.get(e.key) ?? []), ...r.closed]);
  }
  return out;
}

test('property: every emitted window equals a brute-force recompute (random, out-of-order, gappy streams)', () => {
  fc.assert(
    fc.property(eventsArb, fc.constantFrom<'skip' | 'emit'>('skip', 'emit'), (raw, partial) => {
      const s = spec({ fields: { x: ['count', 'mean', 'std', 'min', 'max', 'last'] as AggregateName[] }, partial });
      const events = toEvents(raw);
      const actual = run(events, s);
      const expected = reference(events, s);
      for (const [key, vectors] of expected) {
        if (!sameVectors(actual.get(key) ?? [], vectors)) return false;
      }
      return [...actual.values()].flat().length === [...expected.values()].flat().length;
    }),
    { numRuns: Number(process.env.PROPERTY_RUNS ?? 300) },
  );
});

test('property: snapshot → JSON → restore mid-stream continues exactly like the uninterrupted run', () => {
  fc.assert(
    fc.property(eventsArb, fc.nat(), fc.constantFrom<'skip' | 'emit'>('skip', 'emit'), (raw, cut, partial) => {
      const s = spec({ partial });
      const events = toEvents(raw);
      const at = events.length ? cut % events.length : 0;
      const straight = createSlidingWindows(s);
      run(events.slice(0, at), s, straight);
      const tailStraight = run(events.slice(at), s, straight);
      const before = createSlidingWindows(s);
      run(events.slice(0, at), s, before);
      const restored = createSlidingWindows(s, JSON.parse(JSON.stringify(before.snapshot())));
      const tailRestored = run(events.slice(at), s, restored);
      return [...tailStraight].every(([k, v]) => sameVectors(tailRestored.get(k) ?? [], v));
    }),
    { numRuns: Number(process.env.PROPERTY_RUNS ?? 200) },
  );
});

// ---- complexity: count reads of stored rows, not seconds ----

function readsPerEvent(windowEvents: number): number {
  const original = Ring.prototype.get;
  let reads = 0;
  Ring.prototype.get = function (this: Ring, seq: number, col: number) {
    reads++;
    return original.call(this, seq, col);
  };
  try {
    // one event per ms, window of `windowEvents` ms, a vector every 10 ms
    const w = createSlidingWindows(spec({ sizeMs: windowEvents, everyMs: 10 }));
    const n = 20_000;
    let x = 0;
    for (let i = 0; i < n; i++) {
      x = (x * 1103515245 + 12345) % 2147483648; // varied values so deques do real work
      w.push('k', i, { x });
    }
    return reads / n;
  } finally {
    Ring.prototype.get = original;
  }
}

test('O(1) amortized per event: reads of stored rows do not grow with the window length', () => {
  const small = readsPerEvent(100);
  const large = readsPerEvent(10_000);
  assert.ok(small < 20, `reads per event with a 100-event window: ${small}`);
  assert.ok(large < small * 1.5 + 1, `reads per event: ${small} (100-event window) vs ${large} (10k-event window)`);
});

test('bounded memory: key count is capped with LRU eviction, and an idle key shrinks its buffer', () => {
  const w = createSlidingWindows(spec({ maxKeys: 100, sizeMs: 1000, everyMs: 1000 }));
  for (let i = 0; i < 1000; i++) w.push(`k${i}`, 1, { x: 1 });
  assert.equal(w.stats().keys, 100);
  assert.equal(w.stats().evictions, 900);

  const one = createSlidingWindows(spec({ sizeMs: 1000, everyMs: 1000 }));
  for (let i = 0; i < 5000; i++) one.push('k', i / 10, { x: i }); // 5000 rows in one window: buffer grows
  const grown = one.stats().bytes;
  one.push('k', 100_000, { x: 1 }); // everything expires
  one.push('k', 101_000, { x: 1 });
  for (let i = 0; i < 12; i++) one.push('k', 102_000 + i * 1000, { x: 1 });
  assert.ok(one.stats().bytes < grown / 10, `bytes after going quiet: ${one.stats().bytes} (was ${grown})`);
  assert.ok(one.stats().bytes <= 1024, `idle key holds ${one.stats().bytes} bytes`);
});

test.run();
