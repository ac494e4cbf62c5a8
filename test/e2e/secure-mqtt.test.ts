/**
 * The service against secured brokers over real sockets: an external broker with TLS and logins
 * (the service's mqtts client with a CA file and credentials scores a device's telemetry), and the
 * embedded broker with a users file and a TLS-only listener. No secret reaches the logs.
 */

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import mqtt, { type MqttClient } from 'mqtt';
import { pino } from 'pino';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { DEMO_CONFIG } from '../../src/config/demo.ts';
import { resolveConfig } from '../../src/config/load.ts';
import { hashPassword, parseUsersFile } from '../../src/ingest/broker-auth.ts';
import { startEmbeddedBroker } from '../../src/ingest/broker.ts';
import { createService, type Service } from '../../src/service.ts';
import { makeCerts, type TestCerts } from '../ingest/tls-fixtures.ts';
import { listen, MODELS_DIR } from './harness.ts';

const START = Date.UTC(2026, 0, 1, 8, 0, 0);
const SERVICE_PASSWORD = 'svc-Secret-4c1f9e';
const DEVICE_PASSWORD = 'dev-Secret-77ab10';
const TOKEN = 'http-Token-0123456789abcdef';

const it = suite<{ certs: TestCerts; usersFile: string; hashes: string[] }>('secured MQTT', {} as never);
it.before(async (ctx) => {
  ctx.certs = await makeCerts();
  ctx.hashes = [await hashPassword(SERVICE_PASSWORD, 10), await hashPassword(DEVICE_PASSWORD, 10)];
  ctx.usersFile = join(ctx.certs.dir, 'users');
  writeFileSync(ctx.usersFile, `# test users\nstreamscore:${ctx.hashes[0]}\npump-1:${ctx.hashes[1]}\n`, { mode: 0o600 });
});

function service(mqttSection: Record<string, unknown>, logs?: string[], http: Record<string, unknown> = {}): Service {
  const config = resolveConfig({
    mqtt: { clientId: `streamscore-secure-${process.pid}-${Math.random().toString(36).slice(2)}`, ...mqttSection },
    http: { port: 0, host: '127.0.0.1', ...http },
    dataDir: mkdtempSync(join(tmpdir(), 'ss-secure-')),
    modelsDir: MODELS_DIR,
    state: { snapshotEvery: 0 },
    pipelines: [DEMO_CONFIG.pipelines[0]],
  });
  const sink = new Writable({ write: (chunk, _enc, done) => (logs?.push(String(chunk)), done()) });
  return createService({ config, logger: logs ? pino({ level: 'trace' }, sink) : pino({ level: 'silent' }) });
}

/** 60 s of one device's telemetry, one event a second: enough for the 30 s sliding window to score. */
async function telemetry(device: MqttClient): Promise<void> {
  for (let i = 0; i < 60; i++) {
    const payload = { ts: START + i * 1000, temperature: 60 + (i % 5), vibration: 0.2 + (i % 3) / 10, current: 10 + (i % 4) };
    await device.publishAsync('devices/pump-1/telemetry', JSON.stringify(payload), { qos: 1 });
  }
}

it('the service logs in to an external TLS broker (CA file, username, password) and scores a device', async ({ certs, usersFile }) => {
  const { users } = parseUsersFile(readFileSync(usersFile, 'utf8'), usersFile);
  const broker = await startEmbeddedBroker({
    port: 0,
    host: '127.0.0.1',
    logger: pino({ level: 'silent' }),
    auth: { users, serviceUser: 'streamscore', publish: 'devices/{username}/#', subscribe: ['streamscore/+/+/{username}'] },
    tls: { port: 0, key: Buffer.from(certs.key), cert: Buffer.from(certs.cert), plain: false },
  });
  const s = service({ url: `mqtts://localhost:${broker.tlsPort}`, username: 'streamscore', password: SERVICE_PASSWORD, tls: { ca: certs.certFile } });
  let device: MqttClient | undefined;
  try {
    await s.start();
    device = await mqtt.connectAsync(`mqtts://localhost:${broker.tlsPort}`, { username: 'pump-1', password: DEVICE_PASSWORD, ca: certs.cert, clean: true, reconnectPeriod: 0 });
    const inbox = await listen(device, ['streamscore/+/+/pump-1']);
    await telemetry(device);
    await inbox.until((m) => m.some((x) => x.topic === 'streamscore/scores/motor-health/pump-1'), 10_000, 'a score for pump-1 over TLS');
    const score = inbox.messages.find((x) => x.topic === 'streamscore/scores/motor-health/pump-1')!.body;
    assert.is(score.key, 'pump-1');
    assert.ok(score.window.count >= 25);
  } finally {
    device?.end(true);
    await s.stop();
    await broker.close();
  }
});

it('the service refuses to start against a TLS broker whose certificate it cannot verify', async ({ certs }) => {
  const broker = await startEmbeddedBroker({ port: 0, host: '127.0.0.1', logger: pino({ level: 'silent' }), tls: { port: 0, key: Buffer.from(certs.key), cert: Buffer.from(certs.cert), plain: false } });
  const s = service({ url: `mqtts://localhost:${broker.tlsPort}` });
  try {
    await s.start().then(() => assert.unreachable('started'), (err: Error) => assert.match(err.message, /cannot connect to MQTT broker mqtts:\/\/localhost:\d+: .*(self.signed|certificate)/i));
  } finally {
    await s.stop();
    await broker.close();
  }
});

it('embedded broker with a users file and TLS only: devices log in over TLS; no password, token, hash or key is ever logged', async ({ certs, usersFile, hashes }) => {
  const logs: string[] = [];
  const s = service(
    { brokerPort: 0, brokerHost: '127.0.0.1', brokerUsers: usersFile, brokerTls: { port: 0, key: certs.keyFile, cert: certs.certFile, plain: false }, username: 'streamscore', password: SERVICE_PASSWORD },
    logs,
    { tokens: [TOKEN] },
  );
  let device: MqttClient | undefined;
  try {
    await s.start();
    assert.match(s.mqttUrl, /^mqtt:\/\/127\.0\.0\.1:\d+$/, 'the service itself uses the loopback listener');
    const tlsPort = Number(/"tlsPort":(\d+)/.exec(logs.join(''))?.[1]);
    device = await mqtt.connectAsync(`mqtts://localhost:${tlsPort}`, { username: 'pump-1', password: DEVICE_PASSWORD, ca: certs.cert, clean: true, reconnectPeriod: 0 });
    const inbox = await listen(device, ['streamscore/+/+/pump-1']);
    await telemetry(device);
    await inbox.until((m) => m.some((x) => x.topic === 'streamscore/scores/motor-health/pump-1'), 10_000, 'a score for pump-1');
    // A failed login and a denied publish are logged too: still without the secrets.
    await mqtt.connectAsync(`mqtts://localhost:${tlsPort}`, { username: 'pump-1', password: `${DEVICE_PASSWORD}-typo`, ca: certs.cert, reconnectPeriod: 0 }).catch(() => undefined);
    const put = await fetch(`${s.httpUrl}/v1/models/motor-health/versions/1/activate`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}x` } });
    assert.is(put.status, 401);
    const metrics = await (await fetch(`${s.httpUrl}/metrics`)).text();
    assert.match(metrics, 'streamscore_broker_refusals_total{kind="login"} 1');
    assert.match(metrics, 'streamscore_broker_refusals_total{kind="publish"} 0');
  } finally {
    device?.end(true);
    await s.stop();
  }
  const text = logs.join('');
  assert.match(text, /streamscore started/);
  assert.match(text, /MQTT login refused/);
  const keyBody = certs.key.split('\n').filter((l) => l && !l.startsWith('-----'));
  const secrets = [SERVICE_PASSWORD, DEVICE_PASSWORD, TOKEN, ...hashes, ...hashes.map((h) => h.split('$').at(-1)!), ...keyBody];
  for (const secret of secrets) assert.not.ok(text.includes(secret), `a secret (${secret.slice(0, 6)}…) was logged`);
});

it('with a users file and no mqtt.password the service logs in with a secret of its own, held in memory only', async ({ usersFile }) => {
  const s = service({ brokerPort: 0, brokerHost: '127.0.0.1', brokerUsers: usersFile });
  try {
    await s.start();
    const device = await mqtt.connectAsync(s.mqttUrl, { username: 'pump-1', password: DEVICE_PASSWORD, clean: true, reconnectPeriod: 0 });
    const inbox = await listen(device, ['streamscore/+/+/pump-1']);
    await telemetry(device);
    await inbox.until((m) => m.some((x) => x.topic === 'streamscore/scores/motor-health/pump-1'), 10_000, 'a score for pump-1');
    device.end(true);
  } finally {
    await s.stop();
  }
});

it.run();
