/** Restart: a stopped service snapshots its windows; the next one on the same data dir continues them. */

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { connect, listen, startService } from './harness.ts';

const t0 = Date.UTC(2026, 0, 1);

/** Publishes one event per second of [from, to) seconds after t0 to `topic` at QoS 1. */
async function send(url: string, topic: string, from: number, to: number): Promise<void> {
  const pub = await connect(url);
  for (let s = from; s < to; s++) await pub.publishAsync(topic, JSON.stringify({ ts: t0 + s * 1000, temperature: 60, vibration: 2, current: 12 }), { qos: 1 });
  await pub.endAsync();
}

test('a window spanning a restart counts the events from both sides', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'streamscore-restart-'));
  const pipeline = { name: 'restart', source: { topic: 'restart/+/telemetry', key: 'topic[1]', time: '$.ts' }, window: { type: 'tumbling', size: '30s', partial: 'emit' } };

  const first = await startService({ dataDir, pipeline });
  await send(first.mqttUrl, 'restart/dev-1/telemetry', 0, 20); // 20 events into the window [0s, 30s)
  while (first.runners[0]!.core.stats.events < 20) await new Promise((r) => setTimeout(r, 10));
  await first.stop(); // final snapshot

  const second = await startService({ dataDir, pipeline });
  try {
    const sub = await connect(second.mqttUrl);
    const inbox = await listen(sub, ['streamscore/scores/restart/#']);
    await send(second.mqttUrl, 'restart/dev-1/telemetry', 20, 31); // 10 more, then one at 30s closes the window
    await inbox.until((m) => m.length >= 1, 10_000, 'the window [0s, 30s)');
    const score = inbox.messages[0]!.body;
    assert.equal(score.window, { start: t0, end: t0 + 30_000, count: 30 });
    assert.is(score.features.temperature_count_30s, 30);
    await sub.endAsync();
  } finally {
    await second.stop();
  }
});

test('a changed pipeline spec starts with empty windows instead of restoring state it cannot read', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'streamscore-respec-'));
  const base = { name: 'respec', source: { topic: 'respec/+/telemetry', key: 'topic[1]', time: '$.ts' }, window: { type: 'tumbling', size: '30s', partial: 'emit' } };
  const first = await startService({ dataDir, pipeline: base });
  await send(first.mqttUrl, 'respec/dev-1/telemetry', 0, 20);
  while (first.runners[0]!.core.stats.events < 20) await new Promise((r) => setTimeout(r, 10));
  await first.stop();

  // Same name, other features: the snapshot's spec hash no longer matches.
  const second = await startService({ dataDir, pipeline: { ...base, features: { temperature: ['count', 'mean', 'std', 'min', 'max', 'last'], vibration: ['count', 'mean', 'std', 'min', 'max', 'last'], current: ['count', 'mean', 'std', 'min', 'max', 'last', 'slope'] } } });
  try {
    const sub = await connect(second.mqttUrl);
    const inbox = await listen(sub, ['streamscore/scores/respec/#']);
    await send(second.mqttUrl, 'respec/dev-1/telemetry', 20, 31);
    await inbox.until((m) => m.length >= 1, 10_000, 'the window [0s, 30s)');
    assert.equal(inbox.messages[0]!.body.window, { start: t0, end: t0 + 30_000, count: 10 }, 'only the events after the restart');
    await sub.endAsync();
  } finally {
    await second.stop();
  }
});

test.run();
