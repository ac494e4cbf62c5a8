/** `online:` config: defaults, task inference, and errors that name the field. */

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { ConfigError, resolveConfig } from '../../../src/config/load.ts';

const base = {
  name: 'p',
  source: { topic: 'd/+/t' },
  window: { type: 'tumbling', size: '10s' },
  features: { temp: ['mean', 'last'], fault: ['last'] },
};

function load(online: unknown, extra: Record<string, unknown> = {}) {
  return resolveConfig({ pipelines: [{ ...base, ...extra, online }] }).pipelines[0]!;
}

function problems(online: unknown, extra: Record<string, unknown> = {}): string[] {
  try {
    load(online, extra);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  assert.unreachable('expected a config error');
  return [];
}

test('a learner name alone: classification inferred, one model per key, labels over HTTP with defaults', () => {
  const p = load({ learner: 'logisticRegression' });
  assert.is(p.model, undefined, 'no model: needed');
  assert.equal(p.online, {
    learner: { learner: 'logisticRegression', params: {} },
    name: 'logisticRegression',
    task: 'classification',
    binary: true,
    scope: 'key',
    labels: { ttlMs: 600_000, maxPending: 10_000 },
    positive: true,
    maxKeys: 10_000,
  });
});

test('steps compose a pipeline; params go to the last step; a regressor makes a regression task', () => {
  const p = load({ learner: ['standardScaler', 'linearRegression'], params: { l2: 0.1 }, scope: 'pipeline', labels: { topic: 'labels/+/p', ttl: '30s' } });
  assert.equal(p.online!.learner, { learner: 'pipeline', params: { steps: [{ learner: 'standardScaler' }], model: { learner: 'linearRegression', params: { l2: 0.1 } } } });
  assert.is(p.online!.name, 'standardScaler|linearRegression');
  assert.is(p.online!.task, 'regression');
  assert.equal(p.online!.labels, { topic: 'labels/+/p', ttlMs: 30_000, maxPending: 10_000 });
});

test('binary learners take a boolean positive class', () => {
  assert.is(load({ learner: 'perceptron', positive: 1 }).online!.positive, true);
  assert.is(load({ learner: 'gaussianNB', positive: 'fault' }).online!.positive, 'fault');
});

test('an unknown learner names the field and lists the known ones', () => {
  const [p] = problems({ learner: 'deepForest' });
  assert.match(p!, /^pipelines\[0\]\.online\.learner: unknown learner "deepForest"; known: .*logisticRegression/);
  assert.match(problems({ learner: ['standardScaler', 'nope'] })[0]!, /^pipelines\[0\]\.online\.learner\[1\]: unknown learner "nope"/);
});

test('bad params: unknown name, wrong type, rejected by the learner', () => {
  assert.match(problems({ learner: 'logisticRegression', params: { lr: 0.1 } })[0]!, /^pipelines\[0\]\.online\.params\.lr: logisticRegression has no param "lr" \(known: optimizer, l2/);
  assert.match(problems({ learner: 'logisticRegression', params: { l2: 'lots' } })[0]!, /^pipelines\[0\]\.online\.params\.l2: must be a number/);
  assert.match(problems({ learner: 'logisticRegression', params: { optimizer: { name: 'rmsprop' } } })[0]!, /^pipelines\[0\]\.online\.params: the learner rejects these params/);
  assert.match(problems({ learner: 'gaussianNB', params: { alpha: 1 } })[0]!, /it takes none/);
});

test('the model must come last, and a transformer alone is not a model', () => {
  assert.match(problems({ learner: ['logisticRegression', 'standardScaler'] }).join('\n'), /online\.learner\[0\]: "logisticRegression" is a model; only the last step may be one/);
  assert.match(problems({ learner: 'standardScaler' })[0]!, /online\.learner: "standardScaler" is a transformer; end with a model/);
});

test('features, target, labels, drift: each problem names its field', () => {
  assert.match(problems({ learner: 'gaussianNB', features: ['pressure'] })[0]!, /online\.features: "pressure" is not a computed feature/);
  assert.match(problems({ learner: 'gaussianNB', target: 'label' })[0]!, /online\.target: "label" is not in features; add e.g. label: \[last\]/);
  assert.match(problems({ learner: 'gaussianNB', target: 'fault', features: ['fault'] })[0]!, /online\.features: the target "fault" cannot also be a feature/);
  assert.match(problems({ learner: 'gaussianNB', target: 'fault', labels: { topic: 'l/+' } })[0]!, /online\.labels: with target/);
  assert.match(problems({ learner: 'gaussianNB', labels: { ttl: 'soon' } })[0]!, /online\.labels\.ttl: "soon" is not a positive duration/);
  assert.match(problems({ learner: 'gaussianNB', labels: { topic: 'l/#/x' } })[0]!, /online\.labels\.topic: invalid MQTT topic filter/);
  assert.match(problems({ learner: 'gaussianNB', drift: { detector: 'adwin', params: { delta2: 1 } } })[0]!, /online\.drift\.params\.delta2: adwin has no param/);
  assert.match(problems({ learner: 'gaussianNB', drift: { detector: 'kswin' } })[0]!, /online\.drift\.detector/);
  assert.match(problems({ learner: 'gaussianNB', scope: 'device' })[0]!, /online\.scope/);
});

test('features accept fields, field_aggregate and full feature names', () => {
  assert.equal(load({ learner: 'gaussianNB', features: ['temp', 'temp_mean', 'temp_last_10s'] }).online!.features, ['temp', 'temp_mean', 'temp_last_10s']);
});

test('the README example is a valid config', () => {
  const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
  const section = readme.slice(readme.indexOf('## Online learning'));
  const yaml = /```yaml\n([\s\S]*?)```/.exec(section)![1]!;
  const p = resolveConfig(parseYaml(yaml)).pipelines[0]!;
  assert.equal([p.online!.name, p.online!.task, p.online!.drift?.detector, p.online!.labels.ttlMs], ['standardScaler|logisticRegression', 'classification', 'adwin', 600_000]);
});

test.run();
