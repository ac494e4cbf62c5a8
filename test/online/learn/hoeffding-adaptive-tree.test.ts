/** Hoeffding adaptive tree: learns a stationary concept like the plain tree and recovers from abrupt drift faster. */

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { hoeffdingAdaptiveTreeClassifier } from '../../../src/online/learn/hoeffding-adaptive-tree-classifier.ts';
import { hoeffdingTreeClassifier } from '../../../src/online/learn/hoeffding-tree-classifier.ts';
import { createLearnerRng } from '../../../src/online/learn/rng.ts';
import type { Classifier, Features } from '../../../src/online/learn/types.ts';

/** y = (a > 0.5) for the first half, y = (b > 0.5) after: the tree's root test becomes useless. */
function stream(n: number): Array<{ x: Features; y: boolean }> {
  const rng = createLearnerRng(5);
  return Array.from({ length: n }, (_, i) => {
    const x = { a: rng.uniform(), b: rng.uniform(), c: rng.uniform() };
    return { x, y: i < n / 2 ? x.a > 0.5 : x.b > 0.5 };
  });
}

/** Prequential accuracy over [from, to). */
function accuracy(m: Classifier, data: ReturnType<typeof stream>, from: number, to: number): number {
  let ok = 0;
  data.forEach(({ x, y }, i) => {
    if (i >= from && i < to && m.predictOne(x) === y) ok++;
    m.learnOne(x, y);
  });
  return ok / (to - from);
}

test('after an abrupt drift the adaptive tree swaps in an alternate subtree and beats the plain tree', () => {
  const data = stream(8000);
  const hat = accuracy(hoeffdingAdaptiveTreeClassifier.create({ seed: 1 }), data, 6000, 8000);
  const ht = accuracy(hoeffdingTreeClassifier.create({}), data, 6000, 8000);
  assert.ok(hat > 0.98, `HAT after drift: ${hat}`);
  assert.ok(hat > ht + 0.02, `HAT ${hat} vs HT ${ht}`);
});

test('stationary concept: as accurate as the plain tree (within 3 points)', () => {
  const data = stream(8000).slice(0, 4000);
  const hat = accuracy(hoeffdingAdaptiveTreeClassifier.create({ seed: 1 }), data, 2000, 4000);
  const ht = accuracy(hoeffdingTreeClassifier.create({}), data, 2000, 4000);
  assert.ok(hat > ht - 0.03, `HAT ${hat} vs HT ${ht}`);
});

test('the snapshot carries the per-node ADWIN states and alternates; restore mid-drift continues identically', () => {
  const data = stream(6000);
  const a = hoeffdingAdaptiveTreeClassifier.create({ seed: 3 });
  for (const { x, y } of data.slice(0, 3300)) a.learnOne(x, y);
  const b = hoeffdingAdaptiveTreeClassifier.create({ seed: 3 }, { state: JSON.parse(JSON.stringify(a.snapshot())) });
  for (const { x, y } of data.slice(3300)) {
    assert.equal(b.predictProbaOne(x), a.predictProbaOne(x));
    a.learnOne(x, y);
    b.learnOne(x, y);
  }
  assert.match(JSON.stringify(a.snapshot()), /"err":\{"rows"/);
});

test.run();
