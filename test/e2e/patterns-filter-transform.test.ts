/**
 * Filter and transform in a pipeline, through the real broker: readings in °F under maintenance are
 * filtered out (counted, not dead-lettered), the rest converted to °C and renamed before the
 * windows, so the scored window's features are in °C and count only the kept readings.
 */

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { getJson } from './harness.ts';
import { startPatterns, T0, waitFor, type PatternRig } from './patterns.ts';

const it = suite('e2e patterns: pipeline filter + transform');
let rig: PatternRig;

it.before(async () => {
  rig = await startPatterns(
    (p) => ({
      pipeline: {
        name: `${p}-motors`,
        source: { topic: `${p}/+/telemetry`, key: 'topic[1]', time: '$.ts' },
        filter: "status != 'maintenance'",
        transform: {
          convert: { tempF: { from: 'degF', to: 'degC' } },
          compute: { temperature: 'round(tempF, 3)' },
          drop: ['tempF', 'status'],
        },
        emit: { scores: `${p}/scores/{pipeline}/{key}`, anomalies: { topic: `${p}/anomalies/{pipeline}/{key}` } },
      },
    }),
    (p) => [`${p}/scores/#`],
  );
});
it.after(async () => rig?.close());

it('the first full window holds the 27 kept readings, in °C', async () => {
  const p = rig.prefix;
  for (let i = 0; i <= 30; i++) {
    const maintenance = i % 10 === 3;
    const tempF = maintenance ? 1000 : i === 5 ? 32 : 212; // 1000 °F would show if the filter let it through
    await rig.publish(`${p}/m1/telemetry`, { ts: T0 + i * 1000, tempF, vibration: 0.2, current: 4, status: maintenance ? 'maintenance' : 'run' });
  }
  await rig.inbox.until((m) => m.length >= 1, 10_000, 'the first score');
  const score = rig.inbox.messages[0]!.body;
  assert.equal(score.window, { start: T0, end: T0 + 30_000, count: 27 });
  const f = score.features;
  assert.equal([f.temperature_count_30s, f.temperature_min_30s, f.temperature_max_30s, f.temperature_last_30s], [27, 0, 100, 100]);
  const pipeline = rig.service.runners[0]!.core;
  await waitFor(() => pipeline.stats.events === 28, 10_000, 'the 31st reading'); // 31 sent, 3 filtered
  assert.is(pipeline.stats.filtered, 3);
  assert.equal(pipeline.stats.deadLettered, {});
  const listed = await getJson(`${rig.service.httpUrl}/v1/pipelines`);
  assert.is(listed.body.pipelines[0].stats.filtered, 3);
});

it.run();
