/** The drift-detector contract (River's `base.DriftDetector`): feed a value, learn whether drift was detected. */

import type { CreateOptions, Params, State } from '../types.ts';

export interface DriftDetector {
  /** Adds one value (an error, a loss, a feature); true when drift is detected at this value. */
  update(x: number): boolean;
  snapshot(): State;
}

export interface DetectorSpec {
  summary: string;
  defaults: Params;
  create(params?: Params, opts?: CreateOptions): DriftDetector;
}
