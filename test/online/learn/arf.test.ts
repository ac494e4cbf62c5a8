/** Adaptive random forest and its seeded randomness: Poisson weights, subsets, drift recovery. */

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { arfClassifier } from '../../../src/online/learn/arf-classifier.ts';
import { createLearnerRng, poisson, sample } from '../../../src/online/learn/rng.ts';
import type { Features } from '../../../src/online/learn/types.ts';

test('seeded draws: Poisson(6) has mean ≈ 6; samples are distinct and repeatable', () => {
  const rng = createLearnerRng(1);
  let sum = 0;
  for (let i = 0; i < 20000; i++) sum += poisson(rng, 6);
  assert.ok(Math.abs(sum / 20000 - 6) < 0.1, String(sum / 20000));
  const a = sample(createLearnerRng(9), ['a', 'b', 'c', 'd'], 2);
  assert.equal(a, sample(createLearnerRng(9), ['a', 'b', 'c', 'd'], 2));
  assert.is(new Set(a).size, 2);
  const r = createLearnerRng(5);
  r.uniform();
  assert.is(createLearnerRng(r.state()).uniform(), r.uniform()); // state() resumes the stream
});

/** Two Gaussian blobs whose labels swap halfway: an abrupt concept drift. */
function driftStream(n: number): Array<{ x: Features; y: boolean }> {
  const rng = createLearnerRng(3);
  return Array.from({ length: n }, (_, i) => {
    const y = rng.uniform() < 0.5;
    const x = { a: (y ? 1 : -1) + 0.5 * (rng.uniform() - 0.5), b: rng.uniform() };
    return { x, y: i < n / 2 ? y : !y };
  });
}

test('same seed → same forest; another seed → another forest', () => {
  const stream = driftStream(400);
  const run = (seed: number) => {
    const f = arfClassifier.create({ seed, nModels: 3 });
    for (const { x, y } of stream) f.learnOne(x, y);
    return JSON.stringify(f.snapshot());
  };
  assert.is(run(1), run(1));
  assert.is.not(run(1), run(2));
});

test('recovers after an abrupt drift: accuracy on the last quarter is high again', () => {
  const stream = driftStream(2000);
  const f = arfClassifier.create({ seed: 4 });
  let right = 0;
  stream.forEach(({ x, y }, i) => {
    if (i >= 1500 && f.predictOne(x) === y) right++;
    f.learnOne(x, y);
  });
  assert.ok(right / 500 > 0.9, String(right / 500));
});

test.run();
