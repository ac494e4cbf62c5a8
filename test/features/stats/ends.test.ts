/** first, last, delta, rate: brute force over random streams with absent values and FIFO removals. */

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { assertMatchesReference, Driven, workPerEvent } from './harness.ts';

test('property: first, last, delta, rate equal a brute-force read of the present rows', () => {
  assertMatchesReference({
    names: ['first', 'last', 'delta', 'rate'],
    reference: (rows) => {
      if (rows.length === 0) return [NaN, NaN, NaN, NaN];
      const a = rows[0]!;
      const b = rows[rows.length - 1]!;
      const span = b.ts - a.ts;
      return [a.x, b.x, b.x - a.x, span === 0 ? NaN : ((b.x - a.x) * 1000) / span];
    },
    tolerance: () => 0, // the same arithmetic on the same two rows: exact
  });
});

test('rate is per second of event time; NaN when first and last share a timestamp', () => {
  //   ts    0s   2s   4s
  //   x     10   —    16      (the 2s event lacks the field)
  const d = new Driven(['delta', 'rate']);
  d.push(10, 0);
  assert.equal(d.read(), [0, NaN]);
  d.push(NaN, 2000);
  d.push(16, 4000);
  assert.equal(d.read(), [6, 1.5]);
  d.shift(); // 10 leaves: 16 alone
  assert.equal(d.read(), [0, NaN]);
});

test('O(1): reads per event do not grow with the window', () => {
  const small = workPerEvent(['first', 'last', 'delta', 'rate'], { windowSize: 100 });
  const large = workPerEvent(['first', 'last', 'delta', 'rate'], { windowSize: 10_000 });
  assert.ok(small < 2 && large <= small * 1.01, `${small} vs ${large}`);
});

test.run();
