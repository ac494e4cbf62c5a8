/**
 * A slow model under a burst: intake pauses (the broker holds QoS 1 messages) instead of shedding,
 * and every event is scored once the model catches up. Through the embedded broker and real MQTT.
 */

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { connect, listen, startService } from './harness.ts';

test('slow model: intake pauses, nothing is dead-lettered as overload, every window is scored', async () => {
  const service = await startService({
    pipeline: {
      name: 'slow',
      source: { topic: 'slow/+/telemetry', key: 'topic[1]', time: '$.ts' },
      window: { type: 'sliding', size: '30s', emit: 'event', partial: 'emit' },
      batch: { maxRows: 16 },
    },
    limits: { maxQueuedRows: 200 },
  });
  try {
    // Every batch takes 15 ms: ~1k rows/s, far below the burst rate.
    const resolve = service.registry.resolve.bind(service.registry);
    service.registry.resolve = (name, version) => {
      const v = resolve(name, version);
      if (!v) return v;
      return { ...v, model: { ...v.model, score: async (b: Float32Array, rows: number) => {
        await new Promise((r) => setTimeout(r, 15));
        return v.model.score(b, rows);
      } } };
    };
    const sub = await connect(service.mqttUrl);
    const inbox = await listen(sub, ['streamscore/scores/slow/#', 'streamscore/deadletter/#']);
    const pub = await connect(service.mqttUrl);
    const n = 1500;
    const t0 = Date.UTC(2026, 0, 1);
    await Promise.all(
      Array.from({ length: n }, (_, i) =>
        pub.publishAsync(`slow/dev-${i % 10}/telemetry`, JSON.stringify({ ts: t0 + i * 10, temperature: 60, vibration: 2, current: 12 }), { qos: 1 }),
      ),
    );
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
    await pub.endAsync();
  } finally {
    await service.stop();
  }
});

test.run();
