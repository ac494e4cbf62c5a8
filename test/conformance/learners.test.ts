/**
 * One contract for every learner in the LEARNERS registry (River's `checks/`), plus pipelines:
 * input not mutated, same seed → same output, snapshot → JSON → restore → identical predictions,
 * missing/new/string features tolerated, and better than a trivial baseline on a fixture stream.
 */

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { LEARNERS, createLearner } from '../../src/online/learn/registry.ts';
import type { StepRef } from '../../src/online/learn/pipeline.ts';
import type { ClassLabel, Classifier, CreateOptions, Features, Learner, Regressor, Transformer } from '../../src/online/learn/types.ts';
import { createRng } from '../../src/sim/rng.ts';

const PIPELINES: Record<string, StepRef> = {
  'SS | logisticRegression': { learner: 'pipeline', params: { steps: [{ learner: 'standardScaler' }], model: { learner: 'logisticRegression' } } },
  'oneHot | SS | linearRegression': {
    learner: 'pipeline',
    params: { steps: [{ learner: 'oneHotEncoder' }, { learner: 'standardScaler' }], model: { learner: 'linearRegression' } },
  },
};
const BASELINES = new Set(['noChangeClassifier', 'meanRegressor']);
/** Forecasters (regressors on the target series alone): their fixture is a time series, not i.i.d. rows. */
const FORECASTERS = new Set(['holtWinters']);
const CASES: Record<string, StepRef> = {
  ...Object.fromEntries(Object.keys(LEARNERS).map((name) => [name, { learner: name, params: { seed: 42 } }])),
  ...PIPELINES,
  'holtWinters, trend and multiplicative seasonality': { learner: 'holtWinters', params: { alpha: 0.3, beta: 0.1, gamma: 0.6, seasonality: 12, multiplicative: true } },
};
const make = (ref: StepRef, opts: CreateOptions = {}) => createLearner(ref, opts);

/** A fixture stream with a numeric signal, a categorical field, and a feature that comes and goes. */
function fixture(kind: Learner['kind'], n: number, seed = 7): Array<{ x: Features; y: number | boolean }> {
  const rng = createRng(seed);
  return Array.from({ length: n }, (_, i) => {
    const a = rng.normal();
    const b = rng.normal();
    const x: Features = { a, b, colour: ['red', 'green', 'blue'][rng.int(3)]! };
    if (i % 5 === 0) delete x.b; // missing
    if (i > n / 2) x.late = rng.normal(); // new
    const signal = 2 * a - (x.b === undefined ? 0 : Number(x.b)) + 0.3 * rng.normal();
    return { x, y: kind === 'regressor' ? 3 * signal + 5 : signal > 0 };
  });
}

/** The same rows, with a target that is a trending seasonal series (period 12) plus noise. */
function seriesFixture(n: number, seed = 7): Array<{ x: Features; y: number }> {
  const rng = createRng(seed);
  return fixture('regressor', n, seed).map(({ x }, i) => ({ x, y: 100 + 0.5 * i + 20 * Math.sin((2 * Math.PI * i) / 12) + rng.normal() }));
}

/** Everything observable from a learner on one input: predictions or the transform. */
function observe(l: Learner, x: Features): unknown {
  if (l.kind === 'transformer') return l.transformOne(x);
  if (l.kind === 'regressor') return l.predictOne(x);
  return [l.predictOne(x), l.predictProbaOne(x)];
}

function learn(l: Learner, x: Features, y: number | boolean): void {
  if (l.kind === 'transformer') l.learnOne(x);
  else if (l.kind === 'regressor') l.learnOne(x, Number(y));
  else l.learnOne(x, y as ClassLabel);
}

function freeze<T extends object>(o: T): T {
  return Object.freeze(o);
}

test('every registered learner is in the suite', () => {
  for (const name of Object.keys(LEARNERS)) assert.ok(CASES[name], name);
});

for (const [name, ref] of Object.entries(CASES)) {
  const kind = make(ref).kind;
  const stream = FORECASTERS.has(ref.learner) ? seriesFixture(400) : fixture(kind, 400);

  test(`${name}: never mutates its input`, () => {
    const l = make(ref);
    for (const { x, y } of stream.slice(0, 100)) {
      const before = JSON.stringify(x);
      const frozen = freeze({ ...x });
      observe(l, frozen);
      learn(l, frozen, y);
      observe(l, frozen);
      assert.is(JSON.stringify(x), before);
    }
  });

  test(`${name}: same params and seed → same outputs and state`, () => {
    const a = make(ref);
    const b = make(ref);
    for (const { x, y } of stream) {
      assert.equal(observe(a, x), observe(b, x));
      learn(a, x, y);
      learn(b, x, y);
    }
    assert.equal(a.snapshot(), b.snapshot());
  });

  test(`${name}: snapshot → JSON → restore predicts and keeps learning identically`, () => {
    const a = make(ref);
    for (const { x, y } of stream.slice(0, 200)) learn(a, x, y);
    const b = make(ref, { state: JSON.parse(JSON.stringify(a.snapshot())) });
    for (const { x, y } of stream.slice(200)) {
      assert.equal(observe(b, x), observe(a, x));
      learn(a, x, y);
      learn(b, x, y);
    }
    assert.equal(JSON.parse(JSON.stringify(b.snapshot())), JSON.parse(JSON.stringify(a.snapshot())));
  });

  test(`${name}: tolerates empty, missing, new, string and odd-named features`, () => {
    const l = make(ref);
    const odd: Features[] = [{}, { a: 1 }, { zzz: 2, colour: 'mauve' }, JSON.parse('{"__proto__": 1, "constructor": 3, "toString": 4}') as Features, { a: Number.NaN }];
    for (const x of odd) observe(l, x);
    for (const { x, y } of stream.slice(0, 50)) learn(l, x, y);
    for (const x of odd) {
      learn(l, x, kind === 'classifier' ? true : 1);
      const out = observe(l, x);
      if (typeof out === 'number') assert.ok(Number.isFinite(out), `${name} on ${JSON.stringify(x)}`);
      if (kind === 'classifier') for (const p of Object.values((out as [unknown, Record<string, number>])[1])) assert.ok(p >= 0 && p <= 1);
    }
  });

  if (kind !== 'transformer' && !BASELINES.has(ref.learner)) {
    test(`${name}: beats the trivial baseline on the fixture stream (prequential)`, () => {
      const model = make(ref);
      const baseline = make({ learner: kind === 'classifier' ? 'noChangeClassifier' : 'meanRegressor' });
      const errors = [0, 0];
      for (const { x, y } of stream) {
        [model, baseline].forEach((m, i) => {
          if (m.kind === 'regressor') errors[i]! += Math.abs(m.predictOne(x) - Number(y));
          else if (m.kind === 'classifier') errors[i]! += String(m.predictOne(x)) === String(y) ? 0 : 1;
          learn(m, x, y);
        });
      }
      assert.ok(errors[0]! < 0.8 * errors[1]!, `${name}: ${errors[0]} vs baseline ${errors[1]}`);
    });
  }

  if (kind === 'transformer') {
    test(`${name}: emits finite numbers for numeric inputs and never learns in transformOne`, () => {
      const t = make(ref) as Transformer;
      for (const { x } of stream.slice(0, 50)) t.learnOne(x);
      const state = JSON.stringify(t.snapshot());
      for (const { x } of stream.slice(50, 100)) {
        for (const v of Object.values(t.transformOne(x))) if (typeof v === 'number') assert.ok(Number.isFinite(v));
      }
      assert.is(JSON.stringify(t.snapshot()), state);
    });
  }
}

test('classifier and regressor types line up with the kinds', () => {
  const c = make({ learner: 'logisticRegression' }) as Classifier;
  const r = make({ learner: 'linearRegression' }) as Regressor;
  assert.is(c.kind, 'classifier');
  assert.is(r.kind, 'regressor');
});

test.run();
