/** The `scaler | model` pipeline and the registry table. */

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { linearRegression } from '../../../src/online/learn/linear-regression.ts';
import { composePipeline } from '../../../src/online/learn/pipeline.ts';
import { LEARNERS, createLearner, pipe } from '../../../src/online/learn/registry.ts';
import { standardScaler } from '../../../src/online/learn/standard-scaler.ts';
import type { Regressor } from '../../../src/online/learn/types.ts';

test('pipeline: the scaler learns in learnOne only, then transforms for the model', () => {
  const scaler = standardScaler.create();
  const model = linearRegression.create();
  const p = composePipeline([scaler], model) as Regressor;
  p.predictOne({ a: 10 });
  assert.equal(scaler.snapshot(), { counts: {}, means: {}, vars: {} }); // predicting never learns
  p.learnOne({ a: 10 }, 1); // scaled a = 0 → only the intercept moves
  assert.equal((model.snapshot() as { weights: object }).weights, { a: 0 });
  assert.equal((scaler.snapshot() as { means: object }).means, { a: 10 });
});

test('pipeline: snapshot → JSON → restore through the registry gives identical predictions', () => {
  const a = pipe(['standardScaler'], 'linearRegression');
  for (let i = 0; i < 50; i++) a.learnOne({ a: i, b: i % 7 }, 3 * i + 1);
  const state = JSON.parse(JSON.stringify(a.snapshot()));
  const b = pipe(['standardScaler'], 'linearRegression', {}, { state });
  assert.is((b as Regressor).predictOne({ a: 3, b: 1 }), (a as Regressor).predictOne({ a: 3, b: 1 }));
});

test('pipeline: readable errors for a wrong step kind or unknown learner', () => {
  assert.throws(() => createLearner({ learner: 'nope' }), /unknown 'nope'/);
  assert.throws(() => pipe(['linearRegression'], 'linearRegression'), /steps\[0\]/);
  assert.throws(() => pipe(['standardScaler'], 'minMaxScaler'), /model.learner/);
});

test('registry: every entry has a summary, defaults, and creates its kind with no params', () => {
  for (const [name, spec] of Object.entries(LEARNERS)) {
    assert.ok(spec.summary.length > 10, name);
    assert.type(spec.defaults, 'object');
    assert.equal(JSON.parse(JSON.stringify(spec.defaults)), spec.defaults, `${name}: defaults are JSON-safe`);
    assert.is(spec.create().kind, spec.kind, name);
    assert.is(createLearner({ learner: name }).kind, spec.kind, name);
  }
});

test.run();
