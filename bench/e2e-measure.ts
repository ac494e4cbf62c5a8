/**
 * The e2e measurements against one running service: a broker-only pass, a pipeline pass (max
 * sustained rate) and a latency run at a fixed offered rate. The service runs in this process, so
 * its counters are read directly; publisher and subscriber are two load-generator processes.
 */

import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { PipelineRunner } from '../src/pipeline/runner.ts';
import type { LoadGen } from './loadgen-client.ts';
import type { AwaitReply, FloodReply, PacedReply } from './loadgen-protocol.ts';
import { percentile, wallMs } from './stats.ts';

/** `pub` floods; `sub` counts. Latency uses `pub` alone, so send and receive share one clock. */
export interface Gens {
  pub: LoadGen;
  sub: LoadGen;
}

/** Payloads [from, from+count) at QoS 1 with at most `inFlight` unacknowledged. */
export interface Slice {
  from: number;
  count: number;
  inFlight: number;
}

export interface BaselineFigures {
  messagesPerSec: number;
  received: number;
  sent: number;
}

export interface PipelineFigures {
  eventsPerSec: number;
  events: number;
  scoresExpected: number;
  scoresReceived: number;
  deadLettered: number;
  /** Until the publisher had all its PUBACKs, and until the run ended. */
  publishSeconds: number;
  seconds: number;
}

export interface LatencyPlan {
  /** Topic level of the latency pipeline: `bench/<level>/+/telemetry`. */
  level: string;
  ratePerSec: number;
  seconds: number;
  warmupSeconds: number;
  devices: number;
}

export interface LatencyFigures {
  achievedPerSec: number;
  scoresExpected: number;
  scoresReceived: number;
  samples: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  /** Event-loop delay of the service process during the paced run, ms. */
  loopP50: number;
  loopP99: number;
  loopMax: number;
}

const AWAIT_MS = 60_000;

/** Polls `done` every few ms until it holds or `timeoutMs` passes; false on timeout. */
async function until(done: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) return false;
    await sleep(2);
  }
  return true;
}

/** Events the pipeline has taken in, accepted or dead-lettered. */
function intake(runner: PipelineRunner): number {
  const dead = Object.values(runner.core.stats.deadLettered).reduce((a, b) => a + (b ?? 0), 0);
  return runner.core.stats.events + dead;
}

/** Publisher → broker → plain subscriber on topics no pipeline reads: the ceiling the pipeline is held to. */
export async function baselinePass({ pub, sub }: Gens, slice: Slice): Promise<BaselineFigures> {
  await sub.call({ op: 'listen', filter: 'bench/baseline/#', latency: false });
  const flood = await pub.call<FloodReply>({ op: 'flood', topic: 'baseline', ...slice }, AWAIT_MS);
  const got = await sub.call<AwaitReply>({ op: 'await', count: slice.count, timeoutMs: AWAIT_MS }, AWAIT_MS + 5000);
  return { messagesPerSec: got.received / ((got.lastAt - flood.startAt) / 1000), received: got.received, sent: slice.count };
}

/**
 * Telemetry through the service. The pass ends when the service has taken in every event and the
 * subscriber has every score those events produced, whichever is later.
 */
export async function pipelinePass({ pub, sub }: Gens, runner: PipelineRunner, slice: Slice): Promise<PipelineFigures> {
  await sub.call({ op: 'listen', filter: `streamscore/scores/${runner.core.config.name}/#`, latency: false });
  const intake0 = intake(runner);
  const scores0 = runner.stats.scores;
  const dead0 = intake0 - runner.core.stats.events;
  let intakeAt = 0;
  const poll = setInterval(() => {
    if (intakeAt === 0 && intake(runner) >= intake0 + slice.count) intakeAt = wallMs();
  }, 1);
  try {
    const flood = await pub.call<FloodReply>({ op: 'flood', topic: 'telemetry', ...slice }, AWAIT_MS);
    if (!(await until(() => intakeAt > 0, AWAIT_MS))) throw new Error(`the service took in ${intake(runner) - intake0} of ${slice.count} events`);
    await runner.drain();
    const expected = runner.stats.scores - scores0;
    const got = await sub.call<AwaitReply>({ op: 'await', count: expected, timeoutMs: AWAIT_MS }, AWAIT_MS + 5000);
    const end = Math.max(intakeAt, got.lastAt);
    return {
      eventsPerSec: slice.count / ((end - flood.startAt) / 1000),
      events: slice.count,
      scoresExpected: expected,
      scoresReceived: got.received,
      deadLettered: intake(runner) - runner.core.stats.events - dead0,
      publishSeconds: (flood.ackedAt - flood.startAt) / 1000,
      seconds: (end - flood.startAt) / 1000,
    };
  } finally {
    clearInterval(poll);
  }
}

/**
 * Paced publisher, `ts` stamped at send; latency = score received − its closing event published.
 * Without a runner it measures the broker alone: the subscriber process reads the telemetry back.
 */
export async function latencyRun({ pub, sub }: Gens, runner: PipelineRunner | undefined, plan: LatencyPlan): Promise<LatencyFigures> {
  // Scores come back to the publisher, which knows each event's exact send time; echoes go to `sub`
  // so the publisher does not also have to receive 20k messages/s.
  const listener = runner ? pub : sub;
  const filter = runner ? `streamscore/scores/${runner.core.config.name}/#` : `bench/${plan.level}/#`;
  await listener.call({ op: 'listen', filter, latency: true, echoWarmupMs: plan.warmupSeconds * 1000 });
  const intake0 = runner ? intake(runner) : 0;
  const scores0 = runner?.stats.scores ?? 0;
  const loop = monitorEventLoopDelay({ resolution: 2 });
  loop.enable();
  const paced = await pub.call<PacedReply>({ op: 'paced', maxInFlight: 10_000, exactTs: !runner, ...plan }, (plan.seconds + 30) * 1000);
  loop.disable();
  let expected = paced.published;
  if (runner) {
    if (!(await until(() => intake(runner) >= intake0 + paced.published, AWAIT_MS))) {
      throw new Error(`the service took in ${intake(runner) - intake0} of ${paced.published} paced events`);
    }
    await runner.drain();
    expected = runner.stats.scores - scores0;
  }
  const got = await listener.call<AwaitReply>({ op: 'await', count: expected, timeoutMs: AWAIT_MS }, AWAIT_MS + 5000);
  const ms = got.latenciesMs;
  return {
    achievedPerSec: paced.achievedPerSec,
    scoresExpected: expected,
    scoresReceived: got.received,
    samples: ms.length,
    p50: percentile(ms, 50),
    p90: percentile(ms, 90),
    p99: percentile(ms, 99),
    max: ms.length ? ms[ms.length - 1]! : NaN,
    loopP50: loop.percentile(50) / 1e6,
    loopP99: loop.percentile(99) / 1e6,
    loopMax: loop.max / 1e6,
  };
}
