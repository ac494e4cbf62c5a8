/**
 * The model manifest: how a model's tensors map to pipeline features and to a prediction, plus the
 * stored artifact's provenance (hashes, sizes, original filename). Stored next to the artifact as
 * `manifest.json`; uploads may send a partial one and the rest is derived from the model.
 */

import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { AppError } from '../errors.ts';

/** Model names: also a directory name and a URL segment, so no path characters. */
export const MODEL_NAME_PATTERN = '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$';

const InputsSchema = Type.Object(
  {
    /** Input tensor name (ONNX, TF.js); shape [rows, features.length]. PMML reads fields by feature name. */
    tensor: Type.String(),
    /** Feature names in column order (e.g. `vibration_std_30s`). */
    features: Type.Array(Type.String(), { minItems: 1 }),
    /** Value fed for a feature that is NaN (field absent in the window); default 0. */
    missing: Type.Optional(Type.Record(Type.String(), Type.Number())),
  },
  { additionalProperties: false },
);

const OutputSchema = Type.Object(
  {
    /** The tensor (or PMML output field) that score() reads. */
    tensor: Type.String(),
    /**
     * `probability`: column is P(positive class) in [0,1] (a classifier's probabilities tensor, or a
     * sigmoid output); `value`: a regression output; `anomaly`: an anomaly score, higher = more anomalous.
     */
    kind: Type.Union([Type.Literal('probability'), Type.Literal('value'), Type.Literal('anomaly')]),
    column: Type.Integer({ minimum: 0, default: 0 }),
    /** Classifiers: the output holding the predicted label (informational; returned by /v2 infer). */
    labelTensor: Type.Optional(Type.String()),
    /** Classifiers: class labels in the order of the probability columns; `column` picks the positive one. */
    labels: Type.Optional(Type.Array(Type.Union([Type.String(), Type.Number()]))),
    /** `anomaly` (and `probability`): score at or above which a window is an anomaly; default: the pipeline's. */
    threshold: Type.Optional(Type.Number()),
  },
  { additionalProperties: false },
);

const FileSchema = Type.Object(
  { path: Type.String(), size: Type.Integer({ minimum: 0 }), sha256: Type.String() },
  { additionalProperties: false },
);

export const ManifestSchema = Type.Object(
  {
    name: Type.String({ pattern: MODEL_NAME_PATTERN }),
    version: Type.Integer({ minimum: 1 }),
    format: Type.Union([Type.Literal('onnx'), Type.Literal('pmml'), Type.Literal('tfjs')]),
    inputs: InputsSchema,
    output: OutputSchema,
    description: Type.Optional(Type.String({ maxLength: 4096 })),
    createdAt: Type.Optional(Type.String()),
    /** sha256 of the main file (`filename`). */
    sha256: Type.Optional(Type.String()),
    /** Bytes of every file of the artifact together. */
    size: Type.Optional(Type.Integer()),
    /** The main file as stored (`model.onnx`, `model.pmml`, `model.json`). */
    filename: Type.Optional(Type.String()),
    /** The name the uploader gave the file (multipart filename or ?filename=). */
    originalFilename: Type.Optional(Type.String({ maxLength: 512 })),
    /** Every file of a multi-file artifact (TF.js model.json + weight shards), main included. */
    files: Type.Optional(Type.Array(FileSchema)),
    /** Quality figures measured when the model was made (e.g. `{ "rocAuc": 0.97 }`). */
    metrics: Type.Optional(Type.Record(Type.String(), Type.Number())),
  },
  { additionalProperties: false },
);

export type ModelManifest = Static<typeof ManifestSchema>;
export type ModelFormat = ModelManifest['format'];

/** What an uploader may send: any part of a manifest; name, version and provenance are set by the registry. */
export const ManifestPatchSchema = Type.Object(
  {
    format: Type.Optional(ManifestSchema.properties.format),
    inputs: Type.Optional(Type.Partial(InputsSchema)),
    output: Type.Optional(Type.Partial(OutputSchema)),
    description: Type.Optional(Type.String({ maxLength: 4096 })),
    metrics: Type.Optional(Type.Record(Type.String(), Type.Number())),
    // Accepted and ignored, so a downloaded manifest.json can be sent back as is.
    name: Type.Optional(Type.String()),
    version: Type.Optional(Type.Integer()),
    createdAt: Type.Optional(Type.String()),
    sha256: Type.Optional(Type.String()),
    size: Type.Optional(Type.Integer()),
    filename: Type.Optional(Type.String()),
    originalFilename: Type.Optional(Type.String()),
    files: Type.Optional(Type.Array(FileSchema)),
  },
  { additionalProperties: false },
);

export type ManifestPatch = Static<typeof ManifestPatchSchema>;

/** Checks (and fills defaults of) a complete manifest; AppError naming every bad field. */
export function checkManifest(value: unknown, origin = 'manifest'): ModelManifest {
  const manifest = Value.Default(ManifestSchema, structuredClone(value)) as ModelManifest;
  const problems = [...Value.Errors(ManifestSchema, manifest)].map((e) => `${e.path || '/'}: ${e.message}`);
  if (problems.length) throw new AppError('MODEL_INVALID', `${origin}: ${problems.join('; ')}`);
  return manifest;
}

/** Parses an uploaded manifest (JSON text or an object); 400 naming the bad fields. */
export function parseManifestPatch(input: string | undefined): ManifestPatch | undefined {
  if (input === undefined || input === '') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(input);
  } catch (err) {
    throw new AppError('BAD_REQUEST', `manifest is not valid JSON: ${(err as Error).message}`);
  }
  const problems = [...Value.Errors(ManifestPatchSchema, value)].map((e) => `manifest${e.path.replaceAll('/', '.')}: ${e.message}`);
  if (problems.length) throw new AppError('BAD_REQUEST', problems.slice(0, 5).join('; '));
  return value as ManifestPatch;
}

/** A model name must be safe as a directory and URL segment; 400 saying which characters are allowed. */
export function checkModelName(name: string): void {
  if (!new RegExp(MODEL_NAME_PATTERN).test(name) || name.includes('..')) {
    throw new AppError(
      'BAD_REQUEST',
      `model name "${name.slice(0, 80)}" is not allowed: use 1–64 letters, digits, '_', '-' or '.', starting with a letter or digit, with no '/', '\\' or '..'`,
    );
  }
}
