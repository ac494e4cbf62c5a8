/**
 * Intake control through a real broker (embedded aedes): a QoS 1 PUBACK leaves only once the
 * message's journal record is durable; a paused message is neither processed nor acknowledged
 * until resume; after stopIntake nothing is processed or acknowledged.
 */

import mqtt from 'mqtt';
import { pino } from 'pino';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startEmbeddedBroker } from '../../src/ingest/broker.ts';
import { openMqtt } from '../../src/ingest/mqtt-source.ts';

const logger = pino({ level: 'silent' });
const until = async (cond: () => boolean, what: string): Promise<void> => {
  const deadline = Date.now() + 3000;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
};

test('PUBACK waits for durability; pause parks; stop neither processes nor acknowledges', async () => {
  const broker = await startEmbeddedBroker({ port: 0, host: '127.0.0.1', logger });
  const listeners: Array<(d: number) => void> = [];
  const journal = { appended: 0, durable: 0, append: () => ++journal.appended, onDurable: (l: (d: number) => void) => listeners.push(l) };
  const makeDurable = (): void => {
    journal.durable = journal.appended;
    for (const l of listeners) l(journal.durable);
  };
  const conn = openMqtt({ url: broker.url, clientId: `intake-${process.pid}`, logger, journal });
  const got: string[] = [];
  conn.route('intake/#', (_t, payload) => got.push(payload.toString()));
  const pubacks: number[] = [];
  conn.client.on('packetsend', (p) => {
    if (p.cmd === 'puback') pubacks.push(p.messageId!);
  });
  await conn.ready;
  await conn.subscribe('intake/#');
  const pub = await mqtt.connectAsync(broker.url, { clean: true });
  try {
    void pub.publishAsync('intake/a', 'one', { qos: 1 });
    await until(() => got.length === 1, 'the first message');
    await new Promise((r) => setTimeout(r, 30));
    assert.is(pubacks.length, 0, 'processed and journaled, not yet durable: no PUBACK');
    makeDurable();
    await until(() => pubacks.length === 1, 'the PUBACK after the group commit');

    conn.pause();
    void pub.publishAsync('intake/a', 'two', { qos: 1 });
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(got, ['one'], 'parked: not processed');
    assert.is(journal.appended, 1, 'parked: not journaled');
    conn.resume();
    assert.equal(got, ['one', 'two']);
    makeDurable();
    await until(() => pubacks.length === 2, 'the parked message acknowledged once durable');

    conn.stopIntake();
    void pub.publishAsync('intake/a', 'three', { qos: 1 });
    await new Promise((r) => setTimeout(r, 50));
    makeDurable();
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(got, ['one', 'two']);
    assert.is(pubacks.length, 2, 'stopped: the broker keeps the message for the next session');
  } finally {
    await pub.endAsync();
    conn.client.end(true);
    await broker.close();
  }
});

test.run();
