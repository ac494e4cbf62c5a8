/**
 * Write-ahead log cost: the log alone (appends per second with group commits, fsync on and off),
 * then the real service behind a bench-owned Mosquitto taking a QoS 1 burst with the log off, on
 * without fsync, and on with fsync (the default). Figures, not assertions: the machine decides them.
 */

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { pino } from 'pino';
import { DEMO_CONFIG } from '../src/config/demo.ts';
import { resolveConfig } from '../src/config/load.ts';
import { createService } from '../src/service.ts';
import { openWal } from '../src/state/wal.ts';
import { findMosquitto, startMosquitto } from './mosquitto.ts';
import { fmtInt, printTable } from './stats.ts';
import { envInt, type BenchContext, type Suite } from './suite.ts';

const PAYLOAD = Buffer.from(JSON.stringify({ ts: 1767225600000, temperature: 61.5, vibration: 2.25, current: 12.5 }));

/** Appends `n` records, `perTurn` per event-loop turn, and waits for the last group commit. */
async function logAlone(n: number, perTurn: number, fsync: boolean): Promise<Record<string, string>> {
  const dir = await mkdtemp(join(tmpdir(), 'streamscore-bench-wal-'));
  const { wal } = openWal({ dir, segmentBytes: 16 << 20, fsync });
  const started = performance.now();
  for (let i = 0; i < n; i += perTurn) {
    for (let j = 0; j < perTurn; j++) wal.append('devices/dev-1/telemetry', PAYLOAD, 0);
    await new Promise((r) => setImmediate(r));
  }
  await wal.flush();
  const s = (performance.now() - started) / 1000;
  const groups = wal.stats.groups;
  await wal.close();
  await rm(dir, { recursive: true, force: true });
  return { fsync: String(fsync), 'per turn': String(perTurn), 'records/s': fmtInt(n / s), groups: fmtInt(groups) };
}

/** The service takes `n` QoS 1 events already queued at the broker; events/s until all are counted. */
async function service(url: string, modelsDir: string, n: number, wal: { enabled: boolean; fsync: boolean }, label: string): Promise<Record<string, string>> {
  const dataDir = await mkdtemp(join(tmpdir(), 'streamscore-bench-wal-'));
  const prefix = `walbench${process.pid}${label.replace(/\W/g, '')}`;
  const config = resolveConfig({
    mqtt: { url, clientId: `${prefix}-svc` },
    http: { port: 0, host: '127.0.0.1' },
    dataDir,
    modelsDir,
    state: { wal },
    pipelines: [{ ...DEMO_CONFIG.pipelines[0], name: prefix, source: { topic: `${prefix}/+/telemetry`, key: 'topic[1]', time: '$.ts' } }],
  });
  // The session first, then the burst queued at the broker: the service drains it at its own pace.
  const session = await mqtt.connectAsync(url, { clientId: `${prefix}-svc`, clean: false });
  await session.subscribeAsync(`${prefix}/+/telemetry`, { qos: 1 });
  await session.endAsync();
  const pub = await mqtt.connectAsync(url, { clean: true });
  const pending: Array<Promise<unknown>> = [];
  for (let i = 0; i < n; i++) {
    pending.push(pub.publishAsync(`${prefix}/dev-${i % 100}/telemetry`, JSON.stringify({ id: `e${i}`, ts: 1767225600000 + Math.floor(i / 100) * 500, temperature: 60 + (i % 7), vibration: 2, current: 12 }), { qos: 1 }));
  }
  await Promise.all(pending);
  await pub.endAsync();
  const svc = createService({ config, logger: pino({ level: 'silent' }) });
  // Timed from the first counted event to the last: startup (model load, HTTP) is not the log's cost.
  const counted = (): number => {
    const stats = svc.runners[0]?.core.stats;
    return stats ? stats.events + stats.duplicates : 0;
  };
  let started = 0;
  let first = 0;
  const watch = setInterval(() => {
    if (started === 0 && counted() > 0) {
      started = performance.now();
      first = counted();
    }
  }, 1);
  await svc.start();
  while (counted() < n) await new Promise((r) => setTimeout(r, 2));
  clearInterval(watch);
  const s = (performance.now() - started) / 1000;
  await svc.stop();
  await rm(dataDir, { recursive: true, force: true });
  return { log: label, events: fmtInt(n - first), 'events/s': fmtInt((n - first) / s) };
}

export const suite: Suite = {
  name: 'wal',
  summary: 'write-ahead log: group-commit rate alone, and service events/s with the log off, on without fsync, on with fsync',
  async run(ctx: BenchContext) {
    const n = envInt('BENCH_WAL_EVENTS', 100_000);
    printTable('log alone (one group commit per event-loop turn)', [
      await logAlone(n, 1, true),
      await logAlone(n, 100, true),
      await logAlone(n, 100, false),
    ]);
    const bin = findMosquitto();
    if (!bin) {
      console.log('\nservice figures skipped: mosquitto is not installed');
      return;
    }
    const broker = await startMosquitto(bin, { maxInflight: 1000 });
    try {
      const m = envInt('BENCH_WAL_SERVICE_EVENTS', 30_000);
      await service(broker.url, ctx.modelsDir, m, { enabled: false, fsync: false }, 'warm-up'); // JIT, model cache
      const rows = [
        await service(broker.url, ctx.modelsDir, m, { enabled: false, fsync: false }, 'off'),
        await service(broker.url, ctx.modelsDir, m, { enabled: true, fsync: false }, 'on, no fsync'),
        await service(broker.url, ctx.modelsDir, m, { enabled: true, fsync: true }, 'on, fsync'),
        await service(broker.url, ctx.modelsDir, m, { enabled: false, fsync: false }, 'off, again'),
      ];
      printTable('service, QoS 1 burst through Mosquitto (max_inflight_messages 1000)', rows);
      ctx.trailer.push(`wal: service events/s ${rows.map((r) => `${r.log} ${r['events/s']}`).join(', ')}`);
    } finally {
      await broker.stop();
    }
  },
};
