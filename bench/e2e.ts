/**
 * End-to-end suite: the real service (createService) behind the embedded aedes broker and behind a
 * bench-owned Mosquitto. Each event crosses the broker twice: device → broker → service → broker →
 * subscriber. Reports the pipeline's max rate against the broker-only ceiling, and latency at 20k ev/s.
 */

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { createService, type Service } from '../src/service.ts';
import { benchServiceConfig, LATENCY_EVERY, LATENCY_PIPELINES, THROUGHPUT_PIPELINE, type LatencyPipeline } from './e2e-config.ts';
import { baselinePass, latencyRun, pipelinePass, type BaselineFigures, type Gens, type LatencyFigures, type PipelineFigures } from './e2e-measure.ts';
import { startLoadGen } from './loadgen-client.ts';
import { findMosquitto, startMosquitto, type Mosquitto } from './mosquitto.ts';
import { fmtInt, fmtMs, printTable } from './stats.ts';
import { envInt, type BenchContext, type Suite } from './suite.ts';

type Broker = 'aedes' | 'mosquitto';
const DEVICES = 1000;
const RATE_PER_DEVICE = 2; // Hz of event time, as in the in-process suite
const LATENCY_DEVICES = 100;

interface LatencyRunSpec {
  label: string;
  /** Absent: broker only, the subscriber reads the paced telemetry back from `bench/echo/…`. */
  pipeline?: LatencyPipeline;
  ratePerSec: number;
  seconds: number;
}

/** The headline latency run (20k ev/s, shipped batching), then the runs that explain it. */
const HEADLINE: LatencyRunSpec = { label: '20k ev/s', pipeline: LATENCY_PIPELINES.default, ratePerSec: 20_000, seconds: envInt('BENCH_LATENCY_SECONDS', 6) };
const LATENCY_RUNS: LatencyRunSpec[] = [
  { label: '20k ev/s broker only', ratePerSec: 20_000, seconds: 2 },
  HEADLINE,
  { label: '5k ev/s', pipeline: LATENCY_PIPELINES.default, ratePerSec: 5_000, seconds: 3 },
  { label: '5k ev/s, maxDelay 0', pipeline: LATENCY_PIPELINES.noDelay, ratePerSec: 5_000, seconds: 3 },
];

interface BrokerResult {
  broker: Broker;
  /** One entry per round; the best round is the one reported. */
  baselines: BaselineFigures[];
  pipelines: PipelineFigures[];
  latency: Array<{ label: string; figures: LatencyFigures }>;
  stopSeconds: number;
}

const best = <T>(xs: T[], rate: (x: T) => number): T => xs.reduce((a, b) => (rate(b) > rate(a) ? b : a));
const bestBaseline = (r: BrokerResult): BaselineFigures => best(r.baselines, (b) => b.messagesPerSec);
const bestPipeline = (r: BrokerResult): PipelineFigures => best(r.pipelines, (p) => p.eventsPerSec);
const headline = (r: BrokerResult): LatencyFigures | undefined => r.latency.find((l) => l.label === HEADLINE.label)?.figures;

/** Warm-up pass of each kind, then `rounds` × (baseline, pipeline) interleaved, so both see the same noise. */
async function throughput(gens: Gens, service: Service, result: BrokerResult): Promise<void> {
  const warmup = envInt('BENCH_E2E_WARMUP', 20_000);
  const events = envInt('BENCH_E2E_EVENTS', 120_000);
  const inFlight = envInt('BENCH_E2E_INFLIGHT', 1000);
  const rounds = envInt('BENCH_E2E_ROUNDS', 2);
  const runner = service.runners.find((r) => r.core.config.name === THROUGHPUT_PIPELINE)!;
  await gens.pub.call({ op: 'connect', url: service.mqttUrl, traffic: { devices: DEVICES, ratePerSec: RATE_PER_DEVICE, count: warmup + rounds * events } });
  await gens.sub.call({ op: 'connect', url: service.mqttUrl });
  await baselinePass(gens, { from: 0, count: warmup, inFlight });
  await pipelinePass(gens, runner, { from: 0, count: warmup, inFlight });
  for (let r = 0; r < rounds; r++) {
    // The pipeline needs each device's events in time order, so every round continues the stream.
    const slice = { from: warmup + r * events, count: events, inFlight };
    result.baselines.push(await baselinePass(gens, slice));
    result.pipelines.push(await pipelinePass(gens, runner, slice));
  }
}

async function runAgainst(broker: Broker, ctx: BenchContext, mosquittoBin?: string): Promise<BrokerResult> {
  const result: BrokerResult = { broker, baselines: [], pipelines: [], latency: [], stopSeconds: NaN };
  const dataDir = await mkdtemp(join(tmpdir(), 'streamscore-bench-'));
  let mosquitto: Mosquitto | undefined;
  let service: Service | undefined;
  const gens: Gens = { pub: startLoadGen(), sub: startLoadGen() };
  try {
    if (broker === 'mosquitto') mosquitto = await startMosquitto(mosquittoBin!);
    const config = benchServiceConfig({ modelsDir: ctx.modelsDir, dataDir, ...(mosquitto && { mqttUrl: mosquitto.url }) });
    service = createService({ config, logger: pino({ level: 'warn' }) });
    await service.start();
    await throughput(gens, service, result);
    for (const run of LATENCY_RUNS) {
      const runner = run.pipeline && service.runners.find((r) => r.core.config.name === run.pipeline!.name);
      const plan = { level: run.pipeline?.level ?? 'echo', ratePerSec: run.ratePerSec, seconds: run.seconds, warmupSeconds: 1, devices: LATENCY_DEVICES };
      result.latency.push({ label: run.label, figures: await latencyRun(gens, runner, plan) });
    }
  } finally {
    await Promise.all([gens.pub.close(), gens.sub.close()]);
    const t0 = performance.now();
    await service?.stop();
    result.stopSeconds = (performance.now() - t0) / 1000;
    await mosquitto?.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
  return result;
}

/** The machine-read summary line: integers for rates, two decimals for ratio and ms. */
function summaryLine(r: BrokerResult, inprocess: number | undefined): string {
  const b = bestBaseline(r);
  const p = bestPipeline(r);
  return (
    `e2e: broker=${r.broker} pipeline=${Math.round(p.eventsPerSec)} baseline=${Math.round(b.messagesPerSec)} ` +
    `ratio=${(p.eventsPerSec / b.messagesPerSec).toFixed(2)} p99_at_20k=${fmtMs(headline(r)?.p99 ?? NaN)} ` +
    `inprocess=${inprocess === undefined ? 'n/a' : Math.round(inprocess)}`
  );
}

function report(results: BrokerResult[]): void {
  const all = (xs: number[]): string => xs.map(fmtInt).join(' / ');
  printTable(
    `e2e throughput: ${fmtInt(results[0]!.pipelines[0]?.events ?? 0)} events per round from ${DEVICES} devices, QoS 1 both ways, window 30s every 5s; best round reported`,
    results.map((r) => {
      const b = bestBaseline(r);
      const p = bestPipeline(r);
      return {
        broker: r.broker,
        'baseline msg/s': fmtInt(b.messagesPerSec),
        'pipeline ev/s': fmtInt(p.eventsPerSec),
        ratio: (p.eventsPerSec / b.messagesPerSec).toFixed(2),
        'baseline rounds': all(r.baselines.map((x) => x.messagesPerSec)),
        'pipeline rounds': all(r.pipelines.map((x) => x.eventsPerSec)),
        'publish/run s': `${p.publishSeconds.toFixed(1)}/${p.seconds.toFixed(1)}`,
        'scores rcvd/expected': `${p.scoresReceived}/${p.scoresExpected}`,
        'baseline rcvd/sent': `${b.received}/${b.sent}`,
        'dead letters': p.deadLettered,
      };
    }),
  );
  printTable(
    `e2e latency, ${LATENCY_DEVICES} devices, window 30s every ${LATENCY_EVERY}: ms from publishing a window's closing event to receiving its score (broker only: from publish to receipt; first second not sampled)`,
    results.flatMap((r) =>
      r.latency.map(({ label, figures: f }) => ({
        broker: r.broker,
        offered: label,
        'achieved ev/s': fmtInt(f.achievedPerSec),
        'rcvd/expected': `${f.scoresReceived}/${f.scoresExpected}`,
        sampled: f.samples,
        p50: fmtMs(f.p50),
        p90: fmtMs(f.p90),
        p99: fmtMs(f.p99),
        max: fmtMs(f.max),
        'loop delay p50/p99/max': `${fmtMs(f.loopP50)}/${fmtMs(f.loopP99)}/${fmtMs(f.loopMax)}`,
      })),
    ),
  );
  console.log(`service stop (drain + final snapshot): ${results.map((r) => `${r.broker} ${r.stopSeconds.toFixed(1)} s`).join(', ')}`);
  console.log('targets: ratio ≥ 0.90 of the broker-only ceiling; p99 ≤ 5 ms at 20k ev/s');
}

export const suite: Suite = {
  name: 'e2e',
  summary: 'the real service behind aedes and a bench-owned Mosquitto: max rate vs broker-only ceiling, latency at 20k ev/s',
  async run(ctx) {
    // BENCH_BROKERS=aedes or =mosquitto runs one of them (for profiling); default both.
    const wanted = (process.env.BENCH_BROKERS ?? 'aedes,mosquitto').split(',');
    const results: BrokerResult[] = [];
    if (wanted.includes('aedes')) results.push(await runAgainst('aedes', ctx));
    const bin = findMosquitto();
    if (!wanted.includes('mosquitto')) console.log('mosquitto: not run (BENCH_BROKERS)');
    else if (bin) results.push(await runAgainst('mosquitto', ctx, bin));
    else console.log('mosquitto: skipped: mosquitto not installed (set MOSQUITTO_BIN to point at one)');
    if (results.length === 0) return;
    report(results);
    // The last line uses Mosquitto when it ran (a broker outside the service's process), else aedes.
    const inprocess = ctx.figures.get('inprocess.eventsPerSec');
    ctx.trailer.push(...results.map((r) => summaryLine(r, inprocess)));
  },
};
