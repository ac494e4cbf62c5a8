/** Streaming random patches: River's subspace rules, reproducible seeding, recovery from drift. */

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createLearnerRng } from '../../../src/online/learn/rng.ts';
import { firstCombinations, srpClassifier, subspaceK } from '../../../src/online/learn/srp-classifier.ts';
import type { Features } from '../../../src/online/learn/types.ts';

test("subspace size as River computes it: round(0.6·M), bumped to 2, or a count", () => {
  assert.is(subspaceK(9, 0.6), 5); // Phishing
  assert.is(subspaceK(2, 0.6), 2); // Bananas: = M, so every tree sees all features
  assert.is(subspaceK(18, 0.6), 11); // ImageSegments
  assert.is(subspaceK(10, 3), 3);
});

test('combinations in itertools order, cycling when there are fewer than asked', () => {
  assert.equal(firstCombinations(['a', 'b', 'c', 'd'], 2, 4), [['a', 'b'], ['a', 'c'], ['a', 'd'], ['b', 'c']]);
  const all = firstCombinations([1, 2, 3], 2, 5);
  assert.equal(all, [[1, 2], [1, 3], [2, 3], [1, 2], [1, 3]]);
  assert.is(new Set(firstCombinations([...'abcdefghi'], 5, 126).map((c) => c.join(''))).size, 126); // C(9,5)
});

/** Three informative features, labels flipped halfway: an abrupt drift. */
function stream(n: number): Array<{ x: Features; y: boolean }> {
  const rng = createLearnerRng(8);
  return Array.from({ length: n }, (_, i) => {
    const x = { a: rng.uniform(), b: rng.uniform(), c: rng.uniform(), d: rng.uniform() };
    const y = x.a + x.b + x.c > 1.5;
    return { x, y: i < n / 2 ? y : !y };
  });
}

test('same seed → same ensemble; it recovers after the labels flip (drift → background swap)', () => {
  const data = stream(3000);
  const run = (seed: number) => {
    const m = srpClassifier.create({ seed, nModels: 4 });
    let late = 0;
    data.forEach(({ x, y }, i) => {
      if (i >= 2500 && m.predictOne(x) === y) late++;
      m.learnOne(x, y);
    });
    return { late: late / 500, state: JSON.stringify(m.snapshot()) };
  };
  const a = run(1);
  assert.is(run(1).state, a.state);
  assert.is.not(run(2).state, a.state);
  assert.ok(a.late > 0.85, `accuracy after the flip: ${a.late}`);
});

test.run();
