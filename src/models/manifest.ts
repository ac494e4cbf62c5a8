/** The model manifest: how a model's tensors map to pipeline features and to a prediction. */

import { Type, type Static } from '@sinclair/typebox';

export const ManifestSchema = Type.Object(
  {
    name: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$' }),
    version: Type.Integer({ minimum: 1 }),
    format: Type.Union([Type.Literal('onnx'), Type.Literal('pmml'), Type.Literal('tfjs')]),
    inputs: Type.Object({
      /** Input tensor name; shape [rows, features.length]. */
      tensor: Type.String(),
      /** Feature names in column order (e.g. `vibration_std_30s`). */
      features: Type.Array(Type.String(), { minItems: 1 }),
      /** Value fed for a feature that is NaN (field absent in the window); default 0. */
      missing: Type.Optional(Type.Record(Type.String(), Type.Number())),
    }),
    output: Type.Object({
      tensor: Type.String(),
      /** `probability`: column is P(anomalous/positive) in [0,1]; `value`: a regression output. */
      kind: Type.Union([Type.Literal('probability'), Type.Literal('value')]),
      column: Type.Integer({ minimum: 0, default: 0 }),
    }),
    description: Type.Optional(Type.String()),
    createdAt: Type.Optional(Type.String()),
    sha256: Type.Optional(Type.String()),
    size: Type.Optional(Type.Integer()),
    filename: Type.Optional(Type.String()),
    /** Quality figures measured when the model was made (e.g. `{ "rocAuc": 0.97 }`). */
    metrics: Type.Optional(Type.Record(Type.String(), Type.Number())),
  },
  { additionalProperties: false },
);

export type ModelManifest = Static<typeof ManifestSchema>;
