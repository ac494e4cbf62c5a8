/** LinearRegression, LogisticRegression, Perceptron and the optimizers, step by step by hand. */

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { linearRegression } from '../../../src/online/learn/linear-regression.ts';
import { logisticRegression } from '../../../src/online/learn/logistic-regression.ts';
import { perceptron } from '../../../src/online/learn/perceptron.ts';
import { hingeLoss, logLoss, squaredLoss } from '../../../src/online/learn/optim/losses.ts';
import { createOptimizer } from '../../../src/online/learn/optim/optimizer.ts';

const close = (a: unknown, b: number, eps = 1e-9) => assert.ok(Math.abs(Number(a) - b) < eps, `${String(a)} ≉ ${b}`);
type Glm = { weights: Record<string, number>; intercept: number };

test("losses: River's gradients", () => {
  // Squared: 2(ŷ − y); Log on logits with y ∈ {0,1}; Hinge(t) is −y' when y'·ŷ ≤ t.
  assert.is(squaredLoss.gradient(-4, 5), 18);
  close(logLoss.gradient(1, 0), -0.5);
  close(logLoss.gradient(0, 0), 0.5);
  close(logLoss.gradient(1, 20), -Math.exp(-20)); // the z > 18 shortcut
  assert.is(logLoss.gradient(0, 20), 1); // z < −18: −y' = 1
  assert.is(hingeLoss(1).gradient(1, 0.2), -1);
  assert.is(hingeLoss(0).gradient(1, 0), -1); // zero margin still updates (River's `<=`)
  assert.is(hingeLoss(0).gradient(0, -0.1), 0);
});

test('LinearRegression: one SGD step from zero', () => {
  const m = linearRegression.create();
  assert.is(m.predictOne({ a: 2 }), 0);
  m.learnOne({ a: 2 }, 3); // ŷ 0, g = 2(0 − 3) = −6; b = 0.01·6; w = −0.01·(2·−6)
  const s = m.snapshot() as Glm;
  close(s.intercept, 0.06);
  close(s.weights.a, 0.12);
  close(m.predictOne({ a: 2 }), 0.3);
});

test('LinearRegression: clipGradient, intercept lr and L2', () => {
  const c = linearRegression.create({ clipGradient: 1 });
  c.learnOne({ a: 2 }, 3); // g clipped to −1
  close((c.snapshot() as Glm).intercept, 0.01);
  close((c.snapshot() as Glm).weights.a, 0.02);
  const l = linearRegression.create({ l2: 0.5, interceptLr: 0 });
  l.learnOne({ a: 1 }, 1); // g = −2 → w = 0.02
  l.learnOne({ a: 1 }, 1); // ŷ 0.02, g = −1.96; w −= 0.01·(−1.96 + 0.5·0.02)
  const s = l.snapshot() as Glm;
  close(s.intercept, 0);
  close(s.weights.a, 0.02 + 0.01 * (1.96 - 0.01));
});

test('LogisticRegression: empty model is 50/50 and predicts false; one step', () => {
  const m = logisticRegression.create();
  assert.equal(m.predictProbaOne({ a: 1 }), { false: 0.5, true: 0.5 });
  assert.is(m.predictOne({ a: 1 }), false);
  m.learnOne({ a: 1 }, true); // g = −0.5 → b = 0.005, w = 0.005
  const s = m.snapshot() as Glm;
  close(s.intercept, 0.005);
  close(s.weights.a, 0.005);
  close(m.predictProbaOne({ a: 1 }).true!, 1 / (1 + Math.exp(-0.01)));
  assert.is(m.predictOne({ a: 1 }), true);
});

test("LogisticRegression: labels '1'/'0', 1/0 and true/false are the same target", () => {
  const a = logisticRegression.create();
  const b = logisticRegression.create();
  a.learnOne({ a: 1 }, '1');
  a.learnOne({ a: 2 }, 0);
  b.learnOne({ a: 1 }, true);
  b.learnOne({ a: 2 }, false);
  assert.equal(a.snapshot(), b.snapshot());
});

test('Perceptron: lr 1 on the zero-threshold hinge', () => {
  const m = perceptron.create();
  m.learnOne({ a: 1 }, true); // margin 0 ≤ 0 → b = 1, w = 1
  assert.equal((m.snapshot() as Glm).weights, { a: 1 });
  assert.is((m.snapshot() as Glm).intercept, 1);
  assert.is(m.predictOne({ a: 1 }), true);
  m.learnOne({ a: 3 }, true); // margin 4 > 0: no update
  assert.equal((m.snapshot() as Glm).weights, { a: 1 });
  m.learnOne({ a: 1 }, false); // y' = −1, margin −2 ≤ 0 → back to zero
  assert.equal((m.snapshot() as Glm).weights, { a: 0 });
  assert.is(m.predictOne({ a: 1 }), false);
});

test('Adam: the first step moves each weight by about lr, against the gradient', () => {
  const opt = createOptimizer({ name: 'adam', lr: 0.1 });
  const w: Record<string, number> = {};
  opt.step(w, [
    ['a', 4],
    ['b', -0.5],
  ]);
  close(w.a!, -0.1, 1e-6);
  close(w.b!, 0.1, 1e-5);
  assert.is(opt.nIterations, 1);
  const m = linearRegression.create({ optimizer: { name: 'adam' } });
  for (let i = 0; i < 300; i++) m.learnOne({ a: 1 }, 2);
  close(m.predictOne({ a: 1 }), 2, 0.1);
});

test('optimizer: unknown name is a readable error', () => {
  assert.throws(() => createOptimizer({ name: 'rmsprop' as 'sgd' }), /optimizer.name/);
});

test.run();
