/** Labelled windows: 15 model features, labels from the onset, straddling and warm-up windows dropped. */

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildDataset, DEMO_WINDOW, MODEL_FEATURES } from '../../src/train/dataset.ts';

const START = Date.UTC(2025, 0, 1);
const fleet = { devices: 6, ratePerSec: 2, startTs: START, seed: 3, faultFraction: 0.5, faultOnset: { minMs: 60_000, maxMs: 90_000 } };

test('the model reads mean, std, min, max, last of the three sensors, never count', () => {
  assert.is(MODEL_FEATURES.length, 15);
  assert.is(MODEL_FEATURES[0], 'temperature_mean_30s');
  assert.is(MODEL_FEATURES[14], 'current_last_30s');
  assert.ok(MODEL_FEATURES.every((n) => !n.includes('_count_')));
  assert.is(DEMO_WINDOW.sizeMs, 30_000);
  assert.is(DEMO_WINDOW.everyMs, 5_000);
});

test('windows every 5 s per device, labels from the onset, ambiguous windows dropped', () => {
  const d = buildDataset({ fleet, durationMs: 240_000 });
  assert.is(d.x.length, d.rows * 15);
  assert.ok(d.x.every((v) => Number.isFinite(v)));
  // ~240 s / 5 s windows per device, less the last partial one
  const windows = d.rows + d.dropped.onset + d.dropped.warmup;
  assert.ok(Math.abs(windows - 6 * 47) <= 6, `${windows} windows`);
  // a 30 s window every 5 s straddles an onset 6 times (ends in (onset, onset + 30 s])
  assert.is(d.dropped.onset, 3 * 6);
  // windows ending at 5 s … 30 s began before the device's first event: 6 per device
  assert.ok(d.dropped.warmup >= 5 * 6 && d.dropped.warmup <= 6 * 6, `warm-up ${d.dropped.warmup}`);
  assert.equal(new Set(d.fault.filter((f) => f !== null)), new Set(['wear', 'overheat', 'stuck']));
  for (let r = 0; r < d.rows; r++) assert.is(d.y[r] === 1, d.fault[r] !== null);
});

test('a stuck window has std 0 on the frozen sensor', () => {
  const d = buildDataset({ fleet: { ...fleet, faults: ['stuck'], faultFraction: 1 }, durationMs: 180_000 });
  const stdCols = ['temperature', 'vibration', 'current'].map((f) => MODEL_FEATURES.indexOf(`${f}_std_30s`));
  for (let r = 0; r < d.rows; r++) {
    const minStd = Math.min(...stdCols.map((c) => d.x[r * 15 + c]!));
    if (d.y[r]) assert.ok(minStd < 1e-6, `row ${r}: min std ${minStd}`);
    else assert.ok(minStd > 0.02, `healthy row ${r}: min std ${minStd}`);
  }
});

test.run();
