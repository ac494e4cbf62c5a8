/** SpaceSaving: the paper's guarantees (est − err ≤ true ≤ est; frequent values are monitored), and removal. */

import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SpaceSaving } from '../../../src/features/stats/space-saving.ts';
import { RUNS } from './harness.ts';

test('property (add-only): every monitored count is an upper bound within its error; values above N/k are monitored', () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 0, max: 30 }), { maxLength: 400 }), fc.constantFrom(4, 8), (xs, k) => {
      const s = new SpaceSaving(k);
      const truth = new Map<number, number>();
      for (const x of xs) {
        s.add(x);
        truth.set(x, (truth.get(x) ?? 0) + 1);
      }
      for (const [x, c] of truth) {
        const est = s.estimate(x);
        if (c > xs.length / k && est === 0) return false; // a frequent value must be monitored
        if (est && est < c) return false; // never an under-estimate
        if (est - c > xs.length / k) return false; // over-estimate ≤ N/k
      }
      const top = s.top();
      return xs.length === 0 ? top === undefined : top !== undefined;
    }),
    { numRuns: RUNS },
  );
});

test('removal with ≤ k distinct values keeps counts exact', () => {
  const s = new SpaceSaving(4);
  for (const x of [1, 2, 2, 3, 3, 3]) s.add(x);
  s.remove(3);
  s.remove(3);
  assert.equal(s.top(), [2, 2, 0]);
  s.remove(2);
  s.remove(2);
  s.remove(1);
  assert.equal(s.top(), [3, 1, 0]);
  s.remove(3);
  assert.is(s.top(), undefined);
});

test.run();
