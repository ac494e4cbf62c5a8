/** Labelled windows for training: the fleet simulator in fast simulated time through the DEMO sliding windows. */

import type { AggregateName } from '../features/aggregates.ts';
import { createTimeWindows, type TimeWindowSpec } from '../features/windows/time.ts';
import { featureName } from '../features/vector.ts';
import { createFleet, type FleetOptions } from '../sim/fleet.ts';
import type { FaultKind } from '../sim/faults.ts';

const ALL: AggregateName[] = ['count', 'mean', 'std', 'min', 'max', 'last'];

/** The demo pipeline's window: 30 s sliding every 5 s over the three sensors. */
export const DEMO_WINDOW: TimeWindowSpec = {
  sizeMs: 30_000,
  everyMs: 5_000,
  fields: { temperature: ALL, vibration: ALL, current: ALL },
  maxEventsPerKey: 100_000,
  maxKeys: 1_000_000,
  // Every window is kept here so the dataset can count what it drops (warm-up, onset) itself;
  // the service skips the same warm-up windows with `partial: skip`.
  partial: 'emit',
};

/** The model's inputs in column order: all but `count`, which depends on the publishing rate. */
export const MODEL_FEATURES: string[] = Object.entries(DEMO_WINDOW.fields).flatMap(([field, aggs]) =>
  aggs.filter((a) => a !== 'count').map((a) => featureName(field, a, DEMO_WINDOW.sizeMs)),
);

export interface DatasetOptions {
  fleet: FleetOptions;
  /** Simulated length of the run. */
  durationMs: number;
}

export interface Dataset {
  featureNames: string[];
  rows: number;
  /** Row-major, rows × featureNames.length. */
  x: Float64Array;
  /** 1 when the device's fault was active over the whole window. */
  y: Uint8Array;
  /** The fault of each row's device when y = 1, else null (for per-fault metrics). */
  fault: Array<FaultKind | null>;
  /** Windows left out: `warmup` (device started inside it), `onset` (fault began inside it). */
  dropped: { warmup: number; onset: number };
  events: number;
}

/**
 * Runs the fleet for `durationMs` of simulated time and labels each closed window: 0 if it ends
 * before (or at) the fault onset, 1 if it starts at or after it. Windows straddling the onset are
 * dropped as ambiguous, and so are warm-up windows that began before the device's first event —
 * their few values would make a healthy sensor look stuck (std 0).
 *
 * @example
 * const train = buildDataset({ fleet: { devices: 40, ratePerSec: 2, startTs: 0, seed: 1 }, durationMs: 600_000 });
 */
export function buildDataset(opts: DatasetOptions): Dataset {
  const fleet = createFleet(opts.fleet);
  const windows = createTimeWindows(DEMO_WINDOW);
  const onset = new Map(fleet.plan.map((p) => [p.id, p]));
  const firstTs = new Map<string, number>();
  const endTs = opts.fleet.startTs + opts.durationMs;
  const x: number[] = [];
  const y: number[] = [];
  const fault: Array<FaultKind | null> = [];
  const dropped = { warmup: 0, onset: 0 };
  let events = 0;

  while (fleet.peekTs() < endTs) {
    const e = fleet.next();
    events++;
    if (!firstTs.has(e.device)) firstTs.set(e.device, e.ts);
    const result = windows.push(e.device, e.ts, e.payload as unknown as Record<string, number>);
    if (!result.ok) throw new Error(`sliding window rejected ${e.device}@${e.ts}: ${result.reason}`);
    for (const v of result.closed) {
      const { start, end } = v.window;
      if (start < firstTs.get(v.key)!) {
        dropped.warmup++;
        continue;
      }
      const plan = onset.get(v.key)!;
      const positive = plan.onsetTs !== null && start >= plan.onsetTs;
      if (plan.onsetTs !== null && !positive && end > plan.onsetTs) {
        dropped.onset++;
        continue;
      }
      for (const name of MODEL_FEATURES) x.push(v.values[name]!);
      y.push(positive ? 1 : 0);
      fault.push(positive ? plan.fault : null);
    }
  }
  return { featureNames: MODEL_FEATURES, rows: y.length, x: Float64Array.from(x), y: Uint8Array.from(y), fault, dropped, events };
}
