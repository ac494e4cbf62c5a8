/** sum: compensated running sum with removal against an exact (BigInt) sum; large offsets; O(1) work. */

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { EPS, assertMatchesReference, Driven, workPerEvent } from './harness.ts';
import { exactSum } from './exact.ts';

test('property: sum is the exact sum of the present values, rounded, with removal residue at ε² level', () => {
  assertMatchesReference({
    names: ['sum'],
    reference: (rows) => [exactSum(rows.map((r) => r.x))],
    // Neumaier: |s − S| ≤ 2ε|S| + O(kε²)·Σ|x ever added| after k operations (the error terms are
    // captured exactly; only their own sum rounds). 4kε² gives the O() a constant of 4.
    tolerance: (_, e, ctx) => 2 * EPS * Math.abs(e) + 4 * ctx.ops * EPS * EPS * ctx.historyAbsSum,
  });
});

test('an empty window sums to exactly 0, even after huge values left', () => {
  const d = new Driven(['sum']);
  d.push(1e300, 0);
  d.push(-3.5, 1);
  d.shift();
  d.shift();
  assert.equal(d.read(), [0]);
  d.push(0.1, 2);
  assert.equal(d.read(), [0.1]);
});

test('large offsets: 1000 values around 1e12 sum exactly, where mean·n is off by ~1e-1', () => {
  const d = new Driven(['sum', 'mean', 'count']);
  const xs: number[] = [];
  for (let i = 0; i < 3000; i++) {
    const x = 1e12 + ((i * 7919) % 1000) / 1000 + 0.0001;
    xs.push(x);
    d.push(x, i);
    if (d.view.size > 1000) {
      d.shift();
      xs.shift();
    }
  }
  const [sum, mean, n] = d.read() as [number, number, number];
  const exact = exactSum(xs);
  assert.ok(Math.abs(sum - exact) <= EPS * Math.abs(exact), `sum ${sum} vs exact ${exact}`);
  // what the old `mean·n` gave: the mean carries ~ε·1e12 ≈ 1e-4 of error, times n = 1000
  const naive = mean * n;
  assert.ok(Math.abs(naive - exact) > 100 * Math.abs(sum - exact), `mean·n ${naive} should be visibly worse than ${sum}`);
});

test('O(1): no reads of the rows, ever', () => {
  assert.is(workPerEvent(['sum'], { windowSize: 100 }), 0);
  assert.is(workPerEvent(['sum'], { windowSize: 10_000 }), 0);
});

test.run();
