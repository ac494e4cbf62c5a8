/** DDSketch: relative-error guarantee per rank, exact invertibility (removal), merge = union, memory. */

import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DDSketch } from '../../../src/features/stats/ddsketch.ts';
import { RUNS } from './harness.ts';

const ALPHA = 0.01;
const values = fc.array(fc.oneof(fc.double({ min: -1e9, max: 1e9, noNaN: true }), fc.integer({ min: -3, max: 3 })), { minLength: 1, maxLength: 300 });

test('property: every rank is estimated within relative error α of the true order statistic', () => {
  fc.assert(
    fc.property(values, (xs) => {
      const s = new DDSketch(ALPHA);
      for (const x of xs) s.add(x);
      const sorted = [...xs].sort((a, b) => a - b);
      for (let k = 0; k < sorted.length; k++) {
        const [est] = s.ranks(k, k);
        const x = sorted[k]!;
        // 1e-9: log() rounding at a bucket edge; 1e-300: magnitudes below MIN_INDEXABLE count as 0
        if (!(Math.abs(est - x) <= ALPHA * (1 + 1e-9) * Math.abs(x) + 1e-300)) return false;
      }
      return true;
    }),
    { numRuns: RUNS },
  );
});

test('property: removal is exact — add A then B, remove A: the same answers as a sketch of B alone', () => {
  fc.assert(
    fc.property(values, values, (a, b) => {
      const s = new DDSketch(ALPHA);
      for (const x of [...a, ...b]) s.add(x);
      for (const x of a) s.remove(x);
      const fresh = new DDSketch(ALPHA);
      for (const x of b) fresh.add(x);
      for (let k = 0; k < b.length; k++) if (!Object.is(s.ranks(k, k)[0], fresh.ranks(k, k)[0])) return false;
      return s.count === b.length;
    }),
    { numRuns: RUNS },
  );
});

test('property: merge is the sketch of the union', () => {
  fc.assert(
    fc.property(values, values, (a, b) => {
      const sa = new DDSketch(ALPHA);
      const sb = new DDSketch(ALPHA);
      const all = new DDSketch(ALPHA);
      for (const x of a) sa.add(x), all.add(x);
      for (const x of b) sb.add(x), all.add(x);
      sa.merge(sb);
      for (let k = 0; k < a.length + b.length; k++) if (!Object.is(sa.ranks(k, k)[0], all.ranks(k, k)[0])) return false;
      return true;
    }),
    { numRuns: RUNS },
  );
  assert.throws(() => new DDSketch(0.01).merge(new DDSketch(0.02)), /α/);
});

test('memory: ~ln(max/min)/(2α) buckets — 1e-3..1e6 needs about 1,036; an emptied sketch holds none', () => {
  const s = new DDSketch(ALPHA);
  const xs: number[] = [];
  for (let i = 0; i <= 1000; i++) xs.push(1e-3 * 1e9 ** (i / 1000));
  for (const x of xs) s.add(x);
  const ideal = Math.log(1e9) / Math.log((1 + ALPHA) / (1 - ALPHA));
  assert.ok(s.buckets() >= ideal && s.buckets() <= ideal * 2, `${s.buckets()} buckets for ${ideal.toFixed(0)}`);
  for (const x of xs) s.remove(x);
  assert.is(s.buckets(), 0);
  assert.is(s.count, 0);
});

test.run();
