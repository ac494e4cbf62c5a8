/** mode, mode_count, top<k>_share (exact) and mode_ss (space-saving) against brute-force counting. */

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SPACE_SAVING_K } from '../../../src/features/stats/frequency.ts';
import { assertMatchesReference, Driven, workPerEvent, type Row } from './harness.ts';

/** Counts sorted by (count desc, value asc). */
function ranked(rows: Row[]): Array<[number, number]> {
  const counts = new Map<number, number>();
  for (const { x } of rows) counts.set(x, (counts.get(x) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
}

const share = (r: Array<[number, number]>, n: number, k: number): number => (n ? r.slice(0, k).reduce((a, [, c]) => a + c, 0) / n : NaN);

test('property: mode (ties → smallest), mode_count, top1/top3_share, and mode_ss equal brute-force counts', () => {
  assertMatchesReference({
    names: ['mode', 'mode_count', 'top1_share', 'top3_share', 'mode_ss', 'mode_ss_count'],
    reference: (rows) => {
      const r = ranked(rows);
      const n = rows.length;
      const [mode, count] = r[0] ?? [NaN, 0];
      // windows here hold ≤ 64 distinct values: space-saving is exact
      return [mode, count, share(r, n, 1), share(r, n, 3), mode, count];
    },
    tolerance: () => 0,
  }, { maxLength: 64 }); // ≤ 64 adds: the window never holds more distinct values than mode_ss has counters
});

test('ties go to the smallest value, whatever the arrival order', () => {
  const a = new Driven(['mode', 'mode_ss']);
  const b = new Driven(['mode', 'mode_ss']);
  [3, 1, 2, 1, 3].forEach((x, i) => a.push(x, i));
  [1, 3, 3, 1, 2].forEach((x, i) => b.push(x, i));
  assert.equal(a.read(), [1, 1]);
  assert.equal(b.read(), [1, 1]);
});

/** Zipf(1.1)-ish values over 5,000 distinct, from a fixed LCG. */
function zipf(seed: number): () => number {
  const weights: number[] = [];
  for (let i = 1; i <= 5000; i++) weights.push(1 / i ** 1.1);
  const total = weights.reduce((a, b) => a + b, 0);
  const cdf: number[] = [];
  weights.reduce((a, w, i) => (cdf[i] = a + w / total), 0);
  return () => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    const u = seed / 2 ** 32;
    let lo = 0;
    let hi = cdf.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid]! < u) lo = mid + 1;
      else hi = mid;
    }
    return lo * 0.25;
  };
}

test(`space-saving bound: tumbling (add-only), N = 100k over 5k distinct — mode found, count over-estimate ≤ N/${SPACE_SAVING_K}`, () => {
  const next = zipf(7);
  const d = new Driven(['mode', 'mode_count', 'mode_ss', 'mode_ss_count']);
  for (let i = 0; i < 100_000; i++) d.push(next(), i);
  const [mode, count, ss, ssCount] = d.read() as [number, number, number, number];
  assert.is(ss, mode);
  assert.ok(ssCount >= count && ssCount - count <= 100_000 / SPACE_SAVING_K, `${ssCount} vs ${count}`);
});

test(`space-saving bound sliding: 10k-value window over 5k distinct — over-estimate ≤ 2n/${SPACE_SAVING_K}`, () => {
  const next = zipf(11);
  const d = new Driven(['mode', 'mode_count', 'mode_ss', 'mode_ss_count']);
  for (let i = 0; i < 60_000; i++) {
    d.push(next(), i);
    if (d.view.size > 10_000) d.shift();
    if (i % 5000 === 4999) {
      const [mode, count, ss, ssCount] = d.read() as [number, number, number, number];
      assert.is(ss, mode);
      assert.ok(ssCount >= count && ssCount - count <= (2 * 10_000) / SPACE_SAVING_K, `${ssCount} vs ${count}`);
    }
  }
});

test('O(log n): heap comparisons per event grow with log(distinct), not distinct', () => {
  const work = (windowSize: number): number =>
    workPerEvent(['mode', 'mode_count', 'top3_share'], { windowSize, work: (d) => (d.stats[0] as unknown as { heap: { comparisons: number } }).heap.comparisons });
  const small = work(100);
  const large = work(10_000);
  assert.ok(large <= small * 2.5, `${small} vs ${large}`);
});

test('mode_ss: O(log k) per event and ~1 row read per event (the once-a-window recompute), whatever the window', () => {
  const work = (windowSize: number): number =>
    workPerEvent(['mode_ss'], { windowSize, work: (d) => (d.stats[0] as unknown as { summary: { comparisons: number } }).summary.comparisons });
  const small = work(100);
  const large = work(10_000);
  assert.ok(large <= small * 1.5 && large < 2 * Math.log2(SPACE_SAVING_K) + 2, `${small} vs ${large}`);
});

test.run();
