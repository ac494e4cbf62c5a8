/** The anomaly-detector contract: score a sample in [0, 1], learn from it, snapshot what was learned. */

/** One observation: named numeric features (a univariate stream is `{ value }`). Never mutated. */
export type Sample = Readonly<Record<string, number>>;

/**
 * A streaming anomaly detector (River's `AnomalyDetector`: `score_one` / `learn_one`). Call
 * `scoreOne(x)` before `learnOne(x)` to score a row against the past only (strictly causal).
 *
 * @example
 * const d = registry.gaussian.create({ windowSize: 500 });
 * const s = d.scoreOne({ value: 3 }); d.learnOne({ value: 3 });
 */
export interface Detector {
  /** Anomaly score in [0, 1]; higher is more anomalous. Does not change the state. */
  scoreOne(x: Sample): number;
  /** Update the learned state with x. */
  learnOne(x: Sample): void;
  /** JSON-safe learned state; `create(params, { state })` restores it. */
  snapshot(): unknown;
}

/** Options for a factory: a snapshot to restore. */
export interface CreateOptions {
  state?: unknown;
}

/** A registry entry: spec (defaults, summary) plus factory, as Benthos components are. */
export interface DetectorDef<P extends object> {
  name: string;
  summary: string;
  defaults: P;
  create(params?: Partial<P>, opts?: CreateOptions): Detector;
}

/** Deep copy of JSON-safe state, so a snapshot never aliases live state (and vice versa). */
export function cloneState<S>(s: S): S {
  return JSON.parse(JSON.stringify(s)) as S;
}
