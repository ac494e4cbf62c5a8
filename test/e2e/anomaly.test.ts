/**
 * End to end through the embedded broker and real HTTP: four simulated pumps, one overheating; a
 * pipeline with an anomaly: section and no model raises exactly one explained anomaly event (on
 * the faulty pump, top feature temperature, direction high), serves it at GET /v1/anomalies, and
 * brings its detector state back after a restart.
 */

import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Service } from '../../src/service.ts';
import { createFleet } from '../../src/sim/fleet.ts';
import { connect, getJson, listen, startService } from './harness.ts';

const START = Date.UTC(2026, 0, 1, 8, 0, 0);
const ONSET_MS = 300_000;

async function waitFor(predicate: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

test('an overheating pump among healthy ones: exactly one anomaly event, explained, on MQTT and HTTP', async () => {
  const run = randomBytes(3).toString('hex');
  const name = `anomaly-${run}`;
  const prefix = `e2e-anomaly-${run}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'streamscore-anomaly-'));
  const pipeline = {
    name,
    source: { topic: `${prefix}/+/telemetry`, key: 'topic[1]', time: '$.ts' },
    window: { type: 'sliding', size: '30s', every: '5s' },
    // The slope of temperature sees a ramp that a level detector would learn along the way.
    features: { temperature: ['mean', 'slope'], vibration: ['mean'], current: ['mean'] },
    model: undefined,
    anomaly: { detectors: ['forecast'], threshold: { policy: 'fixed', value: 0.8, warmup: 20, cooldown: '5m' } },
  };
  let service: Service | undefined = await startService({ pipeline, dataDir });
  try {
    const fleet = createFleet({
      devices: 4, ratePerSec: 1, startTs: START, seed: 7, faults: ['overheat'], faultFraction: 0.25,
      faultOnset: { minMs: ONSET_MS, maxMs: ONSET_MS },
    });
    const faulty = fleet.plan.find((d) => d.fault)!.id;
    const healthy = fleet.plan.filter((d) => !d.fault).map((d) => d.id);
    const events = fleet.until(START + 600_000);

    const sub = await connect(service.mqttUrl);
    const inbox = await listen(sub, [`streamscore/scores/${name}/#`, `streamscore/anomalies/${name}/#`]);
    const pub = await connect(service.mqttUrl);
    const core = service.runners[0]!.core;
    for (let i = 0; i < events.length; i++) {
      const e = events[i]!;
      await pub.publishAsync(`${prefix}/${e.device}/telemetry`, JSON.stringify(e.payload), { qos: 1 });
      if (i % 200 === 199) await waitFor(() => core.stats.events >= i - 200, 5000, 'the service to catch up');
    }
    await waitFor(() => core.stats.events === events.length, 10_000, 'every event');
    const windows = (service.runners[0]!.extensions[0]!.stats() as { windows: number }).windows;
    const scoreTopic = `streamscore/scores/${name}/`;
    await inbox.until((m) => m.filter((x) => x.topic.startsWith(scoreTopic)).length === windows, 10_000, 'every score event');

    const anomalies = inbox.messages.filter((m) => m.topic.startsWith(`streamscore/anomalies/${name}/`));
    assert.is(anomalies.length, 1, JSON.stringify(anomalies.map((a) => [a.topic, a.body.window.end])));
    const [{ topic, body: event }] = anomalies as [{ topic: string; body: any }];
    assert.is(topic, `streamscore/anomalies/${name}/${faulty}`);
    assert.is(event.key, faulty);
    assert.is(event.pipeline, name);
    assert.ok(event.window.end > START + ONSET_MS, 'raised after the fault began');
    assert.ok(event.anomaly.is && event.anomaly.score >= event.anomaly.threshold);
    assert.is(event.detector.name, 'forecast');
    assert.is(event.detector.version, 1);
    assert.type(event.detector.paramsHash, 'string');
    assert.match(event.explanation[0].feature, /^temperature_/);
    assert.is(event.explanation[0].direction, 'high');
    for (const key of healthy) assert.ok(inbox.messages.some((m) => m.topic === `${scoreTopic}${key}`), `${key} is scored`);

    const url = service.httpUrl;
    assert.equal((await getJson(`${url}/v1/anomalies?key=${faulty}`)).body.anomalies, [event]);
    assert.equal((await getJson(`${url}/v1/anomalies?pipeline=${name}&key=${healthy[0]}`)).body.anomalies, []);
    assert.equal((await getJson(`${url}/v1/anomalies?pipeline=${name}&since=${event.eventTime + 1}`)).body.anomalies, []);
    assert.equal((await getJson(`${url}/v1/anomalies?since=${new Date(event.eventTime).toISOString()}&pipeline=${name}`)).body.anomalies, [event]);
    assert.is((await getJson(`${url}/v1/anomalies?since=yesterday`)).status, 400);
    const latest = await getJson(`${url}/v1/scores/${healthy[0]}?pipeline=${name}`);
    assert.equal(latest.body.model, { name: 'forecast', version: 1 });
    assert.match((await getJson(`${url}/metrics`)).body, `streamscore_anomalies_total{pipeline="${name}"} 1`);

    await sub.endAsync();
    await pub.endAsync();
    await service.stop();
    // Restart on the same data dir: the detectors and thresholds of all four pumps come back.
    service = await startService({ pipeline, dataDir });
    const stats = (await getJson(`${service.httpUrl}/v1/pipelines`)).body.pipelines[0].stats.anomaly;
    assert.is(stats.keys, 4);
  } finally {
    await service?.stop();
  }
});

test.run();
