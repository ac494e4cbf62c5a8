/** k-nearest neighbours: inverse-distance votes by hand, exact matches, window eviction. */

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { knnClassifier } from '../../../src/online/learn/knn-classifier.ts';

const close = (a: number, b: number, eps = 1e-12) => assert.ok(Math.abs(a - b) <= eps, `${a} ≉ ${b}`);

test('votes weighted by 1/distance over the k nearest', () => {
  const knn = knnClassifier.create({ nNeighbors: 3 });
  assert.equal(knn.predictProbaOne({ a: 0 }), {});
  knn.learnOne({ a: 1 }, 'x'); // d = 1
  knn.learnOne({ a: 2 }, 'y'); // d = 2
  knn.learnOne({ a: -4 }, 'y'); // d = 4
  knn.learnOne({ a: 9 }, 'x'); // d = 9: not among the 3 nearest
  const p = knn.predictProbaOne({ a: 0 });
  const [wx, wy] = [1, 1 / 2 + 1 / 4];
  close(p.x!, wx / (wx + wy));
  close(p.y!, wy / (wx + wy));
  assert.is(knn.predictOne({ a: 0 }), 'x');
  const flat = knnClassifier.create({ nNeighbors: 3, weighted: false });
  for (const [a, y] of [[1, 'x'], [2, 'y'], [-4, 'y']] as const) flat.learnOne({ a }, y);
  close(flat.predictProbaOne({ a: 0 }).y!, 2 / 3);
});

test('an exact match decides alone; the window forgets the oldest', () => {
  const knn = knnClassifier.create({ windowSize: 2 });
  knn.learnOne({ a: 5 }, 'old');
  knn.learnOne({ a: 1 }, 'x');
  assert.equal(knn.predictProbaOne({ a: 1 }), { old: 0, x: 1 });
  knn.learnOne({ a: 2 }, 'y'); // evicts a = 5
  assert.is(knn.predictOne({ a: 5 }), 'y');
});

test('features seen only at query time count against every stored sample alike', () => {
  const knn = knnClassifier.create({ nNeighbors: 1 });
  knn.learnOne({ a: 0 }, 'x');
  knn.learnOne({ a: 3 }, 'y');
  assert.is(knn.predictOne({ a: 0.5, brandNew: 10 }), 'x');
  knn.learnOne({ b: 1 }, 'z'); // a feature added later: older samples have b = 0
  assert.is(knn.predictOne({ a: 0, b: 1 }), 'z');
});

test.run();
