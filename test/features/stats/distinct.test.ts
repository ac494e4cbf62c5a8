/** distinct (exact, refcounted map) and distinct_hll (sliding HLL) against brute force over the window. */

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { resolveAggregate } from '../../../src/features/aggregates.ts';
import { hash64 } from '../../../src/features/stats/hash.ts';
import { ertlEstimate } from '../../../src/features/stats/hyperloglog.ts';
import { assertMatchesReference, Driven, workPerEvent, type Row } from './harness.ts';

/** The estimate of a batch HyperLogLog over the present values (what a sliding one must equal). */
function batchHll(rows: Row[], p: number): number {
  const regs = new Uint8Array(1 << p);
  for (const { x } of rows) {
    const [hi, lo] = hash64(x);
    const rest = (hi << p) >>> 0;
    const z = rest !== 0 ? Math.clz32(rest) : 32 - p + Math.clz32(lo);
    regs[hi >>> (32 - p)] = Math.max(regs[hi >>> (32 - p)]!, Math.min(z, 64 - p) + 1);
  }
  const hist = new Float64Array(64 - p + 2);
  for (const r of regs) hist[r]!++;
  return ertlEstimate(hist, 1 << p, 64 - p);
}

test('property: distinct is the size of the set of present values; distinct_hll equals a batch HLL of them', () => {
  assertMatchesReference({
    names: ['distinct', 'distinct_hll', 'distinct_hll4'],
    reference: (rows) => [new Set(rows.map((r) => r.x)).size, batchHll(rows, 12), batchHll(rows, 4)],
    tolerance: () => 0, // exact counting; the sliding registers are exactly the batch registers
  });
});

test('distinct_hll is close to exact on small windows too (Ertl: no bias at small counts)', () => {
  const d = new Driven(['distinct', 'distinct_hll']);
  for (let i = 0; i < 500; i++) {
    d.push(i % 97, i);
    if (d.view.size > 50) d.shift();
  }
  const [exact, hll] = d.read() as [number, number];
  assert.is(exact, 50);
  assert.ok(Math.abs(hll - exact) < 1, `${hll}`);
});

test('names: distinct_hll is p = 12; distinct_hll<p> takes p in 4..16', () => {
  assert.is(resolveAggregate('distinct_hll')!.stat, resolveAggregate('distinct_hll12')!.stat);
  for (const bad of ['distinct_hll3', 'distinct_hll17', 'distinct_hll012', 'distinct_hll_12']) assert.is(resolveAggregate(bad), undefined, bad);
});

test('O(1): no rows read per event, for either', () => {
  for (const name of ['distinct', 'distinct_hll']) {
    assert.is(workPerEvent([name], { windowSize: 100 }), 0);
    assert.is(workPerEvent([name], { windowSize: 10_000 }), 0);
  }
});

test.run();
