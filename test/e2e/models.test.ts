/**
 * Models end to end through the real service (embedded broker, real HTTP, real MQTT): upload a new
 * version → activate → scores switch version → roll back → delete; a hot swap under continuous
 * traffic (every event scored once, no batch mixing versions, counts per version); and a shadow
 * model scored on the same windows with agreement figures in /v1/pipelines and /metrics.
 */

import { randomBytes } from 'node:crypto';
import type { MqttClient } from 'mqtt';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Service } from '../../src/service.ts';
import { createFleet, type Fleet } from '../../src/sim/fleet.ts';
import { SHIPPED_FEATURES } from '../http/app.ts';
import { logisticOnnx } from '../models/onnx-fixtures.ts';
import { connect, getJson, listen, startService, type Inbox } from './harness.ts';

const START = Date.UTC(2026, 0, 1, 8, 0, 0);
const run = randomBytes(3).toString('hex');
const pipeline = `models-${run}`;
const prefix = `models-${run}`;

interface Ctx {
  service: Service;
  fleet: Fleet;
  pub: MqttClient;
  sub: MqttClient;
  inbox: Inbox;
  clock: number;
  published: number;
}
const it = suite<Ctx>('e2e: models', {} as Ctx);

/** A logistic model over the pipeline's 15 features, distinguishable by its bias. */
const model = (bias: number): Uint8Array => logisticOnnx({ weights: SHIPPED_FEATURES.map(() => 0), bias });
const http = async (method: string, path: string, init: { body?: Uint8Array; type?: string } = {}): Promise<{ status: number; body: any }> => {
  const res = await fetch(`${ctx.service.httpUrl}${path}`, { method, ...(init.body && { body: Buffer.from(init.body), headers: { 'content-type': init.type ?? 'application/octet-stream' } }) });
  return { status: res.status, body: await res.json() };
};
let ctx: Ctx;

async function waitFor(predicate: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Publishes the fleet's next `seconds` of telemetry; `during(i)` runs after every 100th event. */
async function publish(seconds: number, during?: (i: number) => Promise<void>): Promise<void> {
  ctx.clock += seconds * 1000;
  const events = ctx.fleet.until(START + ctx.clock);
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    await ctx.pub.publishAsync(`${prefix}/${e.device}/telemetry`, JSON.stringify(e.payload), { qos: 1 });
    ctx.published++;
    if (i % 100 === 99) {
      await waitFor(() => ctx.service.runners[0]!.core.stats.events >= ctx.published - 100, 'the service to keep up');
      await during?.(i);
    }
  }
}

/** Everything published is handled, scored and received. */
async function settle(): Promise<void> {
  const runner = ctx.service.runners[0]!;
  await waitFor(() => runner.core.stats.events === ctx.published, 'every event handled');
  await runner.drain();
  await waitFor(() => scores().length === runner.stats.scores, 'every score received');
}

const scores = (): any[] => ctx.inbox.messages.filter((m) => m.topic.startsWith(`streamscore/scores/${pipeline}/`)).map((m) => m.body);
const shadows = (): any[] => ctx.inbox.messages.filter((m) => m.topic.startsWith(`streamscore/shadow/${pipeline}/`)).map((m) => m.body);

it.before(async () => {
  const service = await startService({
    pipeline: {
      name: pipeline,
      source: { topic: `${prefix}/+/telemetry`, key: 'topic[1]', time: '$.ts' },
      batch: { maxRows: 8, maxDelay: '1ms' },
      shadow: { name: 'motor-health', version: 1 },
    },
  });
  const sub = await connect(service.mqttUrl);
  const inbox = await listen(sub, [`streamscore/scores/${pipeline}/#`, `streamscore/shadow/${pipeline}/#`]);
  ctx = { service, sub, inbox, pub: await connect(service.mqttUrl), fleet: createFleet({ devices: 6, ratePerSec: 2, startTs: START, seed: 3, faultFraction: 0.5 }), clock: 0, published: 0 };
});

it.after(async () => {
  await ctx.pub?.endAsync();
  await ctx.sub?.endAsync();
  await ctx.service?.stop();
});

it('upload → activate → scores switch version → rollback → delete', async () => {
  await publish(45);
  await settle();
  assert.ok(scores().length > 0 && scores().every((s) => s.model.version === 1));

  const put = await http('PUT', '/v1/models/motor-health?description=always-alarm', { body: model(8) });
  assert.is(put.status, 201, JSON.stringify(put.body));
  assert.equal([put.body.version, put.body.active], [2, false]);
  await publish(10);
  await settle();
  assert.ok(scores().every((s) => s.model.version === 1), 'an uploaded version waits for activation');

  assert.equal((await http('POST', '/v1/models/motor-health/versions/2/activate')).body, { name: 'motor-health', active: 2, previous: 1 });
  const switchedAt = scores().length;
  await publish(20);
  await settle();
  const after = scores().slice(switchedAt);
  assert.ok(after.length > 0 && after.every((s) => s.model.version === 2 && s.prediction.probability > 0.999 && s.anomaly.is), 'scores after activation come from version 2');

  assert.is((await http('POST', '/v1/models/motor-health/versions/1/activate')).status, 200);
  const rolledBackAt = scores().length;
  await publish(20);
  await settle();
  assert.ok(scores().slice(rolledBackAt).every((s) => s.model.version === 1), 'rollback: version 1 again');

  assert.is((await http('DELETE', '/v1/models/motor-health/versions/1')).status, 409, 'the active version is not deleted');
  assert.is((await http('DELETE', '/v1/models/motor-health/versions/2')).status, 200);
  const models = await getJson(`${ctx.service.httpUrl}/v1/models/motor-health`);
  assert.equal(models.body.versions.map((v: any) => v.version), [1]);
  assert.is(new Set(scores().map((s) => s.id)).size, scores().length, 'no window scored twice');
});

it('hot swap under load: every window scored once, each batch by one version, counts per version', async () => {
  const up = await http('PUT', '/v1/models/motor-health', { body: model(-8) });
  assert.is(up.body.version, 3);
  const registry = ctx.service.registry;
  const calls: Array<{ version: number; rows: number }> = [];
  const spied = [1, 3].map((version) => {
    const m = registry.resolve('motor-health', version)!.model;
    const score = m.score;
    m.score = async (batch, rows) => {
      calls.push({ version, rows });
      return score(batch, rows);
    };
    return () => (m.score = score);
  });
  const runner = ctx.service.runners[0]!;
  const before = { scores: scores().length, runnerScores: runner.stats.scores, events: runner.core.stats.events };
  let activations = 0;
  await publish(150, async (i) => {
    if (i % 200 !== 199) return;
    const next = activations % 2 === 0 ? 3 : 1;
    const res = await http('POST', `/v1/models/motor-health/versions/${next}/activate`);
    assert.is(res.status, 200);
    activations++;
  });
  await settle();
  spied.forEach((restore) => restore());

  // Calls come in pairs: the batch by the active version, then the same rows by the shadow (pinned to v1).
  const out = scores().slice(before.scores);
  assert.is(calls.length % 2, 0);
  const champion = calls.filter((_, i) => i % 2 === 0);
  calls.forEach((c, i) => i % 2 === 1 && assert.equal(c, { version: 1, rows: calls[i - 1]!.rows }, 'the shadow scores each batch once'));
  let cursor = 0;
  for (const batch of champion) {
    const chunk = out.slice(cursor, cursor + batch.rows);
    cursor += batch.rows;
    assert.ok(chunk.every((s) => s.model.version === batch.version), `a batch of ${batch.rows} rows scored by version ${batch.version} published only version ${batch.version}`);
  }
  assert.is(cursor, out.length, 'every published score came from a recorded batch');
  const eventsIn = runner.core.stats.events - before.events;
  const perVersion = { 1: out.filter((s) => s.model.version === 1).length, 3: out.filter((s) => s.model.version === 3).length };
  assert.is(out.length, runner.stats.scores - before.runnerScores);
  assert.is(runner.stats.scoringErrors, 0);
  assert.is(Object.values(runner.core.stats.deadLettered).reduce((a, b) => a + (b ?? 0), 0), 0, 'nothing dead-lettered');
  assert.is(new Set(scores().map((s) => s.id)).size, scores().length, 'no window scored twice');
  assert.ok(activations >= 4 && perVersion[1] > 0 && perVersion[3] > 0, JSON.stringify(perVersion));
  console.log(`  hot swap: ${eventsIn} events in, ${out.length} scores out (v1 ${perVersion[1]}, v3 ${perVersion[3]}) in ${champion.length} batches across ${activations} activations`);
});

it('shadow: the challenger scores the same windows; agreement in /v1/pipelines and /metrics', async () => {
  const all = shadows();
  assert.is(all.length, scores().length, 'one shadow result per scored window');
  const first = all[0];
  assert.equal(first.model, { name: 'motor-health', version: 1 });
  assert.is(first.shadow, true);
  assert.ok(typeof first.delta === 'number' && typeof first.agree === 'boolean');
  const byId = new Map(scores().map((s) => [s.id, s]));
  for (const s of all) assert.is(s.champion.model.version, byId.get(s.id).model.version, 'the champion named is the one that scored the window');
  const stats = (await getJson(`${ctx.service.httpUrl}/v1/pipelines`)).body.pipelines[0].stats.shadow;
  assert.is(stats.rows, all.length);
  assert.is(stats.errors, 0);
  const agreed = all.filter((s) => s.agree).length / all.length;
  assert.ok(Math.abs(stats.agreement - agreed) < 1e-9);
  const metrics = (await getJson(`${ctx.service.httpUrl}/metrics`)).body as string;
  assert.match(metrics, `streamscore_shadow_rows_total{pipeline="${pipeline}",model="motor-health"} ${all.length}`);
  assert.match(metrics, 'streamscore_shadow_agreement_ratio');
  assert.is((await http('DELETE', '/v1/models/motor-health/versions/1')).status, 409, 'the shadow\'s pinned version is not deleted');
});

it.run();
