/** Config validation: schema errors and cross-field rules each name the field and the fix. */

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DEMO_CONFIG } from '../../src/config/demo.ts';
import { resolveConfig } from '../../src/config/load.ts';
import { problems } from './problems.ts';

const demoPipeline = DEMO_CONFIG.pipelines[0]!;
const withPipeline = (over: Record<string, unknown>): unknown => ({ pipelines: [{ ...demoPipeline, ...over }] });

test('the demo config resolves with defaults and durations in ms', () => {
  const config = resolveConfig(DEMO_CONFIG);
  const p = config.pipelines[0]!;
  assert.equal(p.window, { type: 'sliding', sizeMs: 30_000, everyMs: 5000, offsetMs: 0, emit: 'interval', partial: 'skip' });
  assert.equal(p.time, { slackMs: 0, late: 'deadletter', allowedLatenessMs: 0, watermark: 'key', idleTimeoutMs: 60_000, maxFutureMs: 3_600_000, future: 'deadletter', keyTtlMs: 86_400_000 });
  assert.equal(p.source.key, { kind: 'topic', level: 1 });
  assert.equal(p.source.time, ['ts']);
  assert.equal(p.batch, { maxRows: 64, maxDelayMs: 0 });
  assert.equal(p.emit.qos, 1);
  assert.equal(config.http.port, 8080);
  assert.equal(config.mqtt.brokerPort, 1883);
  assert.ok(Object.isFrozen(config));
});

test('every ≥ size is refused, naming the field, the limit and the fix', () => {
  assert.equal(problems(withPipeline({ window: { type: 'sliding', size: '10s', every: '20s' } })), [
    'pipelines[0].window.every: must be lower than size (10s); for every = size use type: tumbling',
  ]);
});

test('each window type takes its own fields, and says which are missing or misplaced', () => {
  const table: Array<[Record<string, unknown>, string]> = [
    [{ type: 'tumbling', size: '1m', every: '10s' }, 'pipelines[0].window.every: not used by tumbling windows; remove it'],
    [{ type: 'hopping', size: '1m' }, 'pipelines[0].window.hop: required for hopping windows, e.g. hop: 10s'],
    [{ type: 'hopping', size: '1m', hop: '1m' }, 'pipelines[0].window.hop: must be lower than size (1m); for hop = size use type: tumbling'],
    [{ type: 'session', size: '1m' }, 'pipelines[0].window.size: not used by session windows; remove it'],
    [{ type: 'session', gap: '5m', maxDuration: '1m' }, 'pipelines[0].window.maxDuration: must be longer than gap (5m)'],
    [{ type: 'count', size: 10, every: 20 }, 'pipelines[0].window.every: must not exceed size (10 events)'],
    [{ type: 'count', size: '10s' }, 'pipelines[0].window.size: count windows take a number of events, e.g. size: 100'],
    [{ type: 'sliding', size: '1m', every: '10s', offset: '10s' }, "pipelines[0].window.offset: must be lower than the window's step (10s)"],
    [{ type: 'sliding', size: '1m', every: '10s', emit: 'event' }, 'pipelines[0].window.every: emit: event gives a result per event; remove every, or use emit: interval'],
  ];
  for (const [window, expected] of table) {
    const found = problems(withPipeline({ window }));
    assert.ok(found.includes(expected), `${JSON.stringify(window)} →\n${found.join('\n')}`);
  }
  for (const window of [{ type: 'tumbling', size: '1m' }, { type: 'hopping', size: '1m', hop: '15s', offset: '5s' }, { type: 'count', size: 100, every: 10 }, { type: 'session', gap: '5m', maxDuration: '1h' }, { type: 'sliding', size: '1m' }]) {
    assert.equal(problems(withPipeline({ window })), [], JSON.stringify(window));
  }
});

test('time: late update needs time windows and allowedLateness; adaptive needs maxSlack ≥ slack', () => {
  assert.ok(problems(withPipeline({ time: { late: 'update' } })).includes('pipelines[0].time.allowedLateness: late: update needs how long a window stays correctable, e.g. allowedLateness: 5m'));
  assert.match(problems(withPipeline({ window: { type: 'session', gap: '1m' }, time: { late: 'update', allowedLateness: '1m' } })).join('\n'), /session windows take drop or deadletter/);
  assert.match(problems(withPipeline({ time: { allowedLateness: '1m' } })).join('\n'), /only used with late: update/);
  assert.match(problems(withPipeline({ time: { slack: '10s', adaptive: true, maxSlack: '5s' } })).join('\n'), /maxSlack: must be at least slack \(10s\)/);
  assert.equal(problems(withPipeline({ time: { slack: '2s', adaptive: true, late: 'update', allowedLateness: '5m', watermark: 'pipeline' } })), []);
});

test('malformed durations say how to write one', () => {
  const found = problems(withPipeline({ window: { type: 'sliding', size: 'ten seconds', every: '5s' } }));
  assert.ok(found.some((p) => p.startsWith('pipelines[0].window.size: "ten seconds" is not a duration')), found.join('\n'));
});

test('unknown aggregates list the known ones', () => {
  const found = problems(withPipeline({ features: { temperature: ['mean', 'median9'] } }));
  assert.match(found[0]!, /pipelines\[0\]\.features\.temperature: unknown aggregate median9; known: .*count.*mean/);
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

test('state.wal: on by default with fsync and bounds; a bad bound names the field', () => {
  assert.equal(resolveConfig(DEMO_CONFIG).state.wal, { enabled: true, fsync: true, segmentBytes: 16 * 1024 * 1024, maxBytes: 256 * 1024 * 1024 });
  const found = problems({ ...DEMO_CONFIG, state: { wal: { maxBytes: 10 } } });
  assert.ok(found.some((p) => p.startsWith('state.wal.maxBytes')), found.join('; '));
});

test.run();
