/** Explanations: a fault injected into one feature of a multivariate stream is ranked first, with its direction. */

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { explain, learnBaseline, occlusionAttribution, type Baseline } from '../../../src/online/anomaly/explain.ts';
import { rcf } from '../../../src/online/anomaly/rcf.ts';
import { detectorDef } from '../../../src/online/anomaly/registry.ts';
import type { Detector, Sample } from '../../../src/online/anomaly/types.ts';
import { createRng } from '../../../src/sim/rng.ts';

/** Three correlated-ish features with seeded noise: cpu and mem follow a load cycle, disk is noisy. */
function healthy(n: number, seed: number): Sample[] {
  const rng = createRng(seed);
  return Array.from({ length: n }, (_, i) => {
    const load = Math.sin((2 * Math.PI * i) / 60);
    return { cpu: 50 + 10 * load + rng.normal(), mem: 40 + 3 * load + 0.5 * rng.normal(), disk: 20 + 2 * rng.normal() };
  });
}

function train(d: Detector, xs: Sample[]): Baseline {
  const b: Baseline = {};
  for (const x of xs) {
    d.scoreOne(x);
    d.learnOne(x);
    learnBaseline(b, x);
  }
  return b;
}

/** A healthy next row with one feature pushed by `delta` (in that feature's units). */
function faulty(feature: string, delta: number): Sample {
  const x = healthy(301, 99)[300]!;
  return { ...x, [feature]: x[feature]! + delta };
}

const FAULTS: Array<[string, number, 'high' | 'low']> = [
  ['mem', +8, 'high'],
  ['disk', -15, 'low'],
  ['cpu', +45, 'high'],
];

for (const [feature, delta, direction] of FAULTS) {
  test(`rcf (DiVector): ${feature} ${delta > 0 ? '+' : ''}${delta} ranks ${feature} first, direction ${direction}`, () => {
    const d = rcf.create({ nTrees: 30, treeSize: 128, shingleSize: 1, seed: 3 });
    const baseline = train(d, healthy(300, 1));
    const x = faulty(feature, delta);
    const score = d.scoreOne(x);
    assert.ok(score > d.scoreOne(healthy(301, 99)[300]!), `the fault scores higher than the healthy row: ${score}`);
    const items = explain(d.attributeOne(x), { score, x, baseline, k: 3 });
    assert.is(items[0]!.feature, feature);
    assert.is(items[0]!.direction, direction);
    assert.ok(Math.abs(items.reduce((a, i) => a + i.attribution, 0) - score) < 1e-5, 'k = all features: parts sum to the score');
  });

  for (const name of ['gaussian', 'mad', 'hst', 'knn']) {
    test(`${name} (occlusion): ${feature} ${delta > 0 ? '+' : ''}${delta} ranks ${feature} first, direction ${direction}`, () => {
      const d = detectorDef(name).create(name === 'knn' ? { shingle: 1 } : {});
      const baseline = train(d, healthy(300, 1));
      const x = faulty(feature, delta);
      const score = d.scoreOne(x);
      const items = explain(occlusionAttribution(d, baseline, x), { score, x, baseline, k: 3 });
      assert.is(items[0]!.feature, feature, JSON.stringify(items));
      assert.is(items[0]!.direction, direction);
      assert.is(items[0]!.value, x[feature]);
      assert.ok(Math.abs(items[0]!.expected - baseline[feature]!.mean) < 1e-6);
    });
  }
}

test('explain: top-k only, ties broken by name, nothing to explain → empty', () => {
  const attribution = { a: { high: 1, low: 0 }, b: { high: 0, low: 3 }, c: { high: 1, low: 0 } };
  const items = explain(attribution, { score: 0.5, x: { a: 1, b: 2, c: 3 }, baseline: {}, k: 2 });
  assert.equal(items.map((i) => [i.feature, i.direction, i.attribution]), [['b', 'low', 0.3], ['a', 'high', 0.1]]);
  assert.equal(explain({ a: { high: 0, low: 0 } }, { score: 0.9, x: { a: 1 }, baseline: {}, k: 3 }), []);
});

test('occlusion is pure: explaining does not change the detector\'s next scores', () => {
  const a = detectorDef('hst').create();
  const b = detectorDef('hst').create();
  const baseline = train(a, healthy(300, 1));
  train(b, healthy(300, 1));
  occlusionAttribution(a, baseline, faulty('mem', 8));
  const next = healthy(340, 2).slice(300);
  assert.equal(next.map((x) => a.scoreOne(x)), next.map((x) => b.scoreOne(x)));
});

test.run();
