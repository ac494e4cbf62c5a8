/** Behaviour of individual detectors and wrappers, as small tables and timelines. */

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { rcf } from '../../../src/online/anomaly/rcf.ts';
import { detectorDef } from '../../../src/online/anomaly/registry.ts';
import { zToScore } from '../../../src/online/anomaly/score.ts';
import type { Detector } from '../../../src/online/anomaly/types.ts';

function feed(d: Detector, values: number[]): number[] {
  return values.map((value) => {
    const s = d.scoreOne({ value });
    d.learnOne({ value });
    return s;
  });
}

const alternating = (n: number) => Array.from({ length: n }, (_, i) => (i % 2 ? 11 : 9)); // mean 10, std 1

test('zToScore: 0 at z = 0, ½ at z = k, symmetric, monotone', () => {
  assert.is(zToScore(0), 0);
  assert.is(zToScore(3), 0.5);
  assert.is(zToScore(-3), 0.5);
  assert.ok(zToScore(6) > zToScore(4));
  assert.is(zToScore(Number.NaN), 0);
});

test('gaussian: a value 3σ from the window mean scores ½', () => {
  const d = detectorDef('gaussian').create({ windowSize: 100, minSamples: 10 });
  feed(d, alternating(100));
  assert.ok(Math.abs(d.scoreOne({ value: 13 }) - 0.5) < 1e-9);
  assert.ok(Math.abs(d.scoreOne({ value: 7 }) - 0.5) < 1e-9);
});

test('mad: one huge outlier in the window does not mask the next one', () => {
  const g = detectorDef('gaussian').create({ windowSize: 100, minSamples: 10 });
  const m = detectorDef('mad').create({ windowSize: 100, minSamples: 10 });
  const values = [...alternating(99), 1000];
  feed(g, values);
  feed(m, values);
  assert.ok(m.scoreOne({ value: 20 }) > 0.5);
  assert.ok(g.scoreOne({ value: 20 }) < 0.1);
});

test('cusum: a small persistent shift (0.75σ) accumulates until it scores high', () => {
  const d = detectorDef('cusum').create();
  feed(d, alternating(400));
  const after = feed(d, alternating(40).map((v) => v + 0.75));
  assert.ok(after[0]! < 0.2, `first ${after[0]}`);
  assert.ok(Math.max(...after) > 0.5, `max ${Math.max(...after)}`);
});

test('forecast: a trend is predicted, so a steady ramp is not anomalous but a break in it is', () => {
  const d = detectorDef('forecast').create({ alpha: 0.5, beta: 0.3 });
  const ramp = Array.from({ length: 300 }, (_, i) => i + (i % 2 ? 0.5 : -0.5));
  const s = feed(d, ramp);
  assert.ok(s[299]! < 0.2, `ramp ${s[299]}`);
  assert.ok(d.scoreOne({ value: 250 }) > 0.9);
});

test('knn: a pattern seen before scores low, a new shape scores high', () => {
  const d = detectorDef('knn').create({ shingle: 8, historySize: 400 });
  const wave = Array.from({ length: 600 }, (_, i) => Math.sin((2 * Math.PI * i) / 50));
  feed(d, wave);
  assert.ok(d.scoreOne({ value: Math.sin((2 * Math.PI * 600) / 50) }) < 0.2);
  assert.ok(d.scoreOne({ value: 3 }) > 0.8);
});

test('spike: side up flags spikes, not dips; both flags both', () => {
  const up = detectorDef('spike').create({ side: 'up', windowSize: 100 });
  const both = detectorDef('spike').create({ side: 'both', windowSize: 100 });
  feed(up, alternating(100));
  feed(both, alternating(100));
  assert.ok(up.scoreOne({ value: 16 }) > 0.99);
  assert.ok(up.scoreOne({ value: 4 }) < 0.01);
  assert.ok(both.scoreOne({ value: 4 }) > 0.99);
  assert.ok(both.scoreOne({ value: 10 }) < 0.5);
});

test('changepoint: quiet on an exchangeable stream, rising over a level shift, one spike alone stays low', () => {
  const d = detectorDef('changepoint').create({ windowSize: 100 });
  const quiet = feed(d, alternating(400).map((v, i) => v + 0.3 * Math.sin(i * 1.7)));
  assert.ok(Math.max(...quiet.slice(100)) < 0.5, `quiet max ${Math.max(...quiet.slice(100))}`);
  const spike = d.scoreOne({ value: 30 });
  assert.ok(spike < 0.5, `spike ${spike}`);
  const shifted = feed(d, alternating(10).map((v) => v + 5));
  assert.ok(shifted[9]! > 0.6, `after shift ${shifted.map((x) => x.toFixed(2)).join(' ')}`);
});

test('spatial: a value beyond the running range ± 5% scores 1; inside it passes the inner score', () => {
  const d = detectorDef('spatial').create({ minSamples: 10, inner: { name: 'gaussian', params: { minSamples: 10 } } });
  feed(d, alternating(50)); // range [9, 11], tolerance 0.1
  assert.is(d.scoreOne({ value: 11.2 }), 1);
  assert.is(d.scoreOne({ value: 8.8 }), 1);
  assert.ok(d.scoreOne({ value: 11.05 }) < 1);
});

test('likelihood: a burst reads as red once, then is demoted during the cool-down', () => {
  const d = detectorDef('likelihood').create({
    learningPeriod: 50,
    cooldown: 100,
    inner: { name: 'gaussian', params: { windowSize: 500, minSamples: 10 } },
  });
  feed(d, alternating(800));
  const burst = feed(d, [...Array(15).fill(30), ...alternating(60), ...Array(15).fill(-10)]);
  const reds = burst.filter((s) => s > 0.5);
  assert.ok(reds.length >= 1, 'the burst is seen');
  assert.ok(burst.filter((s) => s > 0.99).length <= 1, `one red only: ${burst.map((s) => s.toFixed(2)).join(' ')}`);
});

test('ensemble: mean and max of members', () => {
  const members = [{ name: 'gaussian', params: { minSamples: 10 } }, { name: 'ewma', params: { minSamples: 10 } }];
  const mean = detectorDef('ensemble').create({ members, combine: 'mean' });
  const max = detectorDef('ensemble').create({ members, combine: 'max' });
  const a = detectorDef('gaussian').create({ minSamples: 10 });
  const b = detectorDef('ewma').create({ minSamples: 10 });
  for (const d of [mean, max, a, b]) feed(d, alternating(100));
  const x = { value: 14 };
  assert.ok(Math.abs(mean.scoreOne(x) - (a.scoreOne(x) + b.scoreOne(x)) / 2) < 1e-12);
  assert.is(max.scoreOne(x), Math.max(a.scoreOne(x), b.scoreOne(x)));
});

test('ensemble rank: members on different scales count alike; new extremes stay ordered', () => {
  const members = [{ name: 'gaussian', params: { minSamples: 10 } }, { name: 'ewma', params: { minSamples: 10 } }];
  const rank = detectorDef('ensemble').create({ members, combine: 'rank' });
  feed(rank, alternating(300));
  const typical = rank.scoreOne({ value: 10.5 });
  const far = rank.scoreOne({ value: 14 });
  const farther = rank.scoreOne({ value: 30 });
  assert.ok(typical < 0.6, `typical ${typical}`);
  assert.ok(far > 0.95 && farther > far && farther <= 1, `${far} < ${farther} ≤ 1`);
});

test('rcf: attribution ranks the injected feature first, with the right direction', () => {
  const d = rcf.create({ nTrees: 20, treeSize: 64, shingleSize: 1 });
  for (let i = 0; i < 300; i++) {
    const x = { cpu: 50 + 5 * Math.sin(i / 7), mem: 30 + 3 * Math.cos(i / 5), disk: 10 + (i % 3) };
    d.scoreOne(x);
    d.learnOne(x);
  }
  const fault = { cpu: 50, mem: 80, disk: 11 };
  assert.ok(d.scoreOne(fault) > 0.5, `score ${d.scoreOne(fault)}`);
  const attr = d.attributeOne(fault);
  const ranked = Object.entries(attr).sort((a, b) => b[1].high + b[1].low - (a[1].high + a[1].low));
  assert.is(ranked[0]![0], 'mem');
  assert.ok(attr.mem!.high > attr.mem!.low);
});

test('registry: unknown detector names list the known ones', () => {
  assert.throws(() => detectorDef('nope'), /known: gaussian/);
});

test.run();
