/** count, mean, var, std (Welford with removal and a refresh every window) against two-pass brute force. */

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { assertMatchesReference, Driven, EPS, workPerEvent, type Row } from './harness.ts';

function twoPass(rows: Row[]): [number, number, number, number] {
  const n = rows.length;
  if (n === 0) return [0, NaN, NaN, NaN];
  const mean = rows.reduce((a, r) => a + r.x, 0) / n;
  const v = n < 2 ? 0 : rows.reduce((a, r) => a + (r.x - mean) ** 2, 0) / (n - 1);
  return [n, mean, v, Math.sqrt(v)];
}

test('property: count, mean, var, std equal a two-pass computation', () => {
  assertMatchesReference({
    names: ['count', 'mean', 'var', 'std'],
    reference: twoPass,
    // Removal residue (moments.ts) is ~ε·x² in m2 for each value that left since the last exact
    // refresh (≤ one window), ~ε·|x| in the mean; relative error otherwise ~nε. For std, the
    // residue passes through √: |√a − √b| ≤ √|a − b|.
    tolerance: (i, e, ctx) => {
      const h = ctx.historyMax;
      const n = Math.max(1, ctx.present.length);
      const tol = [0, 1e-12 * Math.abs(e) + 4 * n * EPS * h, 1e-9 * Math.abs(e) + 16 * n * EPS * h * h, 1e-9 * Math.abs(e) + Math.sqrt(16 * n * EPS) * h][i]!;
      // m2 sums products that underflow below ~1e-308 on both sides: var is good to ~1e-300
      // absolute, std (its square root) to ~1e-150
      return i === 0 ? 0 : tol + (i === 3 ? 1e-150 : 1e-300);
    },
  });
});

test('a constant window: mean exactly the value, var and std exactly 0', () => {
  const d = new Driven(['mean', 'var', 'std']);
  d.push(1e9, 0);
  for (let i = 1; i < 5; i++) d.push(0.1, i);
  d.shift();
  assert.equal(d.read(), [0.1, 0, 0]);
});

test('O(1) amortized: rows read per event (the refresh) do not grow with the window', () => {
  const small = workPerEvent(['count', 'mean', 'var', 'std'], { windowSize: 100 });
  const large = workPerEvent(['count', 'mean', 'var', 'std'], { windowSize: 10_000 });
  assert.ok(small <= 1.2 && large <= small * 1.1, `${small} vs ${large}`);
});

test.run();
