/**
 * Crash-restart harness: the real service (`bin/streamscore.js`) as a child process against a
 * test-owned Mosquitto with persistence, a QoS 1 publisher of a fixed event set, SIGKILL at seeded
 * random points, restart each time; at the end a graceful SIGTERM, then the outputs are judged
 * against a crash-free in-process run (test/chaos/compare.ts).
 */

import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { startMosquitto } from '../../bench/mosquitto.ts';
import { createRng } from '../../src/sim/rng.ts';
import { openWal } from '../../src/state/wal.ts';
import { chaosEvents, chaosPipeline, judge, referenceWindows, type Verdict } from './compare.ts';

const MODELS = new URL('../../models', import.meta.url).pathname;

export interface ChaosOptions {
  mosquitto: string;
  kills: number;
  events: number;
  devices?: number;
  seed?: number;
  log?(line: string): void;
}

export interface ChaosResult extends Verdict {
  kills: number;
  events: number;
  /** Log records replayed over all restarts; records left in the log after the graceful stop. */
  replayed: number;
  replayedAfterSigterm: number;
  deadLetters: number;
  sigtermExit: number | null;
}

interface Running {
  child: ChildProcess;
  started: Promise<void>;
  exited: Promise<number | null>;
  replayed: number;
}

const WARM = new URL('./warm-child.ts', import.meta.url).pathname;

/** A service life: `warm` children have loaded their modules and wait for `go()` to run the CLI. */
function spawnService(args: string[]): Running & { go(): void; warm: Promise<void> } {
  const child = spawn(process.execPath, ['--import', 'tsx', WARM, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  let tail = '';
  let buffered = '';
  let onWarm = (): void => undefined;
  let onStarted = (): void => undefined;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const running = {
    child,
    replayed: 0,
    exited,
    warm: new Promise<void>((resolve) => (onWarm = resolve)),
    started: new Promise<void>((resolve, reject) => {
      onStarted = resolve;
      void exited.then((code) => reject(new Error(`service exited (${code}) before it started:\n${tail}`)));
    }),
    go: () => child.stdin!.write('go\n'),
  };
  running.started.catch(() => undefined);
  child.stdout!.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop()!;
    for (const line of lines) {
      tail = (tail + line + '\n').slice(-4000);
      if (line.includes('"msg":"warm"')) onWarm();
      if (line.includes('"write-ahead log replayed"')) running.replayed = (JSON.parse(line) as { replayed: number }).replayed;
      if (line.includes('"streamscore started"')) onStarted();
    }
  });
  child.stderr!.on('data', (chunk: Buffer) => (tail = (tail + chunk.toString()).slice(-4000)));
  return running;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function runChaos(opts: ChaosOptions): Promise<ChaosResult> {
  const log = opts.log ?? (() => undefined);
  const rng = createRng(opts.seed ?? 7);
  const devices = opts.devices ?? 10;
  const prefix = `chaos${process.pid}`;
  const work = mkdtempSync(join(tmpdir(), 'streamscore-chaos-'));
  const persistDir = join(work, 'mosquitto');
  const dataDir = join(work, 'data');
  mkdirSync(persistDir);
  chmodSync(persistDir, 0o777); // mosquitto started as root drops to its own user before writing
  // In flight bounded (and large): the deferred PUBACKs of one group commit wait inside this window.
  const broker = await startMosquitto(opts.mosquitto, { persistDir, maxInflight: 1000 });
  const pipeline = chaosPipeline(prefix);
  const configPath = join(work, 'config.json');
  writeFileSync(configPath, JSON.stringify({
    mqtt: { url: broker.url, clientId: `${prefix}-service` },
    http: { port: 0, host: '127.0.0.1' },
    modelsDir: MODELS,
    state: { snapshotEvery: '150ms' }, // often: kills land before, during and after cuts
    pipelines: [pipeline],
  }));

  const outputs: Array<{ id: string; window: unknown; features: Record<string, number | null> }> = [];
  let deadLetters = 0;
  const sub = await mqtt.connectAsync(broker.url, { clientId: `${prefix}-collector`, clean: false, reconnectPeriod: 200 });
  sub.on('message', (topic, payload) => {
    if (topic.startsWith(`${prefix}/out/`)) outputs.push(JSON.parse(payload.toString()) as (typeof outputs)[number]);
    else deadLetters++;
  });
  await sub.subscribeAsync([`${prefix}/out/#`, 'streamscore/deadletter/#'], { qos: 1 });
  // The service's session exists before any event, as in a deployment: a kill before its first
  // SUBSCRIBE must not turn into "the broker had no subscriber" (that loss is not the service's).
  const session = await mqtt.connectAsync(broker.url, { clientId: `${prefix}-service`, clean: false, reconnectPeriod: 0 });
  await session.subscribeAsync(`${prefix}/+/telemetry`, { qos: 1 });
  await session.endAsync();
  const pub = await mqtt.connectAsync(broker.url, { clientId: `${prefix}-publisher`, clean: false, reconnectPeriod: 200 });

  const { data, closers } = chaosEvents(prefix, opts.events, devices);
  const reference = referenceWindows(pipeline, [...data, ...closers]);
  const chunk = Math.ceil(data.length / (opts.kills + 1));
  let sent = 0;
  // QoS 1, in order, a chunk per service life; the broker queues what arrives while the service is down.
  const publishChunk = async (): Promise<void> => {
    const end = Math.min(data.length, sent + chunk);
    const pending: Array<Promise<unknown>> = [];
    for (; sent < end; sent++) pending.push(pub.publishAsync(data[sent]!.topic, data[sent]!.payload, { qos: 1 }));
    await Promise.all(pending);
  };

  let replayed = 0;
  const args = ['--config', configPath, '--data-dir', dataDir, '--log-level', 'info'];
  let service: ReturnType<typeof spawnService> | undefined;
  let next = spawnService(args);
  try {
    for (let k = 0; k < opts.kills; k++) {
      await next.warm;
      service = next;
      const born = Date.now();
      service.go();
      next = spawnService(args); // warms up while this life runs
      const publishing = publishChunk();
      // One kill in five lands during startup (restore, replay, reconnect); the rest while it works.
      if (rng.uniform() < 0.2) await sleep(rng.int(400));
      else {
        await service.started;
        await sleep(rng.int(300));
      }
      service.child.kill('SIGKILL');
      await service.exited;
      replayed += service.replayed;
      await publishing;
      log(`kill ${k + 1}/${opts.kills} after ${Date.now() - born} ms: ${sent} events published, ${outputs.length} outputs received`);
    }
    // The last life runs all the rest and ends with a graceful SIGTERM (the CLI's signal handler).
    await next.warm;
    service = next;
    service.go();
    while (sent < data.length) await publishChunk();
    await Promise.all(closers.map((m) => pub.publishAsync(m.topic, m.payload, { qos: 1 })));
    await service.started;
    replayed += service.replayed;
    const deadline = Date.now() + 30_000;
    while (new Set(outputs.map((o) => o.id)).size < reference.size && Date.now() < deadline) await sleep(50);
    await sleep(200); // late duplicates would show up here
    service.child.kill('SIGTERM');
    const sigtermExit = await service.exited;
    // After a graceful stop the final snapshot covers the whole log: nothing is left to replay.
    const { wal, records } = openWal({ dir: join(dataDir, 'wal'), segmentBytes: 1 << 20, fsync: false });
    await wal.close();
    const replayedAfterSigterm = records.length;
    return { kills: opts.kills, events: data.length, replayed, replayedAfterSigterm, deadLetters, sigtermExit, ...judge(reference, outputs) };
  } finally {
    for (const life of [service, next]) if (life && life.child.exitCode === null && life.child.signalCode === null) life.child.kill('SIGKILL');
    await pub.endAsync().catch(() => undefined);
    await sub.endAsync().catch(() => undefined);
    await broker.stop();
    rmSync(work, { recursive: true, force: true });
  }
}
