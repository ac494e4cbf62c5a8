/** OrderTree: a multiset with select-by-rank against a sorted array; determinism; depth stays logarithmic. */

import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { OrderTree } from '../../../src/features/stats/order-tree.ts';
import { RUNS } from './harness.ts';

test('property: after random inserts and deletes every rank selects what a sorted array holds', () => {
  fc.assert(
    fc.property(fc.array(fc.oneof(fc.integer({ min: -20, max: 20 }), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constant(-0)), { maxLength: 200 }), fc.array(fc.nat(), { maxLength: 200 }), (xs, dels) => {
      const t = new OrderTree();
      const ref: number[] = [];
      for (const x of xs) {
        t.insert(x);
        ref.push(x === 0 ? 0 : x);
      }
      for (const d of dels) {
        if (ref.length === 0) break;
        const x = ref.splice(d % ref.length, 1)[0]!;
        assert.ok(t.delete(x));
      }
      ref.sort((a, b) => a - b);
      assert.is(t.size, ref.length);
      for (let k = 0; k < ref.length; k++) if (!Object.is(t.select(k), ref[k])) return false;
      return !t.delete(0.123456789) || ref.includes(0.123456789); // absent values are not deleted
    }),
    { numRuns: RUNS },
  );
});

test('equal values share a node: a stuck sensor costs one node', () => {
  const t = new OrderTree();
  for (let i = 0; i < 100_000; i++) t.insert(21.5);
  assert.is(t.size, 100_000);
  assert.is(t.bytes(), 16 * 28); // the initial 16 nodes, never grown
  assert.is(t.select(99_999), 21.5);
});

test('O(log n): sorted input (the worst case for a plain BST) visits ~log n nodes per insert', () => {
  for (const n of [1000, 100_000]) {
    const t = new OrderTree();
    for (let i = 0; i < n; i++) t.insert(i);
    const perInsert = t.visits / n;
    assert.ok(perInsert < 3 * Math.log2(n), `${perInsert} visits per insert at n = ${n}`);
  }
});

test('deterministic: the same operations build the same tree (priorities hash a counter, no Math.random)', () => {
  const build = (): OrderTree => {
    const t = new OrderTree();
    for (let i = 0; i < 1000; i++) t.insert((i * 7919) % 1009);
    for (let i = 0; i < 500; i++) t.delete((i * 7919) % 1009);
    return t;
  };
  const a = build();
  const b = build();
  a.visits = 0;
  b.visits = 0;
  for (let k = 0; k < a.size; k++) assert.is(a.select(k), b.select(k));
  assert.is(a.visits, b.visits);
});

test.run();
