/**
 * Stream–table enrichment from YAML through the real broker: device metadata from a retained topic
 * that was published before the service started (it arrives on subscribe), and the latest price of
 * a symbol upserted and deleted over HTTP (`PUT/GET/DELETE /v1/tables/prices/:key`, bearer auth).
 */

import { pino } from 'pino';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { startEmbeddedBroker, type EmbeddedBroker } from '../../src/ingest/broker.ts';
import { connect, getJson } from './harness.ts';
import { startPatterns, T0, waitFor, withoutId, type PatternRig } from './patterns.ts';

const it = suite('e2e patterns: stream–table enrichment');
const TOKEN = 'enrich-test-token-0123456789';
let broker: EmbeddedBroker;
let rig: PatternRig;
let prefix = '';

it.before(async () => {
  broker = await startEmbeddedBroker({ port: 0, host: '127.0.0.1', logger: pino({ level: 'silent' }) });
  rig = await startPatterns(
    (p) => {
      prefix = p;
      return {
        mqttUrl: broker.url,
        http: { tokens: [TOKEN] },
        tables: { devices: { topic: `${p}/meta/+`, key: 'topic[2]' }, prices: {} },
        patterns: [
          {
            name: `${p}-devices`,
            inputs: { readings: { topic: `${p}/readings/+`, key: 'topic[2]' }, devices: { table: 'devices' } },
            operator: 'enrich',
            params: { table: 'devices', as: 'device' },
            emit: { topic: `${p}/out/readings/{key}` },
          },
          {
            name: `${p}-prices`,
            inputs: { tweets: { topic: `${p}/tweets/+`, key: '$.symbol' }, prices: { table: 'prices' } },
            operator: 'enrich',
            params: { table: 'prices', as: 'price', miss: 'deadletter' },
            emit: { topic: `${p}/out/tweets/{key}` },
          },
        ],
      };
    },
    (p) => [`${p}/out/#`, 'streamscore/deadletter/#'],
    async (p) => {
      // Published and retained before the service exists: it can only arrive as a retained message.
      const meta = await connect(broker.url);
      await meta.publishAsync(`${p}/meta/pump-7`, JSON.stringify({ site: 'north', model: 'P300' }), { qos: 1, retain: true });
      await meta.endAsync();
    },
  );
});
it.after(async () => {
  await rig?.close();
  await broker?.close();
});

it('a retained row published before start enriches readings; a key without a row gets null', async () => {
  const p = prefix;
  await waitFor(() => rig.service.rules.tables.get('devices', 'pump-7') !== undefined, 10_000, 'the retained row');
  await rig.publish(`${p}/readings/pump-7`, { ts: T0, temperature: 71 });
  await rig.publish(`${p}/readings/pump-9`, { ts: T0 + 1000, temperature: 64 });
  await rig.inbox.until((m) => m.filter((x) => x.topic.startsWith(`${p}/out/readings/`)).length === 2, 10_000, 'two enriched readings');
  assert.equal(rig.on(`${p}/out/readings/`).map(withoutId), [
    { pattern: `${p}-devices`, key: 'pump-7', ts: T0, temperature: 71, device: { site: 'north', model: 'P300' } },
    { pattern: `${p}-devices`, key: 'pump-9', ts: T0 + 1000, temperature: 64, device: null },
  ]);
  const row = await getJson(`${rig.service.httpUrl}/v1/tables/devices/pump-7`);
  assert.equal(row.body, { table: 'devices', key: 'pump-7', row: { site: 'north', model: 'P300' } });
  // A bad row is dead-lettered; an empty retained payload (MQTT's way to clear it) deletes the row.
  await rig.publish(`${p}/meta/pump-8`, 'not json', { retain: true });
  await rig.inbox.until((m) => m.some((x) => x.topic === 'streamscore/deadletter/invalid_json' && x.body.pipeline === 'tables.devices'), 10_000, 'the bad row');
  await rig.pub.publishAsync(`${p}/meta/pump-7`, '', { qos: 1, retain: true });
  await waitFor(() => rig.service.rules.tables.get('devices', 'pump-7') === undefined, 10_000, 'the row deleted');
  const listed = (await getJson(`${rig.service.httpUrl}/v1/patterns`)).body;
  assert.equal(listed.tables, { devices: { rows: 0, refused: 0 }, prices: { rows: 0, refused: 0 } });
});

it('PUT /v1/tables/prices/ACME enriches tweets; a miss and a deleted row are dead-lettered', async () => {
  const p = prefix;
  const url = `${rig.service.httpUrl}/v1/tables/prices/ACME`;
  const auth = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
  assert.is((await fetch(url, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"last":12.5}' })).status, 401);
  assert.is((await fetch(url, { method: 'PUT', headers: auth, body: '{"last":12.5}' })).status, 201);
  assert.is((await fetch(url, { method: 'PUT', headers: auth, body: '{"last":13}' })).status, 200);
  await rig.publish(`${p}/tweets/t1`, { ts: T0 + 2000, symbol: 'ACME', text: 'to the moon' });
  await rig.publish(`${p}/tweets/t2`, { ts: T0 + 3000, symbol: 'NOPE', text: 'who?' });
  assert.is((await fetch(url, { method: 'DELETE', headers: { authorization: `Bearer ${TOKEN}` } })).status, 204);
  await rig.publish(`${p}/tweets/t3`, { ts: T0 + 4000, symbol: 'ACME', text: 'gone' });
  const misses = (m: typeof rig.inbox.messages) => m.filter((x) => x.topic === 'streamscore/deadletter/enrich-miss' && x.body.pipeline === `${p}-prices`);
  await rig.inbox.until((m) => misses(m).length === 2, 10_000, 'two enrichment misses');

  assert.equal(rig.on(`${p}/out/tweets/`).map(withoutId), [
    { pattern: `${p}-prices`, key: 'ACME', ts: T0 + 2000, symbol: 'ACME', text: 'to the moon', price: { last: 13 } },
  ]);
  assert.equal(misses(rig.inbox.messages).map((d) => [d.body.topic, JSON.parse(d.body.payload).text]), [[`${p}/tweets/t2`, 'who?'], [`${p}/tweets/t3`, 'gone']]);
  assert.is((await getJson(url)).status, 404);
  assert.is((await getJson(`${rig.service.httpUrl}/v1/tables/nope/ACME`)).body.error.code, 'TABLE_NOT_FOUND');
});

it.run();
