/**
 * The cardinality attack: N distinct device ids, one event each, through the pipeline core with the
 * demo pipeline. Keys held must stay within limits.maxKeys (CLOCK eviction, counted), the heap must
 * stop growing once the key table is full, and nothing may throw. Used by `npm run fuzz` (1M ids)
 * and, with 100k, by `npm test`.
 */

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { DEMO_CONFIG } from '../../src/config/demo.ts';
import { resolveConfig } from '../../src/config/load.ts';
import { createPipelineCore } from '../../src/pipeline/core.ts';

export interface CardinalityReport {
  devices: number;
  maxKeys: number;
  /** Keys held at the end by the windows and by the reorder buffer. */
  windowKeys: number;
  reorderKeys: number;
  evictions: number;
  crashes: number;
  deadlettered: number;
  /** Heap held per key once the table is full: window state, reorder entry, dedupe id, map slots. */
  bytesPerKey: number;
  /** The windows' own estimate of their bytes per key. */
  estimatedBytesPerKey: number;
  /** Heap growth from a full table (maxKeys devices) to the end (all devices), MB. */
  growthAfterFullMb: number;
  /** Heap of the full table, MB: the yardstick for the growth above. */
  fullTableMb: number;
  /** After the flood a genuine device still gets its windows: the vectors it produced. */
  aliveVectors: number;
}

// A collection before each reading makes heap figures comparable; the flag can be set at run time.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heap = (): number => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};

export function cardinalityAttack(opts: { devices: number; maxKeys: number }): CardinalityReport {
  const limits = { maxPayloadBytes: 65_536, maxKeys: opts.maxKeys, maxEventsPerKey: 1000 };
  // The dedupe set has its own bound (source.dedupe.maxIds, 100k by default); here it matches maxKeys
  // so that the heap after the table is full shows what the key limit alone holds.
  const demo = DEMO_CONFIG.pipelines[0]!;
  const pipeline = { ...demo, source: { ...demo.source, dedupe: { maxIds: opts.maxKeys } } };
  const config = resolveConfig({ ...DEMO_CONFIG, limits, pipelines: [pipeline] }).pipelines[0]!;
  const core = createPipelineCore(config, limits);
  const start = Date.UTC(2030, 0, 1);
  const report: CardinalityReport = { devices: opts.devices, maxKeys: opts.maxKeys, windowKeys: 0, reorderKeys: 0, evictions: 0, crashes: 0, deadlettered: 0, bytesPerKey: 0, estimatedBytesPerKey: 0, growthAfterFullMb: 0, fullTableMb: 0, aliveVectors: 0 };
  const before = heap();
  let full = 0;
  for (let i = 0; i < opts.devices; i++) {
    // One event per device, a millisecond apart: nothing is late, every device is new.
    const ts = start + i;
    const payload = Buffer.from(`{"ts":${ts},"temperature":${60 + (i % 7)},"vibration":${(i % 13) / 10},"current":${10 + (i % 5)}}`);
    try {
      if (core.handle(`devices/attacker-${i.toString(36)}/telemetry`, payload, ts).deadLetters.length) report.deadlettered++;
    } catch {
      report.crashes++;
    }
    if (i + 1 === opts.maxKeys) {
      full = heap();
      const w = core.windowStats();
      report.bytesPerKey = Math.round((full - before) / opts.maxKeys);
      report.fullTableMb = (full - before) / 2 ** 20;
      report.estimatedBytesPerKey = Math.round(w.bytes / Math.max(1, w.keys));
    }
  }
  const w = core.windowStats();
  report.windowKeys = w.keys;
  report.reorderKeys = core.reorderStats().keys;
  report.evictions = w.evictions;
  report.growthAfterFullMb = (heap() - full) / 2 ** 20;
  // Alive: a genuine device, one event a second for 60 s after the flood, gets its sliding windows.
  const after = start + opts.devices;
  for (let s = 0; s < 60; s++) {
    const ts = after + s * 1000;
    const r = core.handle('devices/pump-7/telemetry', Buffer.from(`{"ts":${ts},"temperature":61,"vibration":0.3,"current":11}`), ts);
    report.aliveVectors += r.vectors.filter((v) => v.key === 'pump-7').length;
  }
  return report;
}

export const cardinalityLine = (r: CardinalityReport): string =>
  `cardinality: devices=${r.devices} max_keys=${r.maxKeys} keys_held=${r.windowKeys} reorder_keys=${r.reorderKeys} evictions=${r.evictions} crashes=${r.crashes} bytes_per_key=${r.bytesPerKey} estimated_bytes_per_key=${r.estimatedBytesPerKey} heap_growth_after_full_mb=${r.growthAfterFullMb.toFixed(1)} full_table_mb=${r.fullTableMb.toFixed(1)} alive_vectors=${r.aliveVectors}`;
