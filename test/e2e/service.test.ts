/**
 * End to end through a real broker and real HTTP: simulated devices publish telemetry (with bad
 * payloads in between); scores and anomalies come back over MQTT and HTTP; bad payloads are
 * dead-lettered while good events keep scoring. Runs on the embedded aedes broker, and on
 * Mosquitto at 127.0.0.1:1883 when it is reachable.
 */

import { randomBytes } from 'node:crypto';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createFleet } from '../../src/sim/fleet.ts';
import type { Service } from '../../src/service.ts';
import { connect, getJson, listen, reachable, startService } from './harness.ts';

const START = Date.UTC(2026, 0, 1, 8, 0, 0);
const BAD_PAYLOADS: Array<[string, string]> = [
  ['{"ts": 1767254400000, "temperature": ', 'invalid_json'],
  ['[{"ts": 1}]', 'not_object'],
  ['{"ts": 1767254400000, "temperature": "NaN"}', 'non_finite'],
  ['{"ts": 1767254400000, "vibration": 1e400}', 'non_finite'],
  ['{"temperature": 60}', 'missing_timestamp'],
  [`{"ts": 1767254400000, "temperature": 60, "blob": "${'x'.repeat(5000)}"}`, 'too_large'],
];

async function waitFor(predicate: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the service to catch up');
    await new Promise((r) => setTimeout(r, 5));
  }
}

function scenario(name: string, brokerUrl: () => Promise<string | undefined>): void {
  const it = suite(name);
  const run = randomBytes(3).toString('hex');
  const pipeline = `e2e-${run}`;
  const prefix = `e2e-${run}`;
  let service: Service;

  it.before(async () => {
    const url = await brokerUrl();
    service = await startService({
      ...(url && { mqttUrl: url }),
      pipeline: { name: pipeline, source: { topic: `${prefix}/+/telemetry`, key: 'topic[1]', time: '$.ts' } },
      limits: { maxPayloadBytes: 2048 },
    });
  });
  it.after(async () => {
    await service?.stop();
  });

  it('telemetry in → scores and anomalies out on MQTT and HTTP; bad payloads dead-lettered', async () => {
    const fleet = createFleet({
      devices: 4, ratePerSec: 2, startTs: START, seed: 7, faults: ['overheat', 'wear'], faultFraction: 0.5,
      faultOnset: { minMs: 5000, maxMs: 5000 },
    });
    const events = fleet.until(START + 180_000);
    const faulty = new Set(fleet.plan.filter((d) => d.fault).map((d) => d.id));
    const healthy = fleet.plan.filter((d) => !d.fault).map((d) => d.id);

    const sub = await connect(service.mqttUrl);
    const inbox = await listen(sub, [`streamscore/scores/${pipeline}/#`, `streamscore/anomalies/${pipeline}/#`, 'streamscore/deadletter/#']);
    const pub = await connect(service.mqttUrl);
    const bad = [...BAD_PAYLOADS];
    const core = service.runners[0]!.core;
    const handled = (): number => core.stats.events + Object.values(core.stats.deadLettered).reduce((a, b) => a + (b ?? 0), 0);
    let published = 0;
    for (let i = 0; i < events.length; i++) {
      const e = events[i]!;
      await pub.publishAsync(`${prefix}/${e.device}/telemetry`, JSON.stringify(e.payload), { qos: 1 });
      published++;
      if (i % 100 === 50 && bad.length) {
        await pub.publishAsync(`${prefix}/pump-1/telemetry`, bad.shift()![0], { qos: 1 });
        published++;
      }
      // Stay within a broker's default per-client queue (Mosquitto: 1000 messages, beyond which QoS 1
      // messages are dropped): this is a functional test, not a load test.
      if (published % 200 === 0) await waitFor(() => handled() >= published - 200, 5000);
    }
    assert.is(bad.length, 0);

    // Every device's last full window (ending at START+175s) is closed by its event at ≥175 s.
    const lastEnd = START + 175_000;
    const scoresOf = (m: typeof inbox.messages) => m.filter((x) => x.topic.startsWith(`streamscore/scores/${pipeline}/`));
    const mine = (m: typeof inbox.messages) => m.filter((x) => x.topic.startsWith('streamscore/deadletter/') && x.body.pipeline === pipeline);
    await inbox.until(
      (m) => fleet.plan.every((d) => scoresOf(m).some((s) => s.body.key === d.id && s.body.window.end === lastEnd)) && mine(m).length === BAD_PAYLOADS.length,
      15_000,
      'the last window of every device and every dead letter',
    );
    await waitFor(() => handled() === published, 5000); // the events after the last closed window
    // Score events: one per device per 5 s window, deterministic ids, the model that made them.
    const scores = scoresOf(inbox.messages).map((m) => m.body);
    const first = scores[0];
    assert.equal(first.model, { name: 'motor-health', version: 1 });
    assert.is(first.pipeline, pipeline);
    assert.is(first.window.end - first.window.start, 30_000);
    assert.ok(Number.isFinite(first.features.temperature_mean_30s));
    assert.is(new Set(scores.map((s) => s.id)).size, scores.length, 'ids are unique per (key, window)');
    for (const d of fleet.plan) {
      const ends = scores.filter((s) => s.key === d.id).map((s) => s.window.end);
      // Warm-up windows (starting before the device's first event) are not scored.
      const firstTs = events.find((e) => e.device === d.id)!.ts;
      const firstEnd = Math.ceil(firstTs / 5000) * 5000 + 30_000;
      const expected = Array.from({ length: (lastEnd - firstEnd) / 5000 + 1 }, (_, i) => firstEnd + 5000 * i);
      assert.equal(ends, expected, `windows of ${d.id}, from the first full window`);
    }

    // Anomalies: the faulty devices raise them, the healthy ones do not.
    const anomalies = inbox.messages.filter((m) => m.topic.startsWith(`streamscore/anomalies/${pipeline}/`)).map((m) => m.body);
    for (const id of faulty) assert.ok(anomalies.some((a) => a.key === id), `${id} (faulty) raised an anomaly`);
    for (const id of healthy) assert.not.ok(anomalies.some((a) => a.key === id), `${id} (healthy) raised no anomaly`);
    for (const a of anomalies) assert.ok(a.anomaly.is && a.anomaly.score >= a.anomaly.threshold);
    const lateFaulty = scores.filter((s) => faulty.has(s.key) && s.window.start >= START + 60_000);
    assert.ok(lateFaulty.every((s) => s.anomaly.is), 'a minute into the fault every window is anomalous');

    // Dead letters keep the original payload and topic, with a reason.
    const dead = mine(inbox.messages);
    assert.equal(dead.map((d) => d.topic).sort(), BAD_PAYLOADS.map(([, r]) => `streamscore/deadletter/${r}`).sort());
    const invalid = dead.find((d) => d.body.reason === 'invalid_json')!;
    assert.is(invalid.body.payload, BAD_PAYLOADS[0]![0]);
    assert.is(invalid.body.topic, `${prefix}/pump-1/telemetry`);

    // HTTP: latest and history equal what was published.
    const id = [...faulty][0]!;
    const latest = await getJson(`${service.httpUrl}/v1/scores/${id}`);
    assert.is(latest.status, 200);
    const lastOfId = scores.filter((s) => s.key === id).at(-1);
    assert.equal(latest.body, lastOfId);
    const history = await getJson(`${service.httpUrl}/v1/scores/${id}/history?limit=3`);
    assert.equal(history.body.scores.map((s: any) => s.window.end), [lastEnd, lastEnd - 5000, lastEnd - 10_000]);
    const unknown = await getJson(`${service.httpUrl}/v1/scores/no-such-device`);
    assert.is(unknown.status, 404);
    assert.is(unknown.body.error.code, 'KEY_NOT_FOUND');
    assert.match(unknown.type, /application\/json/);

    const pipelines = await getJson(`${service.httpUrl}/v1/pipelines`);
    const stats = pipelines.body.pipelines[0].stats;
    assert.is(stats.events, events.length);
    assert.is(stats.deadLettered.non_finite, 2);
    const metrics = await getJson(`${service.httpUrl}/metrics`);
    assert.match(metrics.body, `streamscore_deadletter_total{pipeline="${pipeline}",reason="invalid_json"} 1`);
    assert.match(metrics.body, `streamscore_events_total{pipeline="${pipeline}"} ${events.length}`);
    assert.match(metrics.body, `streamscore_reorder_slack_ms{pipeline="${pipeline}"} 0`);
    assert.match(metrics.body, `streamscore_late_events_total{pipeline="${pipeline}",outcome="deadlettered"} 0`);

    await sub.endAsync();
    await pub.endAsync();
  });

  it('health, readiness, models and pipelines over HTTP', async () => {
    assert.equal((await getJson(`${service.httpUrl}/healthz`)).body, { status: 'ok' });
    const ready = await getJson(`${service.httpUrl}/readyz`);
    assert.is(ready.status, 200);
    assert.equal(ready.body.checks, { broker: true, models: true });
    const models = await getJson(`${service.httpUrl}/v1/models`);
    const motor = models.body.models.find((m: any) => m.name === 'motor-health');
    assert.is(motor.activeVersion, 1);
    assert.is(motor.versions[0].format, 'onnx');
    const pipelines = await getJson(`${service.httpUrl}/v1/pipelines`);
    assert.ok(pipelines.body.pipelines[0].features.includes('vibration_std_30s'));
    assert.is((await getJson(`${service.httpUrl}/v1/models/nope`)).status, 404);
  });

  it.run();
}

scenario('e2e: embedded aedes broker', async () => undefined);

if (await reachable('127.0.0.1', 1883)) {
  scenario('e2e: Mosquitto at 127.0.0.1:1883', async () => 'mqtt://127.0.0.1:1883');
} else {
  console.log('  skipped: e2e against Mosquitto — nothing listens on 127.0.0.1:1883 (.ci/run starts it in CI)');
}
