/** Conformance suite run over every registered anomaly detector (River's `checks/` idea). */

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { learnBaseline, occlusionAttribution, type Baseline } from '../../src/online/anomaly/explain.ts';
import { detectors } from '../../src/online/anomaly/registry.ts';
import type { Detector, Sample } from '../../src/online/anomaly/types.ts';
import { rocAuc } from '../../src/train/auc.ts';
import { anomalyFixture } from '../online/anomaly/fixture.ts';

const fixture = anomalyFixture();
const uni: Sample[] = fixture.rows.map((r) => ({ value: r.value }));
const multi: Sample[] = fixture.rows;

function run(d: Detector, xs: readonly Sample[]): number[] {
  return xs.map((x) => {
    const s = d.scoreOne(x);
    d.learnOne(x);
    return s;
  });
}

for (const [name, def] of Object.entries(detectors)) {
  test(`${name}: registry entry is named after its key and has a summary and defaults`, () => {
    assert.is(def.name, name);
    assert.ok(def.summary.length > 10);
    assert.type(def.defaults, 'object');
  });
}

/** Every registry entry with its defaults, plus variants whose params switch on other code paths. */
const VARIANTS: Array<[string, (typeof detectors)[string], Record<string, unknown>]> = [
  ...Object.entries(detectors).map(([name, def]) => [name, def, {}] as [string, (typeof detectors)[string], Record<string, unknown>]),
  ['ensemble (rank)', detectors.ensemble!, { combine: 'rank' }],
];

for (const [name, registered, params] of VARIANTS) {
  const def = { create: (p?: object, opts?: { state?: unknown }) => registered.create({ ...params, ...p }, opts) };

  test(`${name}: scores are finite and in [0, 1]`, () => {
    for (const s of run(def.create(), multi)) assert.ok(Number.isFinite(s) && s >= 0 && s <= 1, String(s));
  });

  test(`${name}: does not mutate its input`, () => {
    const xs = multi.slice(0, 600).map((x) => Object.freeze({ ...x }));
    const copy = JSON.parse(JSON.stringify(xs));
    run(def.create(), xs);
    assert.equal(xs, copy);
  });

  test(`${name}: same params and seed → same scores`, () => {
    assert.equal(run(def.create(), multi), run(def.create(), multi));
  });

  test(`${name}: snapshot → JSON → restore gives identical subsequent scores`, () => {
    const a = def.create();
    run(a, multi.slice(0, 1500));
    const snap = JSON.parse(JSON.stringify(a.snapshot()));
    const b = def.create({}, { state: snap });
    assert.equal(run(b, multi.slice(1500)), run(a, multi.slice(1500)));
  });

  test(`${name}: snapshot is a copy, not a live view`, () => {
    const a = def.create();
    run(a, multi.slice(0, 500));
    const before = JSON.stringify(a.snapshot());
    const snap = a.snapshot();
    run(a, multi.slice(500, 800));
    assert.is(JSON.stringify(snap), before);
  });

  test(`${name}: causal — scores of the first k rows do not depend on later rows`, () => {
    const k = 1300;
    const full = run(def.create(), uni);
    const prefix = run(def.create(), uni.slice(0, k));
    assert.equal(full.slice(0, k), prefix);
  });

  test(`${name}: ROC AUC ≥ 0.5 on injected spikes and level shifts`, () => {
    const scores = run(def.create(), uni);
    const from = 300; // after warm-up
    const auc = rocAuc(scores.slice(from), fixture.labels.slice(from));
    assert.ok(auc >= 0.5, `AUC ${auc.toFixed(3)}`);
  });

  test(`${name}: ROC AUC ≥ 0.5 with a second, healthy feature beside the faulty one`, () => {
    const scores = run(def.create(), multi);
    const auc = rocAuc(scores.slice(300), fixture.labels.slice(300));
    assert.ok(auc >= 0.5, `AUC ${auc.toFixed(3)}`);
  });

  test(`${name}: served explanations name the faulty feature on the top-scored spikes`, () => {
    const d = def.create();
    const baseline: Baseline = {};
    const spikes: Array<{ score: number; top: string }> = [];
    multi.forEach((x, i) => {
      const score = d.scoreOne(x);
      if (i > 400 && i % 250 === 17) {
        const a = occlusionAttribution(d, baseline, x);
        const top = Object.entries(a).sort((p, q) => q[1].high + q[1].low - (p[1].high + p[1].low))[0]?.[0] ?? '';
        spikes.push({ score, top });
      }
      d.learnOne(x);
      learnBaseline(baseline, x);
    });
    // At least two of the three: a spike may coincide with a genuine 2σ excursion of the healthy
    // feature, which rank combining (every extreme near rank 1) cannot tell apart.
    const best = spikes.sort((p, q) => q.score - p.score).slice(0, 3);
    assert.ok(best.filter((s) => s.top === 'value').length >= 2, JSON.stringify(best));
  });
}

test.run();
