/**
 * In-process suite: the real pipeline core + runner + ONNX model, no broker. Payload Buffers go
 * through `runner.onMessage` as fast as one thread can take them; publish only counts bytes (the
 * runner still builds and stringifies every score event).
 */

import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { pino } from 'pino';
import { DEMO_CONFIG } from '../src/config/demo.ts';
import { resolveConfig, type Config } from '../src/config/load.ts';
import { createRegistry, type Registry } from '../src/models/registry.ts';
import { createPipelineCore } from '../src/pipeline/core.ts';
import { createPipelineRunner } from '../src/pipeline/runner.ts';
import { fleetTelemetry, type Telemetry } from './payloads.ts';
import { fmtInt, median, printTable, type Row } from './stats.ts';
import { envInt, type Suite } from './suite.ts';

const DEVICES = 1000;
const RATE_PER_DEVICE = 2; // Hz of event time: a 30 s window holds 60 readings per pump
/** Messages handed over per event-loop turn, about what one 64 KiB socket read of telemetry holds. */
const CHUNK = 512;
const REPEATS = 3;

interface RunFigures {
  eventsPerSec: number;
  eventsPerCpuSec: number;
  scores: number;
  batches: number;
  bytes: number;
  deadLettered: number;
}

/**
 * The demo pipeline with its window's `every` replaced, scoring warm-up windows too: the bench spans
 * a minute of event time, and a long-running device emits one score per `every` either way.
 */
function demoConfig(modelsDir: string, every: string): Config {
  const raw = structuredClone(DEMO_CONFIG) as { pipelines: Array<{ window: Record<string, string> }> };
  raw.pipelines[0]!.window = { ...raw.pipelines[0]!.window, every, partial: 'emit' };
  return resolveConfig({ ...raw, modelsDir, state: { snapshotEvery: 0 } }, `bench demo (every ${every})`);
}

/** One timed pass over all payloads through a fresh core and runner (fresh windows each time). */
async function runOnce(config: Config, registry: Registry, traffic: Telemetry): Promise<RunFigures> {
  const pipeline = config.pipelines[0]!;
  let bytes = 0;
  const runner = createPipelineRunner(createPipelineCore(pipeline, config.limits), {
    registry,
    now: Date.now,
    logger: pino({ level: 'silent' }),
    maxQueuedRows: config.limits.maxQueuedRows,
    outputs: {
      publish: (_topic, payload) => {
        bytes += payload.length;
      },
      onScore: () => {},
    },
  });
  const topics = traffic.devices.map((d) => `devices/${d}/telemetry`);
  const { payloads } = traffic;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < payloads.length; ) {
    const end = Math.min(payloads.length, i + CHUNK);
    for (; i < end; i++) runner.onMessage(topics[i]!, payloads[i]!);
    await yieldToLoop(); // let queued batches score, as the socket's next read would
  }
  await runner.drain();
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const dead = Object.values(runner.core.stats.deadLettered).reduce((a, b) => a + (b ?? 0), 0);
  return {
    eventsPerSec: payloads.length / seconds,
    eventsPerCpuSec: payloads.length / ((cpu.user + cpu.system) / 1e6),
    scores: runner.stats.scores,
    batches: runner.batcher.stats.batches,
    bytes,
    deadLettered: dead,
  };
}

export const suite: Suite = {
  name: 'inprocess',
  summary: 'pipeline core + runner + ONNX model in one thread, no broker (events/s per core)',
  async run(ctx) {
    const count = envInt('BENCH_INPROCESS_EVENTS', 100_000);
    const registry = createRegistry(pino({ level: 'silent' }));
    await registry.loadDir(ctx.modelsDir);
    const traffic = fleetTelemetry({ devices: DEVICES, ratePerSec: RATE_PER_DEVICE, count });
    const rows: Row[] = [];
    for (const every of ['5s', '1s']) {
      const config = demoConfig(ctx.modelsDir, every);
      await runOnce(config, registry, traffic); // warm-up: JIT, ORT arena, window allocations
      const runs: RunFigures[] = [];
      for (let r = 0; r < REPEATS; r++) runs.push(await runOnce(config, registry, traffic));
      const last = runs[runs.length - 1]!;
      const eps = median(runs.map((x) => x.eventsPerSec));
      rows.push({
        window: `30s every ${every}`,
        'events/s': fmtInt(eps),
        'events/cpu-s': fmtInt(median(runs.map((x) => x.eventsPerCpuSec))),
        'min..max ev/s': `${fmtInt(Math.min(...runs.map((x) => x.eventsPerSec)))}..${fmtInt(Math.max(...runs.map((x) => x.eventsPerSec)))}`,
        scores: last.scores,
        'rows/batch': (last.scores / Math.max(1, last.batches)).toFixed(1),
        'bytes out': fmtInt(last.bytes),
        'dead letters': last.deadLettered,
      });
      if (every === '5s') ctx.figures.set('inprocess.eventsPerSec', eps);
    }
    await registry.close();
    printTable(`in-process: ${fmtInt(count)} events from ${DEVICES} devices at ${RATE_PER_DEVICE} Hz, median of ${REPEATS} after a warm-up`, rows);
    console.log('target: ≥ 250,000 events/s per core (the demo window, every 5s)');
  },
};
