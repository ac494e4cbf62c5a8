/** Hoeffding tree regressor pieces: River's Var algebra, TE-BST, variance reduction, a toy split. */

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { hoeffdingTreeRegressor } from '../../../src/online/learn/hoeffding-tree-regressor.ts';
import { ebstBestSplit, ebstInsert, pyRound, varianceReduction, type EbstNode } from '../../../src/online/learn/tree/ebst-splitter.ts';
import { emptyVar, varAdd, varGet, varSub, varUpdate, type Var } from '../../../src/online/learn/tree/var.ts';
import { createRng } from '../../../src/sim/rng.ts';

const close = (a: number, b: number, eps = 1e-12) => assert.ok(Math.abs(a - b) <= eps, `${a} ≉ ${b}`);
const of = (xs: number[]): Var => {
  const v = emptyVar();
  for (const x of xs) varUpdate(v, x);
  return v;
};

test("Var: River's doctest sequence of sample variances", () => {
  const v = emptyVar();
  const want = [0, 2, 1, 2.916666, 7.7, 12.56666];
  [3, 5, 4, 7, 10, 12].forEach((x, i) => {
    varUpdate(v, x);
    close(varGet(v), want[i]!, 1e-5);
  });
});

test('Var: a + b and a − b agree with batch statistics', () => {
  const a = of([1, 2, 3]);
  const b = of([10, 20]);
  const ab = varAdd(a, b);
  const all = of([1, 2, 3, 10, 20]);
  close(ab.mean, all.mean);
  close(varGet(ab), varGet(all), 1e-9);
  const back = varSub(ab, b);
  close(back.mean, 2);
  close(varGet(back), 1, 1e-9);
  close(varGet(varAdd(a, of([100]))), varGet(of([1, 2, 3, 100])), 1e-9);
  assert.equal(varSub(of([1, 2]), of([1, 2])), emptyVar());
});

test("pyRound: Python's round(x, d), ties to even", () => {
  const table: Array<[number, number]> = [
    [0.25, 0.2],
    [0.35, 0.3], // 0.35 is 0.34999…: plain nearest
    [0.15, 0.1], // 0.1499…
    [0.75, 0.8], // exact tie, 8 is even
    [-0.25, -0.2],
    [1.26, 1.3],
    [-1.26, -1.3],
  ];
  for (const [x, want] of table) assert.is(pyRound(x, 1), want, String(x));
});

test('TE-BST: nodes count values ≤ their key; the best threshold separates two clusters', () => {
  let root: EbstNode | null = null;
  const rows: Array<[number, number]> = [
    [1, 10],
    [2, 11],
    [3, 10],
    [7, 30],
    [8, 31],
    [9, 29],
  ];
  for (const [x, y] of rows) root = ebstInsert(root, x, y);
  assert.is(root!.est.n, 1); // root key 1: only itself is ≤ 1
  const pre = of(rows.map((r) => r[1]));
  const best = ebstBestSplit(root, pre, 'x', 2);
  assert.is(best.threshold, 3);
  assert.is(best.children[0]!.n, 3);
  close(best.merit, varianceReduction(pre, [of([10, 11, 10]), of([30, 31, 29])], 2), 1e-9);
  assert.is(varianceReduction(pre, [of([10]), of([11, 10, 30, 31, 29])], 2), 0); // a branch below minSamples
});

test('tree regressor: empty predicts 0; splits a step function and predicts both sides', () => {
  const ht = hoeffdingTreeRegressor.create({ gracePeriod: 50 });
  assert.is(ht.predictOne({ a: 1 }), 0);
  const rng = createRng(5);
  for (let i = 0; i < 600; i++) {
    const a = rng.between(-1, 1);
    ht.learnOne({ a, noise: rng.normal() }, (a > 0 ? 10 : -10) + 0.1 * rng.normal());
  }
  const root = (ht.snapshot() as { root: { type: string; feature: string } }).root;
  assert.is(root.type, 'branch');
  assert.is(root.feature, 'a');
  assert.ok(Math.abs(ht.predictOne({ a: 0.7, noise: 0 }) - 10) < 2);
  assert.ok(Math.abs(ht.predictOne({ a: -0.7, noise: 0 }) + 10) < 2);
});

test.run();
