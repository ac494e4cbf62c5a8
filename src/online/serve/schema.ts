/** The `online:` section of a pipeline spec (phase one: shape, types, defaults); rules in ./config.ts. */

import { Type, type Static } from '@sinclair/typebox';

const Duration = Type.Union([Type.String(), Type.Number({ minimum: 0 })], { description: 'a duration such as "30s", "10m", or milliseconds' });
const Params = Type.Record(Type.String(), Type.Unknown(), { default: {} });
const StepSchema = Type.Union([
  Type.String({ minLength: 1 }),
  Type.Object({ learner: Type.String({ minLength: 1 }), params: Type.Optional(Params) }, { additionalProperties: false }),
]);
const Label = Type.Union([Type.String(), Type.Number(), Type.Boolean()]);

export const OnlineSchema = Type.Object(
  {
    learner: Type.Union([Type.String({ minLength: 1 }), Type.Array(StepSchema, { minItems: 1, maxItems: 8 })], {
      description: 'a learner name (logisticRegression, …) or steps ending with a model, e.g. [standardScaler, logisticRegression]',
    }),
    params: Type.Optional(Params),
    scope: Type.Union([Type.Literal('key'), Type.Literal('pipeline')], { default: 'key', description: 'key: one model per device; pipeline: one shared model' }),
    features: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { minItems: 1, description: 'fields or feature names that feed the learner; default all' })),
    target: Type.Optional(Type.String({ minLength: 1, description: 'an event field whose window value is the label (test-then-train on the same window)' })),
    labels: Type.Optional(
      Type.Object(
        {
          topic: Type.Optional(Type.String({ minLength: 1, description: 'MQTT topic filter of delayed labels; its + level is the key' })),
          ttl: Type.Union([Duration], { default: '10m', description: 'how long a prediction waits for its label' }),
          maxPending: Type.Integer({ minimum: 1, maximum: 1_000_000, default: 10_000 }),
        },
        { additionalProperties: false },
      ),
    ),
    positive: Type.Optional(Type.Union([Label], { description: 'the positive class for F1 and ROC AUC; default true' })),
    drift: Type.Optional(
      Type.Object(
        {
          detector: Type.Union([Type.Literal('adwin'), Type.Literal('pageHinkley')]),
          params: Type.Optional(Params),
          action: Type.Union([Type.Literal('reset'), Type.Literal('none')], { default: 'reset' }),
        },
        { additionalProperties: false },
      ),
    ),
    maxKeys: Type.Integer({ minimum: 1, maximum: 1_000_000, default: 10_000, description: 'per-key models kept; the least recently used is evicted' }),
  },
  { additionalProperties: false, description: 'an online learner trained from labels (see README "Online learning")' },
);

export type RawOnline = Static<typeof OnlineSchema>;
