/**
 * A slow model under a burst: intake pauses (the broker holds QoS 1 messages) instead of shedding,
 * and every event is scored once the model catches up. A failing model: each failed batch is
 * dead-lettered (reason overload, the feature vector as payload, counted), no retry, queues stay
 * bounded, scoring resumes when the model does. Through the embedded broker and real MQTT.
 */

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { connect, listen, startService } from './harness.ts';

type Service = Awaited<ReturnType<typeof startService>>;
const T0 = Date.UTC(2026, 0, 1);

/** Wraps the active model's runtime: `score(inner, batch, rows)` decides what each batch gets. */
function wrapModel(service: Service, score: (inner: (b: Float32Array, rows: number) => Promise<Float32Array>, b: Float32Array, rows: number) => Promise<Float32Array>): void {
  const resolve = service.registry.resolve.bind(service.registry);
  service.registry.resolve = (name, version) => {
    const v = resolve(name, version);
    if (!v) return v;
    const inner = (b: Float32Array, rows: number): Promise<Float32Array> => v.model.score(b, rows);
    return { ...v, model: { ...v.model, score: (b: Float32Array, rows: number) => score(inner, b, rows) } };
  };
}

/** A slow/failing pipeline over sliding windows emitting per event: one window per message. */
function perEventPipeline(name: string): Record<string, unknown> {
  return { name, source: { topic: `${name}/+/telemetry`, key: 'topic[1]', time: '$.ts' }, window: { type: 'sliding', size: '30s', emit: 'event', partial: 'emit' }, batch: { maxRows: 16 } };
}

async function burst(url: string, name: string, n: number): Promise<void> {
  const pub = await connect(url);
  await Promise.all(
    Array.from({ length: n }, (_, i) =>
      pub.publishAsync(`${name}/dev-${i % 10}/telemetry`, JSON.stringify({ ts: T0 + i * 10, temperature: 60, vibration: 2, current: 12 }), { qos: 1 }),
    ),
  );
  await pub.endAsync();
}

test('slow model: intake pauses, nothing is dead-lettered as overload, every window is scored', async () => {
  const service = await startService({ pipeline: perEventPipeline('slow'), limits: { maxQueuedRows: 200 } });
  try {
    // Every batch takes 15 ms: ~1k rows/s, far below the burst rate.
    wrapModel(service, async (inner, b, rows) => {
      await new Promise((r) => setTimeout(r, 15));
      return inner(b, rows);
    });
    const sub = await connect(service.mqttUrl);
    const inbox = await listen(sub, ['streamscore/scores/slow/#', 'streamscore/deadletter/#']);
    const n = 1500;
    await burst(service.mqttUrl, 'slow', n);
    await inbox.until((m) => m.filter((x) => x.topic.startsWith('streamscore/scores/slow/')).length >= n, 30_000, `${n} scores`).catch((err) => {
      const topics: Record<string, number> = {};
      for (const m of inbox.messages) topics[m.topic.split('/').slice(0, 3).join('/')] = (topics[m.topic.split('/').slice(0, 3).join('/')] ?? 0) + 1;
      throw new Error(`${(err as Error).message}: ${JSON.stringify(topics)} ${JSON.stringify(service.runners[0]!.core.stats)}`);
    });
    const stats = (service.runners[0]!.core.stats);
    const pauses = (await (await fetch(`${service.httpUrl}/v1/pipelines`)).json()).pipelines[0].stats.intakeHeld;
    assert.ok(pauses > 0, 'messages were held back at least once');
    assert.is(stats.deadLettered.overload ?? 0, 0, 'nothing shed');
    assert.is(inbox.messages.filter((m) => m.topic.startsWith('streamscore/deadletter/')).length, 0);
    assert.is(stats.events, n);
    await sub.endAsync();
  } finally {
    await service.stop();
  }
});

test('failing model: failed batches are dead-lettered with their vectors and counted, queues stay bounded, scoring recovers', async () => {
  const bound = 200;
  const service = await startService({ pipeline: perEventPipeline('failing'), limits: { maxQueuedRows: bound } });
  let maxQueued = 0;
  const sampler = setInterval(() => (maxQueued = Math.max(maxQueued, service.runners[0]!.batcher.queued)), 1);
  try {
    // The runtime throws for its first 8 batches (slowly, as a timing-out model would), then recovers.
    let calls = 0;
    wrapModel(service, async (inner, b, rows) => {
      await new Promise((r) => setTimeout(r, 5));
      if (++calls <= 8) throw new Error('runtime unavailable');
      return inner(b, rows);
    });
    const sub = await connect(service.mqttUrl);
    const inbox = await listen(sub, ['streamscore/scores/failing/#', 'streamscore/deadletter/#']);
    const n = 800;
    await burst(service.mqttUrl, 'failing', n);
    const scores = (): Array<{ topic: string; body: any }> => inbox.messages.filter((m) => m.topic.startsWith('streamscore/scores/failing/'));
    const dead = (): Array<{ topic: string; body: any }> => inbox.messages.filter((m) => m.topic === 'streamscore/deadletter/overload');
    await inbox.until(() => scores().length + dead().length >= n, 30_000, `${n} scores or dead letters`);
    const runner = service.runners[0]!;
    assert.ok(dead().length > 0 && dead().length <= 8 * 16, `only the failed batches are dead-lettered (${dead().length})`);
    assert.is(runner.stats.scoringErrors, dead().length, 'every failed row is counted');
    assert.is(runner.core.stats.deadLettered.overload, dead().length);
    const vector = JSON.parse(dead()[0]!.body.payload);
    assert.ok(vector.key && vector.window && typeof vector.values.temperature_mean_30s === 'number', 'the dead letter carries the feature vector, for replay');
    assert.is(scores().length, n - dead().length, 'every other window is scored: recovery');
    assert.ok(scores().some((m) => m.body.eventTime === T0 + (n - 1) * 10), 'the last event is scored after the failures');
    assert.ok(maxQueued <= bound, `the scoring queue stayed within its bound (${maxQueued} ≤ ${bound})`);
    await sub.endAsync();
  } finally {
    clearInterval(sampler);
    await service.stop();
  }
});

test.run();
