/** Hoeffding tree pieces: erf, Gaussian observers, info gain, and the split on a toy stream. */

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { hoeffdingTreeClassifier } from '../../../src/online/learn/hoeffding-tree-classifier.ts';
import { binarySplit, erf, gaussCdf, gaussPdf, splitPoints, splitterUpdate, type Splitter } from '../../../src/online/learn/tree/gaussian-splitter.ts';
import { infoGain, infoGainRange } from '../../../src/online/learn/tree/info-gain.ts';
import { createRng } from '../../../src/sim/rng.ts';

const close = (a: number, b: number, eps = 1e-15) => assert.ok(Math.abs(a - b) <= eps, `${a} ≉ ${b}`);
const m = (o: Record<string, number>) => new Map(Object.entries(o));

test('erf matches Python math.erf to within a few ulps', () => {
  const table: Array<[number, number]> = [
    [0.5, 0.5204998778130465],
    [1, 0.8427007929497149],
    [2, 0.9953222650189527],
    [3, 0.9999779095030014],
    [-1, -0.8427007929497149],
    [1e-3, 0.0011283787909692363],
  ];
  for (const [x, want] of table) close(erf(x), want, 1e-15);
  assert.is(erf(0), 0);
  assert.is(erf(7), 1);
});

test('Gaussian observer: weighted mean, sample variance, pdf and cdf', () => {
  const sp: Splitter = new Map();
  for (const v of [6, 7]) splitterUpdate(sp, v, 'a', 1);
  const g = sp.get('a')!;
  close(g.mean, 6.5);
  close(gaussPdf(g, 6.5), 0.5641895835477563, 1e-15); // River's doctest: 𝒩(6.5, 0.707)(6.5) = 0.564189
  close(gaussCdf(g, 6.5), 0.5);
  const one: Splitter = new Map();
  splitterUpdate(one, 3, 'a', 1);
  assert.is(gaussPdf(one.get('a')!, 3), 0); // one sample: no spread yet
  assert.is(gaussCdf(one.get('a')!, 3), 0); // σ = 0: River returns 0
});

test('split points: n evenly spaced inside (min, max); class weights either side', () => {
  const sp: Splitter = new Map();
  for (const v of [0, 1, 2]) splitterUpdate(sp, v, 'lo', 1);
  for (const v of [10, 11]) splitterUpdate(sp, v, 'hi', 1);
  const pts = splitPoints(sp, 10);
  assert.is(pts.length, 10);
  close(pts[0]!, 1, 1e-12);
  close(pts[9]!, 10, 1e-12);
  const [l, r] = binarySplit(sp, 5); // 5 is above every 'lo' and below every 'hi'
  assert.equal([...l], [['lo', 3]]);
  assert.equal([...r], [['hi', 2]]);
});

test('info gain: pure split 1 bit, useless split 0, lopsided split −∞', () => {
  const pre = m({ a: 10, b: 10 });
  close(infoGain(pre, [m({ a: 10 }), m({ b: 10 })], 0.01), 1);
  close(infoGain(pre, [m({ a: 5, b: 5 }), m({ a: 5, b: 5 })], 0.01), 0, 1e-14);
  assert.is(infoGain(pre, [m({ a: 10, b: 9.9 }), m({ b: 0.1 })], 0.01), -Infinity);
  assert.is(infoGainRange(pre), 1);
  close(infoGainRange(m({ a: 1, b: 1, c: 1, d: 1 })), 2);
});

test('tree: empty predicts nothing; splits a separable stream after the grace period', () => {
  const ht = hoeffdingTreeClassifier.create({ gracePeriod: 50 });
  assert.equal(ht.predictProbaOne({ a: 1 }), {});
  assert.is(ht.predictOne({ a: 1 }), null);
  const rng = createRng(3);
  for (let i = 0; i < 400; i++) {
    const a = rng.between(-1, 1);
    ht.learnOne({ a, noise: rng.normal() }, a > 0.2 ? 'pos' : 'neg');
  }
  const root = (ht.snapshot() as { root: { type: string; feature: string; threshold: number } }).root;
  assert.is(root.type, 'branch');
  assert.is(root.feature, 'a');
  assert.ok(Math.abs(root.threshold - 0.2) < 0.25, String(root.threshold));
  assert.is(ht.predictOne({ a: 0.9, noise: 0 }), 'pos');
  assert.is(ht.predictOne({ a: -0.9, noise: 0 }), 'neg');
  assert.is(ht.predictOne({ noise: 0 }), ht.predictOne({ noise: 0 })); // missing split feature: heavier branch
});

test('tree: maxDepth 0 keeps a single (deactivated) leaf', () => {
  const ht = hoeffdingTreeClassifier.create({ gracePeriod: 10, maxDepth: 0 });
  for (let i = 0; i < 100; i++) ht.learnOne({ a: i }, i > 50);
  assert.is((ht.snapshot() as { root: { type: string } }).root.type, 'leaf');
  assert.is(ht.predictOne({ a: 99 }), false); // an inactive leaf votes its majority: 51 false vs 49 true
});

test.run();
