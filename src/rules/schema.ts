/** Schemas of the `patterns:` and `tables:` config sections (phase one: shape, types, defaults). */

import { Type, type Static } from '@sinclair/typebox';

const Duration = Type.Union([Type.String(), Type.Number({ minimum: 0 })], {
  description: 'a duration such as "500ms", "30s", "5m", or a number of milliseconds',
});
const Qos = Type.Union([Type.Literal(0), Type.Literal(1), Type.Literal(2)], { default: 1 });

// TypeBox's Value.Default does not descend into Record values: defaults of inputs and tables are
// applied in phase two (src/rules/config.ts), so these fields are optional here.

/** One input of a rule: an MQTT topic filter, or a table kept by `tables:` (each row is an event). */
export const RuleInputSchema = Type.Object(
  {
    topic: Type.Optional(Type.String({ minLength: 1, description: 'MQTT topic filter, e.g. cards/+/payments' })),
    table: Type.Optional(Type.String({ minLength: 1, description: 'a table from tables: — its rows (and every upsert) arrive as events' })),
    key: Type.Optional(Type.String({ description: 'topic[n] or $.path: the partition key (device, card, correlation id); default topic[1]' })),
    time: Type.Optional(Type.String({ description: '$.path to event time, or "arrival"; default $.ts' })),
    id: Type.Optional(Type.String({ description: '$.path to a unique id; default $.id; absent → hash of key, time and body' })),
  },
  { additionalProperties: false },
);

const WebhookSchema = Type.Object(
  {
    url: Type.String({ minLength: 1 }),
    headers: Type.Record(Type.String(), Type.String(), { default: {} }),
    retries: Type.Integer({ minimum: 0, maximum: 100, default: 5, description: 'attempts after the first, then the item is dead-lettered' }),
    backoff: Type.Union([Duration], { default: '1s', description: 'first retry delay; doubles per attempt (exponential backoff), capped at 5m' }),
    timeout: Type.Union([Duration], { default: '10s' }),
    queue: Type.Object(
      {
        dir: Type.Optional(Type.String({ description: 'default <dataDir>/webhooks/<pattern>' })),
        maxBytes: Type.Integer({ minimum: 1024, default: 10 * 1024 * 1024 }),
      },
      { additionalProperties: false, default: {} },
    ),
  },
  { additionalProperties: false },
);

export const RuleSchema = Type.Object(
  {
    name: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$' }),
    inputs: Type.Record(Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_-]{0,31}$' }), RuleInputSchema),
    operator: Type.String({ minLength: 1, description: 'a registry name: sequence, absence, join, enrich, gather, topk, threshold …' }),
    params: Type.Record(Type.String(), Type.Unknown(), { default: {} }),
    reorder: Type.Object(
      {
        slack: Type.Union([Duration], { default: 0, description: 'events are held this long (event time) and released in time order' }),
        idle: Type.Union([Duration], {
          default: 0,
          description: 'event clock: after this much processing time without input, event time moves on with the service clock (0 = never)',
        }),
      },
      { additionalProperties: false, default: {} },
    ),
    clock: Type.Union([Type.Literal('event'), Type.Literal('processing')], {
      default: 'event',
      description: 'event: timers fire on the watermark (newest event time − slack); processing: on the service clock',
    }),
    emit: Type.Object(
      {
        topic: Type.String({ default: 'streamscore/patterns/{pattern}/{key}' }),
        format: Type.Union([Type.Literal('json'), Type.Literal('csv'), Type.Literal('xml')], { default: 'json' }),
        template: Type.Optional(
          Type.Union([Type.Record(Type.String(), Type.String()), Type.Array(Type.String(), { minItems: 1 })], {
            description: 'json/xml: { field: "$.path" | expression }; csv: a list of columns (paths or expressions)',
          }),
        ),
        root: Type.String({ default: 'event', pattern: '^[A-Za-z_][A-Za-z0-9_.-]*$', description: 'xml: the root element' }),
        qos: Qos,
      },
      { additionalProperties: false, default: {} },
    ),
    bridge: Type.Optional(
      Type.Object(
        {
          mqtt: Type.Optional(Type.Object({ url: Type.String({ minLength: 1 }), topic: Type.Optional(Type.String()), qos: Qos }, { additionalProperties: false })),
          webhook: Type.Optional(WebhookSchema),
        },
        { additionalProperties: false },
      ),
    ),
    scatter: Type.Optional(
      Type.Object(
        {
          input: Type.String({ description: 'the input whose events are fanned out' }),
          topics: Type.Array(Type.String({ minLength: 1 }), { minItems: 1, maxItems: 32, description: 'branch topics ({pattern}, {key}, {branch})' }),
          qos: Qos,
        },
        { additionalProperties: false },
      ),
    ),
    limits: Type.Object(
      {
        maxKeys: Type.Integer({ minimum: 1, default: 100_000 }),
        maxBufferedPerKey: Type.Integer({ minimum: 1, default: 10_000 }),
        maxBuffered: Type.Integer({ minimum: 1, default: 100_000, description: 'events held by the reorder buffer' }),
      },
      { additionalProperties: false, default: {} },
    ),
    dedupe: Type.Object(
      { ttl: Type.Union([Duration], { default: '10m' }), maxIds: Type.Integer({ minimum: 1, default: 100_000 }) },
      { additionalProperties: false, default: {} },
    ),
  },
  { additionalProperties: false },
);

export const TableSchema = Type.Object(
  {
    topic: Type.Optional(Type.String({ minLength: 1, description: 'retained MQTT topic filter the rows come from (an empty payload deletes)' })),
    key: Type.Optional(Type.String({ description: 'topic[n] or $.path; default topic[1]' })),
    maxRows: Type.Optional(Type.Integer({ minimum: 1, description: 'default 100000' })),
  },
  { additionalProperties: false },
);

export const TablesSchema = Type.Record(Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$' }), TableSchema, { default: {} });
export const PatternsSchema = Type.Array(RuleSchema, { default: [] });

export type RawRule = Static<typeof RuleSchema>;
export type RawTable = Static<typeof TableSchema>;
