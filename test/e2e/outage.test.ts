/**
 * Broker outage: a test-owned Mosquitto (persistent sessions) is stopped mid-stream and restarted
 * on the same port. The service reconnects by itself and every event is counted exactly once: what
 * was published during the gap waited in the broker's session for it, redeliveries are deduped.
 */

import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { findMosquitto, startMosquitto } from '../../bench/mosquitto.ts';
import { getJson, startService } from './harness.ts';

const bin = findMosquitto();

async function waitFor(predicate: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

if (!bin) {
  console.log('  skipped: broker outage test — mosquitto is not installed (.ci/run installs it)');
} else {
  test('broker down for 3 s mid-stream: the service reconnects, nothing is lost or counted twice', async () => {
    const persistDir = mkdtempSync(join(tmpdir(), 'streamscore-outage-'));
    chmodSync(persistDir, 0o777); // mosquitto started as root drops to its own user before writing
    let broker = await startMosquitto(bin, { persistDir });
    const port = Number(new URL(broker.url).port);
    let service: Awaited<ReturnType<typeof startService>> | undefined;
    let pub: mqtt.MqttClient | undefined;
    try {
    service = await startService({
      mqttUrl: broker.url,
      pipeline: { name: 'outage', source: { topic: 'outage/+/telemetry', key: 'topic[1]', time: '$.ts' }, window: { type: 'tumbling', size: '30s', partial: 'emit' } },
    });
    pub = await mqtt.connectAsync(broker.url, { clientId: `outage-pub-${process.pid}`, clean: false, reconnectPeriod: 200 });
    const client = pub;
    const svc = service;
      const t0 = Date.UTC(2026, 0, 1);
      const send = (i: number) => client.publishAsync(`outage/dev-${i % 5}/telemetry`, JSON.stringify({ ts: t0 + i * 100, temperature: 60 + (i % 7), vibration: 2, current: 12 }), { qos: 1 });
      for (let i = 0; i < 300; i++) await send(i);
      const core = svc.runners[0]!.core;
      await waitFor(() => core.stats.events === 300, 10_000, 'the first 300 events');

      await broker.stop();
      const during = Array.from({ length: 300 }, (_, j) => send(300 + j)); // queued in the publisher while the broker is down
      await new Promise((r) => setTimeout(r, 3000));
      assert.is((await getJson(`${svc.httpUrl}/readyz`)).status, 503, 'not ready while the broker is down');
      broker = await startMosquitto(bin, { port, persistDir });
      await Promise.all(during);
      for (let i = 600; i < 900; i++) await send(i);

      await waitFor(() => core.stats.events === 900, 20_000, `all 900 events (have ${core.stats.events})`);
      await new Promise((r) => setTimeout(r, 300)); // anything extra would show up as a duplicate
      assert.is(core.stats.events, 900);
      assert.is(Object.values(core.stats.deadLettered).reduce((a, b) => a + (b ?? 0), 0), 0);
      await waitFor(async () => (await getJson(`${svc.httpUrl}/readyz`)).status === 200, 5000, 'ready again');
    } finally {
      await pub?.endAsync().catch(() => undefined);
      await service?.stop();
      await broker.stop();
      rmSync(persistDir, { recursive: true, force: true });
    }
  });
}

test.run();
