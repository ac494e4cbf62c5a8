/** ewma: O(1) invertible form against a brute-force weighted mean; parameterized names; O(1) work. */

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { resolveAggregate } from '../../../src/features/aggregates.ts';
import { assertMatchesReference, Driven, EPS, workPerEvent, type Row } from './harness.ts';

/** pandas `ewm(alpha, adjust=True).mean()` at the last row: Σ β^k x_(n−1−k) / Σ β^k, summed directly. */
function ewmaRef(rows: Row[], alpha: number): number {
  if (rows.length === 0) return NaN;
  const beta = 1 - alpha;
  let num = 0;
  let den = 0;
  let w = 1;
  for (let i = rows.length - 1; i >= 0; i--) {
    num += w * rows[i]!.x;
    den += w;
    w *= beta;
  }
  return num / den;
}

const ALPHAS = [0.3, 0.1, 0.01, 0.99];

test('property: ewma, ewma_a10, ewma_a1, ewma_a99 equal the directly weighted mean', () => {
  assertMatchesReference({
    names: ['ewma', 'ewma_a10', 'ewma_a1', 'ewma_a99'],
    reference: (rows) => ALPHAS.map((a) => ewmaRef(rows, a)),
    // Both sides round each term (relative ε per product, ~nε for the sums); the invertible form
    // adds a removal residue of ~ε·|x_old|/α per removed value, cleared every window — bounded
    // by ε·historyMax/α times a few operations' worth of rounding.
    tolerance: (i, e, ctx) => 1e-12 * Math.abs(e) + (16 * EPS * ctx.historyMax) / ALPHAS[i]!,
  });
});

test('the newest value weighs most: α = 0.5 over 0, 0, 8 is (8 + 0 + 0)/(1 + ½ + ¼)', () => {
  const d = new Driven(['ewma_a50']);
  for (const [i, x] of [0, 0, 8].entries()) d.push(x, i * 1000);
  assert.ok(Math.abs(d.read()[0]! - 8 / 1.75) < 1e-15);
  d.shift(); // 0, 8 → 8/1.5
  assert.ok(Math.abs(d.read()[0]! - 8 / 1.5) < 1e-15);
});

test('names: ewma is α 0.3 and shares its stat with ewma_a30; malformed names do not resolve', () => {
  assert.is(resolveAggregate('ewma')!.stat, resolveAggregate('ewma_a30')!.stat);
  for (const bad of ['ewma_a0', 'ewma_a100', 'ewma_a05', 'ewma_0.1', 'ewma_a']) assert.is(resolveAggregate(bad), undefined, bad);
});

test('O(1) amortized: reads of rows per event (the once-a-window recompute) do not grow with the window', () => {
  const small = workPerEvent(['ewma'], { windowSize: 100 });
  const large = workPerEvent(['ewma'], { windowSize: 10_000 });
  assert.ok(small <= 1.2 && large <= 1.2, `${small} vs ${large}`);
});

test.run();
