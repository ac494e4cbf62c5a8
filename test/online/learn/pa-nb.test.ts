/** Passive-aggressive learners (Crammer et al. 2006) and Gaussian naive Bayes, by hand. */

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { gaussianNB } from '../../../src/online/learn/gaussian-nb.ts';
import { paClassifier } from '../../../src/online/learn/pa-classifier.ts';
import { paRegressor } from '../../../src/online/learn/pa-regressor.ts';

const close = (a: unknown, b: number, eps = 1e-9) => assert.ok(Math.abs(Number(a) - b) < eps, `${String(a)} ≉ ${b}`);
type Lin = { weights: Record<string, number>; intercept: number };

test('PAClassifier: τ for PA, PA-I and PA-II on the first sample', () => {
  // hinge loss 1 at ŷ = 0; ‖x‖² = 4 for {a: 2}, 1 for {a: 1}
  const rows: Array<[number, number, Record<string, number>, number]> = [
    [0, 1, { a: 2 }, 0.25], // PA: loss/‖x‖²
    [1, 0.1, { a: 2 }, 0.1], // PA-I: min(C, loss/‖x‖²)
    [2, 1, { a: 1 }, 2 / 3], // PA-II: loss / (‖x‖² + 1/2C)
  ];
  for (const [mode, C, x, tau] of rows) {
    const m = paClassifier.create({ mode, C });
    m.learnOne(x, false);
    const s = m.snapshot() as Lin;
    close(s.intercept, -tau);
    close(s.weights.a, -tau * x.a!);
  }
});

test('PAClassifier: learns a separable rule; bad params are readable errors', () => {
  const m = paClassifier.create();
  for (let i = 0; i < 20; i++) {
    m.learnOne({ a: 1 }, true);
    m.learnOne({ a: -1 }, false);
  }
  assert.is(m.predictOne({ a: 1 }), true);
  assert.is(m.predictOne({ a: -1 }), false);
  assert.throws(() => paClassifier.create({ mode: 3 }), /mode/);
  assert.throws(() => paClassifier.create({ C: 0 }), /C:/);
});

test('PARegressor: ε-insensitive PA-I step', () => {
  const m = paRegressor.create({ C: 0.5 });
  m.learnOne({ a: 1 }, 2); // loss |0 − 2| − 0.1 = 1.9; τ = min(0.5, 1.9/1)
  close(m.predictOne({ a: 1 }), 1);
  const q = paRegressor.create({ riverLossQuirk: true });
  q.learnOne({ a: 1 }, 2); // River's loss compares ŷ with 2y − 1 = 3: 2.9 → τ = min(1, 2.9)
  close(q.predictOne({ a: 1 }), 2);
  const inside = paRegressor.create();
  inside.learnOne({ a: 1 }, 0.05); // inside the ε tube: no update
  assert.is(inside.predictOne({ a: 1 }), 0);
});

test("GaussianNB: River's doctest", () => {
  const m = gaussianNB.create();
  const X = [[-1, -1], [-2, -1], [-3, -2], [1, 1], [2, 1], [3, 2]];
  const Y = [1, 1, 1, 2, 2, 2];
  X.forEach((r, i) => m.learnOne({ 0: r[0]!, 1: r[1]! }, Y[i]!));
  assert.is(m.predictOne({ 0: -0.8, 1: -1 }), 1);
});

test('GaussianNB: empty → {} and null; probabilities by hand', () => {
  const m = gaussianNB.create();
  assert.equal(m.predictProbaOne({ a: 1 }), {});
  assert.is(m.predictOne({ a: 1 }), null);
  m.learnOne({ a: 0 }, 'lo');
  m.learnOne({ a: 2 }, 'lo'); // mean 1, sample variance 2
  m.learnOne({ a: 10 }, 'hi');
  m.learnOne({ a: 12 }, 'hi'); // mean 11, variance 2
  const pdf = (v: number, mu: number) => Math.exp(-((v - mu) ** 2) / 4) / Math.sqrt(4 * Math.PI);
  const lo = 1e-9 + pdf(1, 1);
  const hi = 1e-9 + pdf(1, 11);
  const p = m.predictProbaOne({ a: 1 });
  close(p.lo!, lo / (lo + hi), 1e-12);
  close(p.hi!, hi / (lo + hi), 1e-12);
  assert.is(m.predictOne({ a: 1 }), 'lo');
});

test('GaussianNB: a class seen once has no spread yet (pdf 0, River)', () => {
  const m = gaussianNB.create();
  m.learnOne({ a: 0 }, 'x');
  m.learnOne({ a: 5 }, 'y');
  const p = m.predictProbaOne({ a: 0 });
  close(p.x!, 0.5);
  assert.is(m.predictOne({ a: 0 }), 'x'); // tie → first class seen
});

test.run();
