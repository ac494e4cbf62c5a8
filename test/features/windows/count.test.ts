/** Count windows: last N events, every k events; brute-force property; snapshots. */

import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createCountWindows, type CountWindowSpec } from '../../../src/features/windows/count.ts';
import type { FeatureVector } from '../../../src/features/vector.ts';

const spec = (over: Partial<CountWindowSpec>): CountWindowSpec => ({
  size: 3, every: 1, fields: { x: ['count', 'mean', 'min', 'max', 'last'] }, maxEventsPerKey: 1e6, maxKeys: 1e6, ...over,
});

function run(s: CountWindowSpec, xs: number[]): FeatureVector[] {
  const w = createCountWindows(s);
  return xs.flatMap((x, i) => {
    const r = w.push('k', i * 10, { x });
    return r.ok ? r.closed : [];
  });
}

test('timeline: last 3 events, a result per event once 3 are in', () => {
  //   events      1  2  3  4  5
  //   windows           [1 2 3]
  //                        [2 3 4]
  //                           [3 4 5]
  const out = run(spec({}), [1, 2, 3, 4, 5]);
  assert.equal(out.map((v) => v.values.x_mean_3ev), [2, 3, 4]);
  assert.equal(out[0]!.window, { start: 0, end: 21, count: 3 });
});

test('timeline: batches of 3 (every = size) are tumbling', () => {
  const out = run(spec({ every: 3 }), [1, 2, 3, 4, 5, 6, 7]);
  assert.equal(out.map((v) => v.values.x_max_3ev), [3, 6]);
});

test('partial emit gives results before the window is full; flushKey emits the pending batch', () => {
  assert.equal(run(spec({ partial: 'emit' }), [4, 8]).map((v) => v.values.x_mean_3ev), [4, 6]);
  const w = createCountWindows(spec({ every: 3 }));
  [1, 2, 3, 4].forEach((x, i) => w.push('k', i, { x }));
  assert.equal(w.flushKey('k').map((v) => v.values.x_last_3ev), [4]);
});

test('property: every result equals a brute-force recompute over the last `size` events', () => {
  fc.assert(
    fc.property(
      fc.array(fc.option(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { nil: undefined }), { maxLength: 120 }),
      fc.integer({ min: 1, max: 12 }),
      fc.integer({ min: 1, max: 12 }),
      (xs, size, everyRaw) => {
        const every = Math.min(size, everyRaw);
        const w = createCountWindows(spec({ size, every }));
        const got: FeatureVector[] = [];
        xs.forEach((x, i) => {
          const r = w.push('k', i, x === undefined ? {} : { x });
          if (r.ok) got.push(...r.closed);
        });
        const expected: number[][] = [];
        for (let i = 0; i < xs.length; i++) {
          if ((i + 1) % every !== 0 || i + 1 < size) continue;
          const present = xs.slice(i + 1 - size, i + 1).filter((x): x is number => x !== undefined);
          const n = present.length;
          expected.push([n, n ? present.reduce((a, b) => a + b, 0) / n : NaN, n ? Math.min(...present) : NaN, n ? Math.max(...present) : NaN, n ? present[n - 1]! : NaN]);
        }
        const names = ['count', 'mean', 'min', 'max', 'last'].map((a) => `x_${a}_${size}ev`);
        return (
          got.length === expected.length &&
          got.every((v, i) => names.every((name, j) => {
            const a = v.values[name]!;
            const e = expected[i]![j]!;
            return (Number.isNaN(a) && Number.isNaN(e)) || Math.abs(a - e) <= 1e-9 * Math.max(1, Math.abs(e));
          }))
        );
      },
    ),
    { numRuns: Number(process.env.PROPERTY_RUNS ?? 200) },
  );
});

test('snapshot → JSON → restore continues the same', () => {
  const a = createCountWindows(spec({ every: 2 }));
  [1, 2, 3].forEach((x, i) => a.push('k', i, { x }));
  const b = createCountWindows(spec({ every: 2 }), JSON.parse(JSON.stringify(a.snapshot())));
  assert.equal(b.push('k', 9, { x: 9 }), a.push('k', 9, { x: 9 }));
});

test.run();
