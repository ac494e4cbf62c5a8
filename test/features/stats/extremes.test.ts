/** min, max, range (monotonic deques) against brute force; amortized O(1) deque work. */

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { MonotonicDeque } from '../../../src/features/stats/deque.ts';
import { assertMatchesReference, workPerEvent } from './harness.ts';

test('property: min, max, range equal Math.min / Math.max of the present values', () => {
  assertMatchesReference({
    names: ['min', 'max', 'range'],
    reference: (rows) => {
      if (rows.length === 0) return [NaN, NaN, NaN];
      const xs = rows.map((r) => r.x);
      const lo = Math.min(...xs);
      const hi = Math.max(...xs);
      return [lo, hi, hi - lo];
    },
    tolerance: () => 0, // selection, no arithmetic (range: the same one subtraction)
  });
});

test('amortized O(1): deque element reads per event (every comparison reads one) do not grow with the window', () => {
  const count = (windowSize: number): number => {
    const proto = MonotonicDeque.prototype as unknown as { at(i: number): number };
    const original = proto.at;
    let reads = 0;
    proto.at = function (this: MonotonicDeque, i: number) {
      reads++;
      return original.call(this, i);
    };
    try {
      return workPerEvent(['min', 'max', 'range'], { windowSize }) + reads / 20_000;
    } finally {
      proto.at = original;
    }
  };
  const small = count(100);
  const large = count(10_000);
  assert.ok(small < 20 && large <= small * 1.1, `${small} vs ${large}`);
});

test.run();
