/**
 * Transformation and protocol bridging from YAML, through real brokers and a real HTTP server: a
 * threshold with hysteresis rendered as a CSV line (RFC 4180 quoting) and as XML, the CSV results
 * also republished on a second MQTT broker and POSTed to a webhook that fails twice before it
 * accepts (retries, order kept). Then a restart: results queued for a webhook that is down survive
 * on disk and are delivered by the next run, and the threshold's open alert survives in the
 * `rules-<name>` snapshot (the next reading clears it).
 */

import { mkdtempSync, readdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { startEmbeddedBroker, type EmbeddedBroker } from '../../src/ingest/broker.ts';
import { connect, listen } from './harness.ts';
import { startPatterns, T0, uniquePrefix, waitFor } from './patterns.ts';

const it = suite('e2e patterns: output formats and bridges');

/** An HTTP receiver: answers each POST with the next of `statuses` while there are any, then `then`. */
async function receiver(statuses: number[]): Promise<{ url: string; got: string[]; keys: string[]; headers: string[]; attempts: number; then: number; server: Server }> {
  const rx = { url: '', got: [] as string[], keys: [] as string[], headers: [] as string[], attempts: 0, then: 200, server: undefined as unknown as Server };
  rx.server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      rx.attempts++;
      const status = statuses.shift() ?? rx.then;
      if (status === 200) rx.got.push(`${req.headers['content-type']} | ${body}`);
      if (status === 200) rx.keys.push(String(req.headers['idempotency-key']));
      if (status === 200) rx.headers.push(String(req.headers['x-api-key']));
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((r) => rx.server.listen(0, '127.0.0.1', r));
  rx.url = `http://127.0.0.1:${(rx.server.address() as { port: number }).port}/alerts`;
  return rx;
}

const boiler = (p: string, over: Record<string, unknown>) => ({
  inputs: { boilers: { topic: `${p}/boilers/+`, key: 'topic[2]' } },
  operator: 'threshold',
  params: { value: 'temp', above: 90, hysteresis: 2 },
  ...over,
});
const CSV_COLUMNS = ['$key', '$ts', 'state', 'value', "concat(state, ', ', side)"];

let other: EmbeddedBroker;
it.before(async () => {
  other = await startEmbeddedBroker({ port: 0, host: '127.0.0.1', logger: pino({ level: 'silent' }) });
});
it.after(async () => other?.close());

it('CSV and XML out; CSV bridged to a second broker and to a webhook that fails twice', async () => {
  const hook = await receiver([503, 503]);
  const far = await listen(await connect(other.url), ['#']);
  const rig = await startPatterns(
    (p) => ({
      patterns: [
        boiler(p, {
          name: `${p}-csv`,
          emit: { topic: `${p}/out/csv/{key}`, format: 'csv', template: CSV_COLUMNS },
          bridge: {
            mqtt: { url: other.url.replace('mqtt://', 'mqtt://bridge:s3cret@'), topic: `${p}/bridged/{pattern}/{key}` },
            webhook: { url: hook.url, headers: { 'x-api-key': 'k3y-s3cret' }, retries: 5, backoff: '20ms' },
          },
        }),
        boiler(p, { name: `${p}-xml`, emit: { topic: `${p}/out/xml/{key}`, format: 'xml', root: 'alert', template: { boiler: '$key', state: 'state', celsius: 'value' } } }),
      ],
    }),
    (p) => [`${p}/out/#`],
  );
  const p = rig.prefix;
  for (const [i, temp] of [80, 95, 89, 85].entries()) await rig.publish(`${p}/boilers/b1`, { ts: T0 + i * 1000, temp });
  await rig.inbox.until((m) => m.length === 4, 10_000, 'two CSV and two XML results');
  await far.until((m) => m.length === 2, 10_000, 'two bridged results');
  await waitFor(() => hook.got.length === 2, 10_000, 'the webhook deliveries');

  const alert = `b1,${T0 + 1000},alert,95,"alert, above"`;
  const clear = `b1,${T0 + 3000},clear,85,"clear, above"`; // 89 is above 90 − 2: not yet clear
  assert.equal(rig.on(`${p}/out/csv/`), [alert, clear]);
  assert.equal(rig.on(`${p}/out/xml/`), [
    '<?xml version="1.0" encoding="UTF-8"?><alert><boiler>b1</boiler><state>alert</state><celsius>95</celsius></alert>',
    '<?xml version="1.0" encoding="UTF-8"?><alert><boiler>b1</boiler><state>clear</state><celsius>85</celsius></alert>',
  ]);
  assert.equal(far.messages, [
    { topic: `${p}/bridged/${p}-csv/b1`, body: alert },
    { topic: `${p}/bridged/${p}-csv/b1`, body: clear },
  ]);
  assert.equal(hook.got, [`text/csv | ${alert}`, `text/csv | ${clear}`]);
  assert.is(hook.attempts, 4, 'the first result took three attempts');
  // The result's id rides along as Idempotency-Key, the same id the JSON output would carry.
  assert.is(new Set(hook.keys).size, 2);
  assert.ok(hook.keys.every((k) => /^[0-9a-f]{16}$/.test(k)), hook.keys.join());
  const hookStats = rig.service.rules.runtimes[0]!.webhook!.stats;
  await waitFor(() => hookStats.sent === 2, 10_000, 'the webhook to see its 200'); // the receiver counts before it answers
  assert.equal(hookStats, { sent: 2, retries: 2, failed: 0, queued: 0, queuedBytes: 0 });
  // Credentials reach the receivers but never GET /v1/patterns.
  assert.equal(hook.headers, ['k3y-s3cret', 'k3y-s3cret']);
  const listed = await (await fetch(`${rig.service.httpUrl}/v1/patterns`)).text();
  assert.not.match(listed, 's3cret');
  assert.match(listed, 'mqtt://bridge:***@127.0.0.1');
  const metrics = await (await fetch(`${rig.service.httpUrl}/metrics`)).text();
  assert.match(metrics, `streamscore_pattern_webhook_retries_total{pattern="${p}-csv"} 2`);
  assert.match(metrics, `streamscore_pattern_emitted_total{pattern="${p}-xml"} 2`);
  await rig.close();
  hook.server.close();
});

it('restart: webhook items queued while the receiver was down, and an open alert, survive', async () => {
  const hook = await receiver([]);
  hook.then = 503; // down
  const dataDir = mkdtempSync(join(tmpdir(), 'ss-bridge-'));
  const prefix = uniquePrefix();
  const build = (p: string) => ({
    dataDir,
    patterns: [boiler(p, { name: `${p}-hook`, emit: { topic: `${p}/out/{key}`, format: 'csv', template: CSV_COLUMNS }, bridge: { webhook: { url: hook.url, retries: 100, backoff: '30s' } } })],
  });
  const first = await startPatterns(build, (p) => [`${p}/out/#`], undefined, prefix);
  await first.publish(`${prefix}/boilers/b2`, { ts: T0, temp: 97 });
  await first.publish(`${prefix}/boilers/b3`, { ts: T0 + 1000, temp: 99 });
  await first.inbox.until((m) => m.length === 2, 10_000, 'two alerts');
  await waitFor(() => hook.attempts >= 1, 10_000, 'a first failed attempt');
  await first.close();
  assert.equal(readdirSync(join(dataDir, 'webhooks', `${prefix}-hook`)), ['000000000000.item', '000000000001.item']);

  hook.then = 200; // back up
  const second = await startPatterns(build, (p) => [`${p}/out/#`], undefined, prefix);
  await waitFor(() => hook.got.length === 2, 10_000, 'the queued items after the restart');
  await second.publish(`${prefix}/boilers/b2`, { ts: T0 + 2000, temp: 70 });
  await second.inbox.until((m) => m.length === 1, 10_000, 'the clear of the restored alert');
  assert.equal(second.on(`${prefix}/out/`), [`b2,${T0 + 2000},clear,70,"clear, above"`]);
  await waitFor(() => hook.got.length === 3, 10_000, 'the clear at the webhook');
  assert.equal(hook.got, [
    `text/csv | b2,${T0},alert,97,"alert, above"`,
    `text/csv | b3,${T0 + 1000},alert,99,"alert, above"`,
    `text/csv | b2,${T0 + 2000},clear,70,"clear, above"`,
  ]);
  await second.close();
  hook.server.close();
});

it.run();
