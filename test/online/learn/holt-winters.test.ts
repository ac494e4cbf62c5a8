/** Holt-Winters: River's AirlinePassengers doctest per horizon, the regressor adapter, restore mid-series. */

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createHoltWinters, holtWinters } from '../../../src/online/learn/holt-winters.ts';
import { airlinePassengers, missing } from '../../../src/online/learn/river/datasets.ts';
import { evaluateForecaster } from '../../../src/online/learn/river/forecast.ts';

const absent = missing(airlinePassengers);
const params = { alpha: 0.3, beta: 0.1, gamma: 0.6, seasonality: 12, multiplicative: true };

test("River's HoltWinters doctest: MAE at every one of the 12 horizons to 6 decimals", () => {
  if (absent) return console.log(`skipped: ${absent}`);
  const ys = airlinePassengers.load().map((s) => s.y);
  const river = [25.899087, 26.26131, 25.735903, 25.625678, 26.093842, 26.90249, 28.634398, 29.284769, 31.018351, 32.252349, 33.518946, 33.975057];
  const ours = evaluateForecaster(createHoltWinters(params), ys, 12);
  ours.forEach((v, h) => assert.ok(Math.abs(v - river[h]!) < 5e-6, `+${h + 1}: ${v} vs ${river[h]}`));
});

test('additive seasonality recovers a noiseless trend + season exactly enough; forecast(h) has h values', () => {
  const season = [5, -3, 2, 0, -4, 0];
  const ys = Array.from({ length: 120 }, (_, t) => 10 + 0.5 * t + season[t % 6]!);
  const hw = createHoltWinters({ alpha: 0.5, beta: 0.2, gamma: 0.3, seasonality: 6 });
  for (const y of ys.slice(0, 114)) hw.learnOne(y);
  const f = hw.forecast(6);
  assert.is(f.length, 6);
  f.forEach((v, h) => assert.ok(Math.abs(v - ys[114 + h]!) < 0.05, `${v} vs ${ys[114 + h]}`));
});

test('regressor adapter: predicts `horizon` steps ahead, ignores x, and resumes from a snapshot', () => {
  const ys = Array.from({ length: 60 }, (_, t) => 50 + 2 * t + (t % 4 === 0 ? 6 : 0));
  const a = holtWinters.create({ ...params, seasonality: 4, multiplicative: false, horizon: 3 });
  const f = createHoltWinters({ ...params, seasonality: 4, multiplicative: false });
  for (const y of ys.slice(0, 30)) {
    a.learnOne({ anything: 1 }, y);
    f.learnOne(y);
  }
  assert.is(a.predictOne({}), f.forecast(3)[2]);
  const b = holtWinters.create({ ...params, seasonality: 4, multiplicative: false, horizon: 3 }, { state: JSON.parse(JSON.stringify(a.snapshot())) });
  for (const y of ys.slice(30)) {
    assert.is(b.predictOne({}), a.predictOne({}));
    a.learnOne({}, y);
    b.learnOne({}, y);
  }
});

test('before initialisation the forecast is the mean of the values seen; a non-finite target is ignored', () => {
  const hw = createHoltWinters({ ...params });
  assert.equal(hw.forecast(2), [0, 0]);
  hw.learnOne(4);
  hw.learnOne(Number.NaN);
  hw.learnOne(8);
  assert.equal(hw.forecast(2), [6, 6]);
  assert.throws(() => createHoltWinters({ gamma: 0.5, seasonality: 0 }), /seasonality/);
});

test.run();
