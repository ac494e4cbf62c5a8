/** CompensatedSum: adding then subtracting the same terms leaves ε²-level residue, not ε-level. */

import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CompensatedSum } from '../../../src/features/stats/compensated.ts';
import { exactSum } from './exact.ts';
import { EPS, RUNS } from './harness.ts';

test('property: within 2ε|S| + 4kε²·Σ|x| of the exact sum, after removals too', () => {
  const xs = fc.array(fc.double({ min: -1e12, max: 1e12, noNaN: true }), { maxLength: 200 });
  fc.assert(
    fc.property(xs, xs, (keep, gone) => {
      const s = new CompensatedSum();
      for (const x of [...gone, ...keep]) s.add(x);
      for (const x of gone) s.add(-x);
      const exact = exactSum(keep);
      const abs = [...keep, ...gone, ...gone].reduce((a, x) => a + Math.abs(x), 0);
      const k = keep.length + 2 * gone.length;
      return Math.abs(s.value() - exact) <= 2 * EPS * Math.abs(exact) + 4 * k * EPS * EPS * abs;
    }),
    { numRuns: RUNS },
  );
});

test('the classic: 1e16 + 1 − 1e16 is 1 (a plain sum says 0)', () => {
  const s = new CompensatedSum();
  for (const x of [1e16, 1, -1e16]) s.add(x);
  assert.is(s.value(), 1);
  assert.is(1e16 + 1 - 1e16, 0);
});

test.run();
