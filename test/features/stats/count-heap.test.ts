/** CountHeap: top value/count and top-k sums against brute-force counts under random adds and removals. */

import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CountHeap } from '../../../src/features/stats/count-heap.ts';
import { RUNS } from './harness.ts';

test('property: after adds and removals of present values, top and topSum(k) match sorted counts', () => {
  fc.assert(
    fc.property(fc.array(fc.oneof(fc.integer({ min: -6, max: 6 }).map((x) => ({ add: x })), fc.nat().map((i) => ({ del: i }))), { maxLength: 300 }), (ops) => {
      const h = new CountHeap();
      const bag: number[] = [];
      for (const o of ops) {
        if ('add' in o) {
          h.add(o.add);
          bag.push(o.add);
        } else if (bag.length) h.remove(bag.splice(o.del % bag.length, 1)[0]!);
      }
      const counts = new Map<number, number>();
      for (const x of bag) counts.set(x, (counts.get(x) ?? 0) + 1);
      const ranked = [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
      if (h.distinct !== ranked.length) return false;
      if (ranked.length === 0) return Number.isNaN(h.topValue()) && h.topCount() === 0;
      if (h.topValue() !== ranked[0]![0] || h.topCount() !== ranked[0]![1]) return false;
      for (let k = 1; k <= 5; k++) if (h.topSum(k) !== ranked.slice(0, k).reduce((a, [, c]) => a + c, 0)) return false;
      return true;
    }),
    { numRuns: RUNS },
  );
});

test('an emptied heap holds no storage', () => {
  const h = new CountHeap();
  for (let i = 0; i < 100; i++) h.add(i);
  assert.ok(h.bytes() > 0);
  h.clear();
  assert.is(h.bytes(), 0);
});

test.run();
