/**
 * Online learning end to end (embedded broker, real HTTP): per-device models learn from labels sent
 * over MQTT and get measurably better; labels over POST /v1/labels; a restarted service predicts
 * identically from its snapshot.
 */

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MqttClient } from 'mqtt';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Service } from '../../src/service.ts';
import { connect, getJson, listen, postJson, startService, type Inbox } from './harness.ts';

const PIPELINE = 'online-e2e';
const pipeline = {
  name: PIPELINE,
  source: { topic: 'olearn/+/telemetry', key: 'topic[1]', time: '$.ts' },
  window: { type: 'count', size: 1, every: 1 },
  features: { a: ['last'], b: ['last'] },
  model: undefined,
  online: {
    learner: ['standardScaler', 'logisticRegression'],
    params: { optimizer: { name: 'sgd', lr: 0.1 } },
    labels: { topic: 'olabels/+/online-e2e', ttl: '10m' },
  },
};
const T0 = Date.UTC(2026, 0, 1);
const PER_DEVICE = 120;
const BATCH = 10;

/** A seeded LCG in [0, 1). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

const dataDir = mkdtempSync(join(tmpdir(), 'streamscore-online-'));
let service: Service;
let client: MqttClient;
let scores: Inbox;
let seq = 0;

/** Publishes one event per device and returns, in order, the score events they produced. */
async function sendEvents(rows: Array<{ device: string; a: number; b: number }>): Promise<any[]> {
  const before = scores.messages.length;
  for (const r of rows) await client.publishAsync(`olearn/${r.device}/telemetry`, JSON.stringify({ ts: T0 + ++seq * 1000, a: r.a, b: r.b }), { qos: 1 });
  await scores.until((m) => m.length >= before + rows.length, 10_000, `${rows.length} scores`);
  return scores.messages.slice(before, before + rows.length).map((m) => m.body);
}

async function matched(): Promise<number> {
  return (await getJson(`${service.httpUrl}/v1/online/${PIPELINE}/metrics`)).body.labels.matched;
}

async function waitMatched(n: number): Promise<void> {
  for (let i = 0; i < 500 && (await matched()) < n; i++) await new Promise((r) => setTimeout(r, 10));
  assert.is(await matched(), n, 'every label matched');
}

test.before(async () => {
  service = await startService({ dataDir, pipeline });
  client = await connect(service.mqttUrl);
  scores = await listen(client, [`streamscore/scores/${PIPELINE}/#`]);
});

test('labels over MQTT teach each device its own concept: accuracy rises well above the no-learning baseline', async () => {
  // dev-1's fault is a + b > 0; dev-2's is the opposite, so only per-device models can be right on both.
  const r = rng(2026);
  const hits: number[] = [];
  const truths: boolean[] = [];
  for (let batch = 0; batch < PER_DEVICE / BATCH; batch++) {
    const rows = Array.from({ length: BATCH * 2 }, (_, i) => ({ device: i % 2 ? 'dev-2' : 'dev-1', a: r() * 2 - 1, b: r() * 2 - 1 }));
    const got = await sendEvents(rows);
    for (const [i, row] of rows.entries()) {
      const truth = row.a + row.b > 0 !== (row.device === 'dev-2');
      truths.push(truth);
      hits.push(got[i].prediction.label === truth ? 1 : 0);
      // The label names the window by key (from the topic) and window end; half by score id.
      const body = i % 2 ? { id: got[i].id, label: truth } : { windowEnd: got[i].window.end, label: truth };
      await client.publishAsync(`olabels/${row.device}/${PIPELINE}`, JSON.stringify(body), { qos: 1 });
    }
    await waitMatched(hits.length);
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const half = hits.length / 2;
  const first = mean(hits.slice(0, half));
  const second = mean(hits.slice(half));
  // No learning: the untrained model answers false for every window.
  const baseline = mean(truths.slice(half).map((t) => (t ? 0 : 1)));
  console.log(`  online e2e: accuracy first half ${first.toFixed(3)}, second half ${second.toFixed(3)}, no-learning baseline ${baseline.toFixed(3)}`);
  assert.ok(second >= 0.9, `second half ${second}`);
  assert.ok(second >= baseline + 0.3, `baseline ${baseline}`);
  assert.ok(second > first + 0.03, `first ${first} → second ${second}`);
  const metrics = (await getJson(`${service.httpUrl}/v1/online/${PIPELINE}/metrics`)).body;
  assert.is(metrics.aggregate.n, hits.length);
  assert.ok(Math.abs(metrics.aggregate.accuracy - mean(hits)) < 1e-9, 'the prequential accuracy is the accuracy of the published predictions');
  const model = (await getJson(`${service.httpUrl}/v1/online/${PIPELINE}/dev-1`)).body;
  assert.is(model.samples, PER_DEVICE);
  assert.equal(model.params[1], { learner: 'logisticRegression', params: { optimizer: { name: 'sgd', lr: 0.1 }, l2: 0, interceptInit: 0, interceptLr: 0.01, clipGradient: 1e12 } });
  const prom = (await getJson(`${service.httpUrl}/metrics`)).body as string;
  assert.match(prom, `streamscore_online_labels_total{pipeline="${PIPELINE}",outcome="matched"} ${hits.length}`);
  assert.ok(prom.includes(`streamscore_online_metric{pipeline="${PIPELINE}",metric="accuracy"} ${metrics.aggregate.accuracy}`), 'the accuracy gauge');
});

test('a bad label on the MQTT topic goes to the dead-letter topic with the reason', async () => {
  const dead = await listen(await connect(service.mqttUrl), ['streamscore/deadletter/bad_label']);
  await client.publishAsync(`olabels/dev-1/${PIPELINE}`, JSON.stringify({ id: 'x' }), { qos: 1 });
  await dead.until((m) => m.length === 1, 5000, 'a dead letter');
  assert.match(dead.messages[0]!.body.detail, /^label: missing/);
});

test('POST /v1/labels: a batch by key + event time; duplicates and unknown windows counted; 4xx say what to fix', async () => {
  const got = await sendEvents([{ device: 'dev-3', a: 0.5, b: 0.5 }, { device: 'dev-3', a: -0.5, b: -0.2 }]);
  const url = `${service.httpUrl}/v1/labels`;
  const labels = got.map((s, i) => ({ pipeline: PIPELINE, key: 'dev-3', eventTime: s.eventTime, label: i === 0 }));
  const res = await postJson(url, [...labels, labels[0], { pipeline: PIPELINE, id: 'no-such-window', label: true }]);
  assert.is(res.status, 200);
  assert.equal([res.body.matched, res.body.duplicate, res.body.unmatched], [2, 1, 1]);
  assert.is((await getJson(`${service.httpUrl}/v1/online/${PIPELINE}/dev-3`)).body.samples, 2);
  const bad = await postJson(url, [{ pipeline: PIPELINE, id: 'a' }]);
  assert.is(bad.status, 400);
  assert.match(bad.body.error.message, /^\[0\]\.label: missing/);
  assert.is((await postJson(url, { pipeline: 'nope', id: 'a', label: 1 })).status, 404);
  assert.is((await getJson(`${service.httpUrl}/v1/online/${PIPELINE}/dev-9`)).status, 404);
  const reset = await postJson(`${service.httpUrl}/v1/online/${PIPELINE}/dev-3/reset`, undefined);
  assert.equal([reset.status, reset.body.samples], [200, 0]);
});

test('a restarted service restores the models and predicts identically', async () => {
  const probe = { device: 'dev-1', a: 0.31, b: -0.12 };
  const [before] = await sendEvents([probe]);
  const view = (await getJson(`${service.httpUrl}/v1/online/${PIPELINE}/dev-1`)).body;
  await client.endAsync();
  await service.stop();

  service = await startService({ dataDir, pipeline });
  client = await connect(service.mqttUrl);
  scores = await listen(client, [`streamscore/scores/${PIPELINE}/#`]);
  assert.equal((await getJson(`${service.httpUrl}/v1/online/${PIPELINE}/dev-1`)).body, view);
  seq += 10;
  const [after] = await sendEvents([probe]);
  assert.equal(after.prediction, before.prediction);
  assert.equal(after.model, before.model);
  // The pending prediction made before the restart still takes its label.
  const res = await postJson(`${service.httpUrl}/v1/labels`, { pipeline: PIPELINE, id: before.id, label: false });
  assert.is(res.body.matched, 1);
});

test.after(async () => {
  await client?.endAsync();
  await service?.stop();
});

test.run();
