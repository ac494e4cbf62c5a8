/** Config validation: schema errors and cross-field rules each name the field and the fix. */

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DEMO_CONFIG } from '../../src/config/demo.ts';
import { ConfigError, resolveConfig } from '../../src/config/load.ts';

const demoPipeline = DEMO_CONFIG.pipelines[0]!;
const withPipeline = (over: Record<string, unknown>): unknown => ({ pipelines: [{ ...demoPipeline, ...over }] });

function problems(input: unknown): string[] {
  try {
    resolveConfig(input);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

test('the demo config resolves with defaults and durations in ms', () => {
  const config = resolveConfig(DEMO_CONFIG);
  const p = config.pipelines[0]!;
  assert.equal(p.window, { type: 'sliding', sizeMs: 30_000, everyMs: 5000, partial: 'skip' });
  assert.equal(p.source.key, { kind: 'topic', level: 1 });
  assert.equal(p.source.time, ['ts']);
  assert.equal(p.batch, { maxRows: 64, maxDelayMs: 5 });
  assert.equal(p.emit.qos, 1);
  assert.equal(config.http.port, 8080);
  assert.equal(config.mqtt.brokerPort, 1883);
  assert.ok(Object.isFrozen(config));
});

test('every > size is refused, naming the field and the limit', () => {
  assert.equal(problems(withPipeline({ window: { type: 'sliding', size: '10s', every: '20s' } })), [
    'pipelines[0].window.every: must not exceed size (10s); events between windows would be ignored',
  ]);
});

test('malformed durations say how to write one', () => {
  const found = problems(withPipeline({ window: { type: 'sliding', size: 'ten seconds', every: '5s' } }));
  assert.ok(found.some((p) => p.startsWith('pipelines[0].window.size: "ten seconds" is not a duration')), found.join('\n'));
});

test('unknown aggregates list the known ones', () => {
  const found = problems(withPipeline({ features: { temperature: ['mean', 'median9'] } }));
  assert.match(found[0]!, /pipelines\[0\]\.features\.temperature: unknown aggregate median9; known: count, sum, mean/);
});

test('key must point at a + level of the topic filter', () => {
  assert.match(problems(withPipeline({ source: { topic: 'devices/+/telemetry', key: 'topic[2]' } }))[0]!, /fixed word "telemetry"/);
  assert.match(problems(withPipeline({ source: { topic: 'devices/+/telemetry', key: 'topic[7]' } }))[0]!, /level 7 is not in/);
  assert.match(problems(withPipeline({ source: { topic: 'devices/+/telemetry', key: 'device' } }))[0]!, /must be topic\[n\]/);
});

test('invalid topic filters and wildcard emit topics are refused', () => {
  assert.match(problems(withPipeline({ source: { topic: 'devices/#/x' } })).join('\n'), /'#' must be a whole last level/);
  const emit = { scores: 'out/+/x', anomalies: { topic: 'a/{key}' } };
  assert.match(problems(withPipeline({ emit })).join('\n'), /emit.scores: "out\/\+\/x" must be a topic name without wildcards/);
});

test('schema errors point at the field; duplicate names are caught', () => {
  assert.ok(problems({ pipelines: [] }).some((p) => p.startsWith('pipelines:')));
  assert.ok(problems({ ...DEMO_CONFIG, colour: 'red' }).some((p) => p.startsWith('colour:')));
  assert.ok(problems({ pipelines: [demoPipeline, demoPipeline] }).some((p) => p.includes('names must be unique')));
});

test.run();
