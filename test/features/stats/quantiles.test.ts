/** median, p<q> (exact, order-statistics tree) and their DDSketch variants against a sort-based reference. */

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { resolveAggregate } from '../../../src/features/aggregates.ts';
import { SKETCH_ALPHA } from '../../../src/features/stats/quantiles.ts';
import { assertMatchesReference, Driven, workPerEvent, type Row } from './harness.ts';

/** numpy.quantile(method='linear') written out: sort, h = (n − 1)q, numpy's two-sided lerp. */
function typeSeven(sorted: number[], q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * q;
  const i = Math.floor(h);
  const t = h - i;
  const a = sorted[i]!;
  if (t === 0) return a;
  const b = sorted[i + 1]!;
  return t < 0.5 ? a + (b - a) * t : b - (b - a) * (1 - t);
}

const sortedOf = (rows: Row[]): number[] => rows.map((r) => r.x).sort((a, b) => a - b);
const QS = [0.5, 0.01, 0.25, 0.95, 0.99, 0.999];

test('property: median, p1, p25, p95, p99, p999 equal numpy-style linear quantiles of the sorted values', () => {
  assertMatchesReference({
    names: ['median', 'p1', 'p25', 'p95', 'p99', 'p999'],
    reference: (rows) => QS.map((q) => typeSeven(sortedOf(rows), q)),
    tolerance: () => 0, // the same order statistics and the same lerp: exact
  });
});

test('property: the _sketch variants are within α = 1% of the exact order statistics they interpolate', () => {
  const names = ['median_sketch', 'p1_sketch', 'p25_sketch', 'p95_sketch', 'p99_sketch', 'p999_sketch'];
  assertMatchesReference({
    names,
    reference: (rows) => QS.map((q) => typeSeven(sortedOf(rows), q)),
    // DDSketch returns each order statistic within relative α (a value's bucket spans ±α around
    // its representative); the lerp of two such estimates is within α·max(|x_lo|, |x_hi|) of the
    // lerp of the true values. 1e-9 covers log() rounding at a bucket boundary; 1e-300 the values
    // below MIN_INDEXABLE that count as 0.
    tolerance: (i, _e, ctx) => {
      const s = sortedOf(ctx.present);
      const h = (s.length - 1) * QS[i]!;
      const lo = s[Math.floor(h)] ?? 0;
      const hi = s[Math.min(s.length - 1, Math.floor(h) + 1)] ?? 0;
      return SKETCH_ALPHA * (1 + 1e-9) * Math.max(Math.abs(lo), Math.abs(hi)) + 1e-300;
    },
  });
});

test('error bound on large sliding windows: lognormal and mixed-sign data, 10k-value window, every 5k events', () => {
  let seed = 42;
  const rand = (): number => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) + 0.5) / 2 ** 32;
  const gauss = (): number => Math.sqrt(-2 * Math.log(rand())) * Math.cos(2 * Math.PI * rand());
  for (const gen of [() => Math.exp(2 * gauss()), () => 100 * gauss()]) {
    const d = new Driven(['p50_sketch', 'p95_sketch', 'p99_sketch']);
    let worst = 0;
    for (let i = 0; i < 60_000; i++) {
      d.push(gen(), i);
      if (d.view.size > 10_000) d.shift();
      if (i % 5000 === 4999) {
        const s = sortedOf(d.present());
        d.read().forEach((est, j) => {
          const exact = typeSeven(s, [0.5, 0.95, 0.99][j]!);
          const h = (s.length - 1) * [0.5, 0.95, 0.99][j]!;
          const scale = Math.max(Math.abs(s[Math.floor(h)]!), Math.abs(s[Math.floor(h) + 1]!));
          worst = Math.max(worst, Math.abs(est - exact) / scale);
        });
      }
    }
    assert.ok(worst <= SKETCH_ALPHA * (1 + 1e-9), `worst relative error ${worst}`);
  }
});

test('names: p50 is the median; p999 is 0.999; malformed names do not resolve', () => {
  const d = new Driven(['p50', 'median', 'p999', 'p9999']);
  for (let i = 0; i < 10_000; i++) d.push(i, i);
  assert.equal(d.read(), [4999.5, 4999.5, 9989.001, 9998.0001]);
  for (const bad of ['p0', 'p100', 'p05', 'p1000', 'p99.9', 'p', 'p95_sketches']) assert.is(resolveAggregate(bad), undefined, bad);
  assert.is(resolveAggregate('p95')!.stat, resolveAggregate('median')!.stat); // one tree per field
});

test('O(log n): tree nodes visited per event grow with log n, not n (100 → 10,000 values)', () => {
  const visits = (windowSize: number): number =>
    workPerEvent(['median', 'p95'], { windowSize, work: (d) => (d.stats[0] as unknown as { tree: { visits: number } }).tree.visits });
  const small = visits(100);
  const large = visits(10_000);
  // log2 grows 6.6 → 13.3 (×2); a linear structure would grow ×100
  assert.ok(large <= small * 2.5, `${small} vs ${large} visits per event`);
});

test('sketch: O(1) per event, no rows read', () => {
  assert.is(workPerEvent(['p95_sketch'], { windowSize: 100 }), 0);
  assert.is(workPerEvent(['p95_sketch'], { windowSize: 10_000 }), 0);
});

test.run();
