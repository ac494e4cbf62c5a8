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
   * True when the model reads NaN as "missing" and applies its own missing-value rules (PMML's
   * MiningSchema treatments, tree strategies). Otherwise callers substitute `manifest.inputs.missing`.
   */
  readonly handlesMissing?: boolean;
  /**
   * Scores `rows` rows laid out row-major in `batch` (rows × manifest.inputs.features.length).
   * Returns one prediction per row: the manifest's output column.
   */
  score(batch: Float32Array, rows: number): Promise<Float32Array>;
  /**
   * Optional: named tensors in, named tensors out (every output, or those named), for the Open
   * Inference Protocol's /v2 infer. Without it, /v2 infer feeds [rows, features] through score().
   */
  infer?(inputs: NamedTensor[], outputNames?: string[]): Promise<NamedTensor[]>;
  dispose(): Promise<void>;
}

/** A tensor by name; `type` as in TensorInfo (`float32`, `float64`, `int64`, `bool`, `string`, …). */
export interface NamedTensor {
  name: string;
  type: string;
  shape: number[];
  /** Row-major elements: a typed array matching `type` (BigInt64Array for int64), or strings/booleans. */
  data: ArrayLike<number> | ArrayLike<bigint> | readonly string[] | readonly boolean[];
}

/**
 * A model's files. `main` is the file the format starts from (the .onnx, the PMML document, a TF.js
 * model.json); `files` holds every file by relative path (main included), e.g. TF.js weight shards.
 */
export interface Artifact {
  main: Uint8Array;
  files: ReadonlyMap<string, Uint8Array>;
}

/** Wraps a single-file model (ONNX, PMML) as an Artifact. */
export function singleFile(name: string, bytes: Uint8Array): Artifact {
  return { main: bytes, files: new Map([[name, bytes]]) };
}

/** Loads, validates and dry-runs a model; throws AppError('MODEL_INVALID') saying what to fix. */
export type Runtime = (artifact: Artifact, manifest: ModelManifest) => Promise<LoadedModel>;
