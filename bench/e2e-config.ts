/**
 * The service config the e2e suite runs: the demo pipeline (throughput) plus fast-closing copies of
 * it (latency). All keep the demo's 30 s window, because the shipped model's inputs are named
 * `<field>_<agg>_30s`; the copies close a window every 50 ms so latency has thousands of samples.
 */

import { DEMO_CONFIG } from '../src/config/demo.ts';
import { resolveConfig, type Config } from '../src/config/load.ts';

export const THROUGHPUT_PIPELINE = 'motor-health';
export const LATENCY_EVERY = '50ms';

/** A latency pipeline reads `bench/<level>/+/telemetry`; `maxDelay` overrides the batcher's default. */
export interface LatencyPipeline {
  name: string;
  level: string;
  maxDelay?: string;
}

/** The shipped batching (maxDelay 5ms by default), and the same with the batcher's delay at 0. */
export const LATENCY_PIPELINES = {
  default: { name: 'motor-health-fast', level: 'fast' },
  noDelay: { name: 'motor-health-fast-nodelay', level: 'fast-nodelay', maxDelay: '0ms' },
} satisfies Record<string, LatencyPipeline>;

export interface BenchServiceOptions {
  modelsDir: string;
  dataDir: string;
  /** External broker; absent → the embedded aedes broker on an ephemeral port. */
  mqttUrl?: string;
}

export function benchServiceConfig(opts: BenchServiceOptions): Config {
  // Warm-up windows are scored too: runs last seconds, and a long-running device emits one score
  // per `every` either way, so this is the steady-state cost (`partial: skip` would score nothing here).
  const base = DEMO_CONFIG.pipelines[0]!;
  const demo = { ...base, window: { ...base.window, partial: 'emit' } };
  const latency = Object.values(LATENCY_PIPELINES).map((p: LatencyPipeline) => ({
    ...demo,
    name: p.name,
    source: { topic: `bench/${p.level}/+/telemetry`, key: 'topic[2]', time: '$.ts' },
    window: { type: 'sliding', size: '30s', every: LATENCY_EVERY, partial: 'emit' },
    ...(p.maxDelay !== undefined && { batch: { maxDelay: p.maxDelay } }),
  }));
  return resolveConfig(
    {
      // clean sessions: each bench round starts a fresh service and must not inherit queued messages
      mqtt: { cleanSession: true, ...(opts.mqttUrl ? { url: opts.mqttUrl } : { brokerPort: 0, brokerHost: '127.0.0.1' }) },
      http: { port: 0, host: '127.0.0.1' },
      dataDir: opts.dataDir,
      modelsDir: opts.modelsDir,
      // No periodic snapshot: it would land inside a timed run. stop() still writes one.
      state: { snapshotEvery: 0 },
      pipelines: [{ ...demo, name: THROUGHPUT_PIPELINE }, ...latency],
    },
    'bench e2e config',
  );
}
