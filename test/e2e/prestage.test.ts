/**
 * End to end through the embedded broker and real HTTP: a pipeline with filter and transform.
 * Devices publish Fahrenheit; the window features are the computed Celsius; maintenance messages
 * are filtered (counted, in /metrics); a message the transform cannot compute is dead-lettered
 * on streamscore/deadletter/bad_transform with the field named.
 */

import { randomBytes } from 'node:crypto';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { connect, getJson, listen, startService } from './harness.ts';

const START = Date.UTC(2026, 0, 1, 8, 0, 0);

test('filter and transform: Celsius features from Fahrenheit, filtered counted, bad_transform dead-lettered', async () => {
  const run = randomBytes(3).toString('hex');
  const prefix = `e2e-pre-${run}`;
  const pipeline = `pre-${run}`;
  const service = await startService({
    pipeline: {
      name: pipeline,
      source: { topic: `${prefix}/+/telemetry`, key: 'topic[1]', time: '$.ts' },
      window: { type: 'tumbling', size: '30s', partial: 'emit' },
      filter: 'status != "maintenance"',
      transform: {
        convert: { vib_in: { from: 'in', to: 'mm' } },
        compute: { temperature: 'round(convert(temp_f, "degF", "degC"), 3)', vibration: 'vib_in', current: 'amps' },
        drop: ['vib_in'],
      },
    },
  });
  try {
    const sub = await connect(service.mqttUrl);
    const inbox = await listen(sub, [`streamscore/scores/${pipeline}/#`, 'streamscore/deadletter/bad_transform']);
    const pub = await connect(service.mqttUrl);
    const send = (body: Record<string, unknown>) => pub.publishAsync(`${prefix}/m1/telemetry`, JSON.stringify(body), { qos: 1 });
    await send({ ts: START + 1000, temp_f: 212, vib_in: 1, amps: 5, status: 'ok' });
    await send({ ts: START + 2000, temp_f: 1000, vib_in: 9, amps: 50, status: 'maintenance' });
    await send({ ts: START + 3000, temp_f: 32, vib_in: 3, amps: 7 });
    await send({ ts: START + 4000, vib_in: 1, amps: 5, status: 'ok' }); // no temp_f: the computed temperature is null
    await send({ ts: START + 32_000, temp_f: 50, vib_in: 2, amps: 6 }); // closes the first window
    await inbox.until((m) => m.some((x) => x.topic.startsWith('streamscore/scores/')) && m.some((x) => x.topic.includes('bad_transform')), 10_000, 'a score and a dead letter');

    const score = inbox.messages.find((m) => m.topic === `streamscore/scores/${pipeline}/m1`)!.body;
    assert.equal(score.window.start, START);
    assert.is(score.features.temperature_count_30s, 2);
    assert.is(score.features.temperature_max_30s, 100);
    assert.is(score.features.temperature_min_30s, 0);
    assert.is(score.features.vibration_mean_30s, 50.8); // (25.4 + 76.2) / 2: inches converted to mm
    assert.is(score.features.current_max_30s, 7);

    const dead = inbox.messages.find((m) => m.topic === 'streamscore/deadletter/bad_transform')!.body;
    assert.is(dead.reason, 'bad_transform');
    assert.is(dead.pipeline, pipeline);
    assert.match(dead.detail, /^transform\.compute\.temperature: the result is null/);
    assert.equal(JSON.parse(dead.payload).ts, START + 4000);

    const core = service.runners[0]!.core;
    assert.is(core.stats.filtered, 1);
    const metrics = await getJson(`${service.httpUrl}/metrics`);
    assert.match(metrics.body as string, new RegExp(`streamscore_filtered_total\\{pipeline="${pipeline}"\\} 1`));
    await sub.endAsync();
    await pub.endAsync();
  } finally {
    await service.stop();
  }
});

test.run();
