/**
 * The embedded broker over real sockets (port 0): logins refused with the MQTT CONNACK code, per-device
 * topic ACLs, and the TLS listener, with certificates made at test time.
 */

import { Writable } from 'node:stream';
import mqtt, { type MqttClient } from 'mqtt';
import { pino } from 'pino';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { hashPassword } from '../../src/ingest/broker-auth.ts';
import { startEmbeddedBroker, type EmbeddedBroker } from '../../src/ingest/broker.ts';
import { listen } from '../e2e/harness.ts';
import { makeCerts, type TestCerts } from './tls-fixtures.ts';

const ACL = { serviceUser: 'streamscore', publish: 'devices/{username}/#', subscribe: ['streamscore/+/+/{username}'] };
const PASSWORDS: Record<string, string> = { streamscore: 'service-password', 'dev-1': 'device-one-pw', 'dev-2': 'device-two-pw' };

const it = suite<{ broker: EmbeddedBroker; certs: TestCerts; logs: string[]; clients: MqttClient[] }>('embedded broker', {} as never);

it.before(async (ctx) => {
  ctx.certs = await makeCerts();
  const users = new Map(await Promise.all(Object.entries(PASSWORDS).map(async ([u, p]) => [u, await hashPassword(p, 10)] as [string, string])));
  ctx.logs = [];
  const sink = new Writable({ write: (chunk, _enc, done) => (ctx.logs.push(String(chunk)), done()) });
  ctx.broker = await startEmbeddedBroker({
    port: 0,
    host: '127.0.0.1',
    logger: pino({ level: 'info' }, sink),
    auth: { users, ...ACL },
    tls: { port: 0, key: Buffer.from(ctx.certs.key), cert: Buffer.from(ctx.certs.cert), plain: true },
  });
  ctx.clients = [];
});
it.after(async (ctx) => {
  for (const c of ctx.clients) c.end(true);
  await ctx.broker.close();
});

const login = async (ctx: { broker: EmbeddedBroker; clients: MqttClient[] }, username: string, password = PASSWORDS[username]): Promise<MqttClient> => {
  const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${ctx.broker.port}`, { username, password, clean: true, reconnectPeriod: 0, connectTimeout: 3000 });
  ctx.clients.push(client);
  return client;
};

const refusal = (p: Promise<unknown>): Promise<{ code?: number; message: string }> =>
  p.then(() => { throw new Error('expected the connection to be refused'); }, (err: { code?: number; message: string }) => err);

it('a wrong password gets CONNACK 4, an unknown user 4, no credentials 5, and each is counted', async (ctx) => {
  const before = ctx.broker.authStats.loginsRefused;
  const wrong = await refusal(login(ctx, 'dev-1', 'not-the-password'));
  assert.is(wrong.code, 4, wrong.message); // [MQTT-3.2.2.3] 4 = bad user name or password
  assert.is((await refusal(login(ctx, 'nobody', 'whatever-password'))).code, 4);
  const anonymous = await refusal(mqtt.connectAsync(`mqtt://127.0.0.1:${ctx.broker.port}`, { reconnectPeriod: 0, connectTimeout: 3000 }));
  assert.is(anonymous.code, 5); // 5 = not authorized
  assert.is(ctx.broker.authStats.loginsRefused - before, 3);
  const lines = ctx.logs.join('');
  assert.match(lines, /MQTT login refused/);
  assert.not.match(lines, /not-the-password/);
});

it('a device publishes under devices/<its name>/ only: elsewhere the message is not delivered, the device is disconnected, the denial counted and logged', async (ctx) => {
  const service = await login(ctx, 'streamscore');
  const inbox = await listen(service, ['devices/#']);
  const dev1 = await login(ctx, 'dev-1');
  const dev2 = await login(ctx, 'dev-2');
  const denied = ctx.broker.authStats.publishDenied;
  const closed = new Promise<string>((resolve) => {
    dev1.once('close', () => resolve('closed'));
    setTimeout(() => resolve('still connected'), 3000).unref();
  });
  dev1.publish('devices/dev-2/telemetry', JSON.stringify({ spoofed: true }), { qos: 0 });
  assert.is(await closed, 'closed'); // [MQTT-3.3.5-2] the broker may close the connection of an unauthorized PUBLISH
  await dev2.publishAsync('devices/dev-2/telemetry', JSON.stringify({ genuine: true }), { qos: 1 });
  await inbox.until((m) => m.length >= 1, 3000);
  assert.equal(inbox.messages.map((m) => m.body), [{ genuine: true }], 'the spoofed message, published first, never arrived');
  assert.is(ctx.broker.authStats.publishDenied - denied, 1);
  assert.match(ctx.logs.join(''), /MQTT publish denied.*"username":"dev-1".*devices\/dev-2\/telemetry|devices\/dev-2\/telemetry.*MQTT publish denied/);
  // The service user may publish anywhere, e.g. results to the device.
  await service.publishAsync('streamscore/scores/motor/dev-2', '{}', { qos: 1 });
});

it('a device subscribes to its own results only: other filters get SUBACK 0x80 and the connection stays', async (ctx) => {
  const dev1 = await login(ctx, 'dev-1');
  // MQTT.js rejects a SUBSCRIBE with any failed filter, keeping the SUBACK on the error.
  const suback = await dev1.subscribeAsync(['streamscore/+/+/dev-1', 'streamscore/scores/motor/dev-2', 'devices/#', '#', 'streamscore/+/+/+'], { qos: 1 }).then(
    (): { granted: number[] } => assert.unreachable('SUBACK without failures') as never,
    (err: { packet: { granted: number[] } }) => err.packet,
  );
  // [MQTT-3.9.3] return code 0x80 = failure, per filter
  assert.equal(suback.granted, [1, 128, 128, 128, 128]);
  assert.ok(dev1.connected);
  assert.ok(ctx.broker.authStats.subscribeDenied >= 4);
  const inbox = await listen(dev1, ['streamscore/+/+/dev-1']);
  const service = await login(ctx, 'streamscore');
  await service.publishAsync('streamscore/scores/motor/dev-2', '{"for":"dev-2"}', { qos: 1 });
  await service.publishAsync('streamscore/scores/motor/dev-1', '{"for":"dev-1"}', { qos: 1 });
  await inbox.until((m) => m.length >= 1, 3000);
  assert.equal(inbox.messages.map((m) => m.body), [{ for: 'dev-1' }], 'the result for dev-2, published first, never reached dev-1');
});

it('TLS listener: a client trusting the certificate connects and logs in; a plain client on the TLS port and an untrusting TLS client are refused', async (ctx) => {
  assert.ok(ctx.broker.tlsPort && ctx.broker.tlsPort !== ctx.broker.port);
  const secure = await mqtt.connectAsync(`mqtts://localhost:${ctx.broker.tlsPort}`, { username: 'dev-1', password: PASSWORDS['dev-1'], ca: ctx.certs.cert, reconnectPeriod: 0, connectTimeout: 3000 });
  ctx.clients.push(secure);
  assert.ok(secure.connected);
  // The TLS server reads the plain CONNECT as a bad TLS record and closes the socket: no CONNACK ever.
  const plain = mqtt.connect(`mqtt://127.0.0.1:${ctx.broker.tlsPort}`, { username: 'dev-1', password: PASSWORDS['dev-1'], reconnectPeriod: 0, connectTimeout: 2000 });
  ctx.clients.push(plain);
  const outcome = await new Promise<string>((resolve) => {
    plain.once('connect', () => resolve('connected'));
    plain.once('close', () => resolve('closed'));
  });
  assert.is(outcome, 'closed');
  const untrusting = await refusal(mqtt.connectAsync(`mqtts://localhost:${ctx.broker.tlsPort}`, { username: 'dev-1', password: PASSWORDS['dev-1'], reconnectPeriod: 0, connectTimeout: 2000 }));
  assert.match(untrusting.message, /self.signed|certificate/i);
  const badLogin = await refusal(mqtt.connectAsync(`mqtts://localhost:${ctx.broker.tlsPort}`, { username: 'dev-1', password: 'wrong-password', ca: ctx.certs.cert, reconnectPeriod: 0, connectTimeout: 3000 }));
  assert.is(badLogin.code, 4, 'logins are checked on the TLS listener too');
});

it.run();
