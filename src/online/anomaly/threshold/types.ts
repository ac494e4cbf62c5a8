/** The contract of a threshold level: where the line is for one key, learned from its normal scores. */

/**
 * A level policy keeps JSON-safe state per key (created by `init`, mutated by `learn`), so the
 * filter can snapshot every key's threshold with the rest of the pipeline. `level` never changes it.
 */
export interface LevelPolicy<S = unknown> {
  init(): S;
  /** The threshold now, in score units; before enough scores are seen it may return 1 (nothing fires). */
  level(s: S): number;
  /** Learns one score; `incident` is true for windows inside an incident (a policy may skip them). */
  learn(s: S, score: number, incident: boolean): void;
}

export interface LevelParams {
  /** fixed: the threshold; quantile/adaptive: a floor under the learned level. */
  value: number;
  quantile: number;
  sigmas: number;
  halfLife: number;
}
