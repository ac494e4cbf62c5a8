/**
 * Fuzzes the ingest decoder and the whole pipeline core with hostile messages. Every message must
 * be dead-lettered with a reason or processed; nothing may throw; Object.prototype must stay clean;
 * memory must stay bounded. Used by `npm run fuzz` (≥ 100k cases) and, smaller, by `npm test`.
 */

import fc from 'fast-check';
import { resolveConfig } from '../../src/config/load.ts';
import { DEMO_CONFIG } from '../../src/config/demo.ts';
import { createPipelineCore } from '../../src/pipeline/core.ts';

export interface FuzzReport {
  cases: number;
  crashes: number;
  deadlettered: number;
  processed: number;
  reasons: Record<string, number>;
  heapGrowthMb: number;
  firstCrash?: string;
}

export function fuzzPipeline(
  arbitraries: { payload: fc.Arbitrary<Buffer>; topic: fc.Arbitrary<string> },
  opts: { cases: number; seed?: number; /** Spec fields laid over the demo pipeline (filter, transform …). */ pipeline?: Record<string, unknown> },
): FuzzReport {
  const config = resolveConfig({
    ...DEMO_CONFIG,
    limits: { maxPayloadBytes: 65_536, maxKeys: 10_000, maxEventsPerKey: 10_000 },
    pipelines: [{ ...DEMO_CONFIG.pipelines[0], time: { slack: '1s', late: 'deadletter', future: 'deadletter' }, ...opts.pipeline }],
  }).pipelines[0]!;
  const core = createPipelineCore(config, { maxPayloadBytes: 65_536, maxKeys: 10_000, maxEventsPerKey: 10_000 });
  const report: FuzzReport = { cases: 0, crashes: 0, deadlettered: 0, processed: 0, reasons: {}, heapGrowthMb: 0 };
  const heapBefore = process.memoryUsage().heapUsed;
  const now = Date.UTC(2030, 0, 1);
  const sample = fc.sample(fc.tuple(arbitraries.topic, arbitraries.payload), { numRuns: opts.cases, seed: opts.seed ?? 42 });
  for (const [topic, payload] of sample) {
    report.cases++;
    try {
      const r = core.handle(topic, payload, now);
      if (r.deadLetters.length) {
        report.deadlettered++;
        for (const d of r.deadLetters) {
          if (!d.reason || typeof d.detail !== 'string') throw new Error('dead letter without a reason');
          report.reasons[d.reason] = (report.reasons[d.reason] ?? 0) + 1;
        }
      } else report.processed++;
      if (Object.keys(Object.prototype).length > 0 || ({} as Record<string, unknown>).polluted !== undefined) {
        throw new Error('Object.prototype was polluted');
      }
    } catch (err) {
      report.crashes++;
      report.firstCrash ??= `${(err as Error).stack ?? err}\n  topic: ${topic.slice(0, 80)}\n  payload: ${payload.toString('utf8').slice(0, 200)}`;
    }
  }
  report.heapGrowthMb = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;
  return report;
}
