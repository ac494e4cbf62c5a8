/** The anomaly: section: defaults, `on` resolution, and errors that name the field. */

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readConfigFile, resolveConfig } from '../../src/config/load.ts';
import { problems } from './problems.ts';

const pipeline = (anomaly: unknown, over: Record<string, unknown> = {}): unknown => ({
  pipelines: [{
    name: 'pumps',
    source: { topic: 'devices/+/telemetry' },
    window: { type: 'sliding', size: '30s', every: '5s' },
    features: { temperature: ['mean', 'max'], current: ['mean'] },
    anomaly,
    ...over,
  }],
});

test('a pipeline with only an anomaly: section needs no model; defaults fill in', () => {
  const p = resolveConfig(pipeline({ detectors: ['rcf'] })).pipelines[0]!;
  assert.is(p.model, undefined);
  assert.equal(p.anomaly, {
    detectors: [{ name: 'rcf', params: {} }],
    combine: 'mean',
    scope: 'key',
    on: ['temperature_mean_30s', 'temperature_max_30s', 'current_mean_30s'],
    threshold: { policy: 'fixed', value: 0.8, quantile: 0.99, sigmas: 4, halfLife: 200, hysteresis: 0.1, cooldownMs: 60_000, warmup: 20 },
    explain: 3,
    maxKeys: 10_000,
  });
});

test('on: a field name selects all its features, a feature name selects one; order follows the vector', () => {
  const p = resolveConfig(pipeline({ detectors: ['mad'], on: ['current', 'temperature_max_30s'] })).pipelines[0]!;
  assert.equal(p.anomaly!.on, ['current_mean_30s', 'temperature_max_30s']);
});

test('raw fields: a count window of size 1 with last gives one feature per event', () => {
  const p = resolveConfig(pipeline({ detectors: ['mad'] }, { window: { type: 'count', size: 1 }, features: { temperature: ['last'] } })).pipelines[0]!;
  assert.equal(p.anomaly!.on, ['temperature_last_1ev']);
});

test('quantile and adaptive policies use value as a floor, default 0', () => {
  const p = resolveConfig(pipeline({ detectors: ['mad'], threshold: { policy: 'quantile' } })).pipelines[0]!;
  assert.is(p.anomaly!.threshold.value, 0);
});

test('errors name the field and the fix', () => {
  assert.equal(problems(pipeline({ detectors: ['nope'] })), [
    'pipelines[0].anomaly.detectors[0]: unknown detector "nope"; known: gaussian, mad, ewma, cusum, hst, forecast, knn, rcf, spike, changepoint, cad, likelihood, spatial, ensemble',
  ]);
  const badParam = problems(pipeline({ detectors: [{ name: 'rcf', params: { trees: 5 } }] }));
  assert.match(badParam[0]!, /^pipelines\[0\]\.anomaly\.detectors\[0\]\.params: unknown trees; rcf takes nTrees, /);
  assert.equal(problems(pipeline({ detectors: [{ name: 'ewma', params: { alpha: 2 } }] })), [
    'pipelines[0].anomaly.detectors[0].params: ewma.alpha: must be in (0, 1]',
  ]);
  assert.match(problems(pipeline({ detectors: ['mad'], on: ['pressure'] }))[0]!, /^pipelines\[0\]\.anomaly\.on\[0\]: "pressure" is neither a field in features nor a feature name; features are temperature_mean_30s/);
  assert.equal(problems(pipeline({ detectors: ['mad'], threshold: { cooldown: 'soon' } })), [
    'pipelines[0].anomaly.threshold.cooldown: "soon" is not a duration; write e.g. "30s", "5m"',
  ]);
  assert.equal(problems(pipeline({ detectors: ['mad'], threshold: { value: 0.3, hysteresis: 0.3 } })), [
    'pipelines[0].anomaly.threshold.hysteresis: must be lower than the threshold (0.3), or an incident never ends',
  ]);
  assert.ok(problems(pipeline({ detectors: ['mad'], threshold: { policy: 'sometimes' } })).some((p) => p.startsWith('pipelines[0].anomaly.threshold.policy')));
  assert.ok(problems(pipeline({ detectors: [] })).some((p) => p.startsWith('pipelines[0].anomaly.detectors')));
});

test('config/anomaly.yaml (the README example to run) resolves', async () => {
  const file = new URL('../../config/anomaly.yaml', import.meta.url).pathname;
  const p = resolveConfig(await readConfigFile(file)).pipelines[0]!;
  assert.equal(p.anomaly!.on, ['temperature_mean_30s', 'temperature_slope_30s', 'vibration_mean_30s', 'current_mean_30s']);
  assert.is(p.anomaly!.threshold.cooldownMs, 300_000);
});

test.run();
