/** Contracts for online learners (River's `learn_one / predict_one`): params at create, state in snapshot. */

/** One sample's features, keyed by name. Numbers feed the linear models; strings are categories. */
export type Features = Record<string, number | string>;

/** A class label as it arrives on the stream. Probabilities are keyed by `String(label)`. */
export type ClassLabel = string | number | boolean;

/** Class probabilities keyed by `String(label)`; `{}` means "no opinion yet" (not scored). */
export type Proba = Record<string, number>;

/** JSON-safe learned state, as returned by `snapshot()`. */
export type State = Record<string, unknown>;

/** Options for a factory: `state` restores a snapshot taken from a learner with the same params. */
export interface CreateOptions {
  state?: State;
}

/** Learns a feature mapping (scalers, encoders). `transformOne` never learns. */
export interface Transformer {
  readonly kind: 'transformer';
  learnOne(x: Features): void;
  transformOne(x: Features): Features;
  snapshot(): State;
}

/** Predicts a number; an empty model predicts 0 (River's default). */
export interface Regressor {
  readonly kind: 'regressor';
  predictOne(x: Features): number;
  learnOne(x: Features, y: number): void;
  snapshot(): State;
  /**
   * Optional: false while the model has no prediction of its own yet (River returns `None`, which
   * progressive validation does not score); `predictOne` still answers 0 then. Absent = always true.
   */
  hasPrediction?(): boolean;
}

/** Predicts a class; `predictOne` is `null` and `predictProbaOne` is `{}` before any class is known. */
export interface Classifier {
  readonly kind: 'classifier';
  predictOne(x: Features): ClassLabel | null;
  predictProbaOne(x: Features): Proba;
  learnOne(x: Features, y: ClassLabel): void;
  snapshot(): State;
}

export type Model = Regressor | Classifier;
export type Learner = Transformer | Model;

/** A parameter bag; every learner documents its own and fills defaults. */
export type Params = Record<string, unknown>;

/** A registry entry: how to make a learner, its default params and a one-line summary. */
export interface LearnerSpec<L extends Learner = Learner> {
  kind: L['kind'];
  summary: string;
  defaults: Params;
  create(params?: Params, opts?: CreateOptions): L;
}

/**
 * A univariate forecaster (River's `time_series.Forecaster`): learns the series value by value and
 * forecasts the next `horizon` values. Not a `Learner`: registries expose it through a regressor
 * adapter, so pipelines keep their two model kinds.
 */
export interface Forecaster {
  readonly kind: 'forecaster';
  learnOne(y: number): void;
  /** Forecasts for steps 1..horizon ahead of the last learned value. */
  forecast(horizon: number): number[];
  snapshot(): State;
}
