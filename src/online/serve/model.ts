/**
 * One served model: the learner, its prequential metrics and its drift detector. `learn` is
 * test-then-train: the stored prediction is scored, then `learnOne` runs, then the error goes to
 * the detector; on drift with `action: reset` the learner starts afresh (Gama et al., "A survey on
 * concept drift adaptation", ACM CSUR 2014: detect, then forget the outdated concept).
 */

import { DETECTORS } from '../learn/drift/registry.ts';
import type { DriftDetector } from '../learn/drift/detector.ts';
import { createLearner } from '../learn/registry.ts';
import type { ClassLabel, Features, Model, State } from '../learn/types.ts';
import type { OnlineConfig } from './config.ts';
import { createPrequential, predictionError, type Prediction, type Prequential } from './prequential.ts';

/** What a drift event reports: the mean error before the recent stretch and within it. */
export interface DriftReport {
  detector: string;
  metric: { name: 'errorRate' | 'mae'; before: number; after: number };
  action: 'reset' | 'none';
  /** Samples the model had learned when drift was detected. */
  samples: number;
}

export interface OnlineModel {
  predict(x: Features): Prediction;
  /** Scores `prediction` against `y`, learns (x, y), feeds the detector; a report when drift fired. */
  learn(x: Features, y: ClassLabel, prediction: Prediction): DriftReport | undefined;
  /** Forgets everything learned (learner, metrics, detector). */
  reset(): void;
  readonly samples: number;
  readonly drifts: number;
  readonly metrics: Prequential;
  snapshot(): State;
}

/** Errors kept to describe "after" in a drift report (the new regime's recent stretch). */
const RECENT = 32;

const round = (v: number) => Math.round(v * 1e6) / 1e6;

export function createOnlineModel(config: OnlineConfig, state?: State): OnlineModel {
  const make = (s?: State) => createLearner(config.learner, s ? { state: s } : {}) as Model;
  let learner = make(state?.learner as State | undefined);
  let samples = Number(state?.samples ?? 0);
  let drifts = Number(state?.drifts ?? 0);
  let metrics = createPrequential(config.task, config.positive, state?.metrics as State | undefined);
  const makeDetector = (s?: State): DriftDetector | undefined =>
    config.drift && DETECTORS[config.drift.detector]!.create(config.drift.params, s ? { state: s } : {});
  let detector = makeDetector(state?.detector as State | undefined);
  // Error sums since the last drift and over the last RECENT samples, for the report.
  let segment = (state?.segment as { n: number; sum: number } | undefined) ?? { n: 0, sum: 0 };
  let recent = ((state?.recent as number[] | undefined) ?? []).slice();

  function predict(x: Features): Prediction {
    if (learner.kind === 'regressor') return { value: learner.predictOne(x) };
    const probabilities = learner.predictProbaOne(x);
    const rounded: Record<string, number> = {};
    for (const k in probabilities) rounded[k] = round(probabilities[k]!);
    return { label: learner.predictOne(x), probabilities: rounded };
  }

  function watch(error: number): DriftReport | undefined {
    segment.n++;
    segment.sum += error;
    recent.push(error);
    if (recent.length > RECENT) recent.shift();
    if (!detector?.update(error)) return undefined;
    drifts++;
    const recentSum = recent.reduce((a, b) => a + b, 0);
    const olderN = segment.n - recent.length;
    const report: DriftReport = {
      detector: config.drift!.detector,
      metric: { name: config.task === 'classification' ? 'errorRate' : 'mae', before: round(olderN > 0 ? (segment.sum - recentSum) / olderN : 0), after: round(recentSum / recent.length) },
      action: config.drift!.action,
      samples,
    };
    segment = { n: 0, sum: 0 };
    recent = [];
    if (config.drift!.action === 'reset') {
      learner = make();
      samples = 0;
    }
    return report;
  }

  return {
    predict,
    learn(x, y, prediction) {
      if (learner.kind === 'regressor') learner.learnOne(x, Number(y));
      else learner.learnOne(x, y);
      metrics.update(y, prediction); // the prediction was made before this sample: still test-then-train
      samples++;
      const error = predictionError(y, prediction);
      return error === undefined ? undefined : watch(error);
    },
    reset() {
      learner = make();
      samples = 0;
      metrics = createPrequential(config.task, config.positive);
      detector = makeDetector();
      segment = { n: 0, sum: 0 };
      recent = [];
    },
    get samples() {
      return samples;
    },
    get drifts() {
      return drifts;
    },
    get metrics() {
      return metrics;
    },
    snapshot: () => ({
      learner: learner.snapshot(),
      samples,
      drifts,
      metrics: metrics.snapshot(),
      ...(detector && { detector: detector.snapshot() }),
      segment: { ...segment },
      recent: recent.slice(),
    }),
  };
}
