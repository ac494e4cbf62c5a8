/** skew, kurt: shifted power sums with removal against a two-pass reference (pandas' definitions). */

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { assertMatchesReference, Driven, EPS, workPerEvent, type Row } from './harness.ts';

/** Two-pass central moments and pandas' G1 / G2. */
function shape(rows: Row[]): { skew: number; kurt: number; constant: boolean; cond: (historyMax: number) => number } {
  // values scaled by a power of two (exact) so the largest is ~1: a mean of subnormals does not round away
  const top = Math.max(...rows.map((r) => Math.abs(r.x)));
  const e = top > 0 ? Math.floor(Math.log2(top)) : 0;
  const half = Math.trunc(e / 2);
  const xs = rows.map((r) => r.x * 2 ** -half * 2 ** -(e - half));
  const n = xs.length;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  // deviations divided by the largest one (skew and kurt do not depend on scale): no under/overflow in d⁴
  const spread = Math.max(...xs.map((x) => Math.abs(x - mean))) || 1;
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  for (const x of xs) {
    const d = (x - mean) / spread;
    m2 += d * d;
    m3 += d * d * d;
    m4 += d * d * d * d;
  }
  const constant = xs.every((x) => x === xs[0]);
  const skew = n < 3 ? NaN : constant ? 0 : ((Math.sqrt(n * (n - 1)) / (n - 2)) * (m3 / n)) / Math.pow(m2 / n, 1.5);
  const kurt = n < 4 ? NaN : constant ? -3 : ((n * n - 1) * (m4 / n / (m2 / n) ** 2) - 3 * (n - 1) ** 2) / ((n - 2) * (n - 3));
  // (|x̄| + historyMax)/σ in the scaled domain
  const cond = (historyMax: number): number => (Math.abs(mean) + historyMax * 2 ** -half * 2 ** -(e - half)) / (spread * Math.sqrt(m2 / n));
  return { skew, kurt, constant, cond };
}

test('property: skew and kurt equal a two-pass computation', () => {
  assertMatchesReference({
    names: ['skew', 'kurt'],
    reference: (rows) => {
      const s = shape(rows);
      return [s.skew, s.kurt];
    },
    tolerance: (i, e, ctx) => {
      // Conditioning: deviations x − x̄ carry ~ε·|x| of absolute error on either side, so G1 and G2
      // are known to ~ε·(|x|/σ) relative per power (c). Removal residue (values up to historyMax
      // left within the last window) enters the same way. Both are far below 1e-9 unless the
      // window is nearly constant relative to its magnitude.
      const { constant, cond } = shape(ctx.present);
      if (constant) return 0; // exactly 0 and −3
      const c = cond(ctx.historyMax);
      return 1e-9 * Math.max(1, Math.abs(e)) + 64 * EPS * Math.max(1, Math.abs(e)) * c ** (i === 0 ? 3 : 4);
    },
  });
});

test('a constant window: skew 0, kurt −3 (pandas rolling); NaN below 3 / 4 values', () => {
  const d = new Driven(['skew', 'kurt']);
  d.push(0.1, 0);
  d.push(0.1, 1);
  assert.equal(d.read(), [NaN, NaN]);
  d.push(0.1, 2);
  assert.equal(d.read(), [0, NaN]);
  d.push(0.1, 3);
  assert.equal(d.read(), [0, -3]);
});

test('known values: 1, 2, 3, 4, 10 has G1 = 1.69706 and G2 = 3.152 (textbook G1, G2)', () => {
  const d = new Driven(['skew', 'kurt']);
  for (const [i, x] of [1, 2, 3, 4, 10].entries()) d.push(x, i);
  const [skew, kurt] = d.read() as [number, number];
  const ref = shape(d.present());
  assert.ok(Math.abs(skew - ref.skew) < 1e-13 && Math.abs(skew - 1.6970562748477143) < 1e-13, String(skew));
  assert.ok(Math.abs(kurt - ref.kurt) < 1e-13 && Math.abs(kurt - 3.152) < 1e-13, String(kurt));
});

test('after a 1e9 outlier leaves, small values are measured precisely (re-centring + recompute)', () => {
  const d = new Driven(['skew', 'kurt']);
  d.push(1e9, 0);
  for (let i = 1; i <= 200; i++) {
    d.push((i % 7) * 0.001, i);
    if (d.view.size > 50) d.shift();
  }
  const ref = shape(d.present());
  const [skew, kurt] = d.read() as [number, number];
  assert.ok(Math.abs(skew - ref.skew) < 1e-12 && Math.abs(kurt - ref.kurt) < 1e-12, `${skew} ${kurt} vs ${ref.skew} ${ref.kurt}`);
});

test('O(1) amortized: rows read per event do not grow with the window', () => {
  const small = workPerEvent(['skew', 'kurt'], { windowSize: 100 });
  const large = workPerEvent(['skew', 'kurt'], { windowSize: 10_000 });
  assert.ok(small <= 2.5 && large <= small * 1.1, `${small} vs ${large}`);
});

test.run();
