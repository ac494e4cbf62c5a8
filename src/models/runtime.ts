/** The model-runtime contract every format implements, and the table of runtimes by format. */

import type { ModelManifest } from './manifest.ts';

export interface TensorInfo {
  name: string;
  /** Dimensions; a string or -1 is a symbolic (batch) dimension. */
  shape: Array<number | string>;
  type: string;
}

export interface LoadedModel {
  readonly inputs: TensorInfo[];
  readonly outputs: TensorInfo[];
  /**
   * Scores `rows` rows laid out row-major in `batch` (rows × manifest.inputs.features.length).
   * Returns one prediction per row: the manifest's output column.
   */
  score(batch: Float32Array, rows: number): Promise<Float32Array>;
  dispose(): Promise<void>;
}

/** Loads, validates and dry-runs a model; throws AppError('MODEL_INVALID') saying what to fix. */
export type Runtime = (bytes: Uint8Array, manifest: ModelManifest) => Promise<LoadedModel>;
