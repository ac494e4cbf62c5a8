/** The motor-health demo model end to end: simulate, window, standardize, train, export, verify in onnxruntime. */

import { deriveSeed, createRng } from '../sim/rng.ts';
import { FAULT_KINDS, type FaultKind } from '../sim/faults.ts';
import type { FleetOptions } from '../sim/fleet.ts';
import { rocAuc } from './auc.ts';
import { buildDataset, type Dataset } from './dataset.ts';
import { fitMlp, type FitOptions } from './fit.ts';
import { createMlp } from './mlp.ts';
import { exportMlpOnnx } from './onnx-export.ts';
import { scoreOnnx } from './onnx-score.ts';
import { fitStandardizer, standardize, type Standardizer } from './standardize.ts';

export interface DemoOptions {
  seed: number;
  devices: number;
  minutes: number;
  /** Reads a monotonic clock in ms, only to report phase timings; default: no timings. */
  now?: () => number;
}

export interface DatasetSummary {
  seed: number;
  rows: number;
  positives: number;
  byFault: Record<FaultKind, number>;
  dropped: Dataset['dropped'];
  events: number;
}

export interface DemoResult {
  onnx: Uint8Array;
  featureNames: string[];
  scaler: Standardizer;
  fleet: Required<Omit<FleetOptions, 'seed' | 'jitter'>>;
  durationMs: number;
  hidden: number;
  fit: Omit<FitOptions, 'rng'> & { finalLoss: number };
  train: DatasetSummary;
  test: DatasetSummary;
  /** rocAuc (test, scored by onnxruntime), per-fault test AUCs, trainRocAuc, onnxMaxAbsDiff. */
  metrics: Record<string, number>;
  timingsMs: Record<string, number>;
}

export const DEMO_HIDDEN = 16;
const FIT = { epochs: 40, batchSize: 64, learningRate: 0.01, l2: 1e-4 };
const START_TS = Date.UTC(2025, 0, 1);

function summarize(d: Dataset, seed: number): DatasetSummary {
  const byFault = Object.fromEntries(FAULT_KINDS.map((k) => [k, d.fault.filter((f) => f === k).length])) as Record<FaultKind, number>;
  return { seed, rows: d.rows, positives: d.y.reduce((a, b) => a + b, 0), byFault, dropped: d.dropped, events: d.events };
}

/** AUC of each fault's windows against all healthy windows. */
function perFaultAuc(d: Dataset, scores: ArrayLike<number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const kind of FAULT_KINDS) {
    const rows = [...Array(d.rows).keys()].filter((r) => d.y[r] === 0 || d.fault[r] === kind);
    const name = `rocAuc${kind[0]!.toUpperCase()}${kind.slice(1)}`;
    out[name] = rocAuc(rows.map((r) => scores[r]!), rows.map((r) => d.y[r]!));
  }
  return out;
}

/**
 * Trains on one seeded fleet and tests on a fresh one (a seed derived from `seed`), scoring the
 * test set through the exported bytes in onnxruntime-node so the reported AUC is the shipped
 * model's. Same options → byte-identical ONNX.
 *
 * @example
 * const result = await trainDemo({ seed: 1, devices: 90, minutes: 20 });
 */
export async function trainDemo(opts: DemoOptions): Promise<DemoResult> {
  const now = opts.now ?? (() => 0);
  const timingsMs: Record<string, number> = {};
  let mark = now();
  const lap = (name: string): void => {
    const t = now();
    timingsMs[name] = t - mark;
    mark = t;
  };
  const durationMs = opts.minutes * 60_000;
  // Half the fleet faulty, onsets spread over the first 60% of the run: enough positives of every
  // kind, and every faulty device also contributes healthy windows before its onset.
  const fleet = {
    devices: opts.devices,
    ratePerSec: 2,
    startTs: START_TS,
    faults: [...FAULT_KINDS],
    faultFraction: 0.5,
    faultOnset: { minMs: 60_000, maxMs: Math.max(60_000, durationMs * 0.6) },
  };
  const testSeed = deriveSeed(opts.seed, 'test');
  const train = buildDataset({ fleet: { ...fleet, seed: opts.seed }, durationMs });
  const test = buildDataset({ fleet: { ...fleet, seed: testSeed }, durationMs });
  lap('simulate');

  const cols = train.featureNames.length;
  const scaler = fitStandardizer(train.x, cols);
  const xTrain = standardize(train.x, scaler);
  const mlp = createMlp({ inputs: cols, hidden: DEMO_HIDDEN }, { rng: createRng(deriveSeed(opts.seed, 'init')) });
  const losses = fitMlp(mlp, { x: xTrain, y: train.y, rows: train.rows }, { ...FIT, rng: createRng(deriveSeed(opts.seed, 'shuffle')) });
  lap('train');

  const onnx = exportMlpOnnx(mlp, scaler, {
    featureNames: train.featureNames,
    graphName: 'motor_health',
    docString: 'motor-health demo: P(fault) of a pump from 30 s window features (see models/PROVENANCE.md)',
  });
  const scores = await scoreOnnx(onnx, { x: test.x, cols });
  const xTest = standardize(test.x, scaler);
  let onnxMaxAbsDiff = 0;
  for (let r = 0; r < test.rows; r++) onnxMaxAbsDiff = Math.max(onnxMaxAbsDiff, Math.abs(scores[r]! - mlp.predict(xTest, r * cols)));
  const trainScores = Array.from({ length: train.rows }, (_, r) => mlp.predict(xTrain, r * cols));
  lap('export+evaluate');

  return {
    onnx,
    featureNames: train.featureNames,
    scaler,
    fleet,
    durationMs,
    hidden: DEMO_HIDDEN,
    fit: { ...FIT, finalLoss: losses.at(-1) ?? NaN },
    train: summarize(train, opts.seed),
    test: summarize(test, testSeed),
    metrics: {
      rocAuc: rocAuc(scores, test.y),
      ...perFaultAuc(test, scores),
      trainRocAuc: rocAuc(trainScores, train.y),
      onnxMaxAbsDiff,
    },
    timingsMs,
  };
}

