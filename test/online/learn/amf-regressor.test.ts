/** AMF regressor: learns a non-linear function, River's shared means survive a snapshot, no score before learning. */

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { amfRegressor } from '../../../src/online/learn/amf-regressor.ts';
import { meanRegressor } from '../../../src/online/learn/mean-regressor.ts';
import { pipe } from '../../../src/online/learn/registry.ts';
import { evaluateRegressor } from '../../../src/online/learn/river/evaluate.ts';
import { createMae } from '../../../src/online/learn/metrics/mae.ts';
import { createLearnerRng } from '../../../src/online/learn/rng.ts';
import type { Features, Regressor } from '../../../src/online/learn/types.ts';

/** A step plus a ramp: trees should beat the mean by far. */
function stream(n: number): Array<{ x: Features; y: number }> {
  const rng = createLearnerRng(6);
  return Array.from({ length: n }, () => {
    const x = { a: rng.uniform(), b: rng.uniform() };
    return { x, y: (x.a > 0.5 ? 10 : 0) + 4 * x.b + rng.uniform() };
  });
}

test('MAE far below the mean predictor on a step + ramp, with both split bookkeepings', () => {
  const data = stream(1500);
  const base = evaluateRegressor(meanRegressor.create(), data, { mae: createMae() }).mae!;
  for (const paperSplit of [false, true]) {
    const mae = evaluateRegressor(amfRegressor.create({ paperSplit }), data, { mae: createMae() }).mae!;
    assert.ok(mae < 0.3 * base, `paperSplit=${paperSplit}: ${mae} vs mean ${base}`);
  }
});

test("River's shared means: the moved node and the split above it update one mean; restore keeps the sharing", () => {
  const data = stream(600);
  const a = amfRegressor.create({ seed: 9, nEstimators: 2 });
  for (const { x, y } of data.slice(0, 300)) a.learnOne(x, y);
  const trees = (a.snapshot() as { trees: Array<{ root: { s: number; children?: Array<{ s: number }> } }> }).trees;
  const root = trees[0]!.root;
  assert.ok(root.children!.some((c) => c.s === root.s), 'one child shares the root mean');
  const b = amfRegressor.create({ seed: 9, nEstimators: 2 }, { state: JSON.parse(JSON.stringify(a.snapshot())) });
  for (const { x, y } of data.slice(300)) {
    assert.is(b.predictOne(x), a.predictOne(x));
    a.learnOne(x, y);
    b.learnOne(x, y);
  }
});

test('no prediction of its own before learning (not scored by progressive validation), also through a pipeline', () => {
  const m = amfRegressor.create();
  assert.is(m.predictOne({ a: 1 }), 0);
  assert.is(m.hasPrediction!(), false);
  m.learnOne({ a: 1 }, 5);
  assert.is(m.hasPrediction!(), true);
  const piped = pipe(['standardScaler'], 'amfRegressor') as Regressor;
  assert.is(piped.hasPrediction!(), false);
  const scored = evaluateRegressor(amfRegressor.create(), [{ x: { a: 1 }, y: 40 }, { x: { a: 1 }, y: 40 }], { mae: createMae() }).mae;
  assert.is(scored, 0); // the first (empty) prediction, 0 against 40, is not scored
});

test.run();
