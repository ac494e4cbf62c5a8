/** Config and pipeline-spec schemas (phase one of validation: shape, types, defaults). */

import { Type, type Static } from '@sinclair/typebox';
import { OnlineSchema } from '../online/serve/schema.ts';
import { AnomalySchema } from './anomaly.ts';
import { PatternsSchema, TablesSchema } from '../rules/schema.ts';

const Duration = Type.Union([Type.String(), Type.Number({ minimum: 0 })], {
  description: 'a duration such as "500ms", "30s", "5m", or a number of milliseconds',
});

export const SourceSchema = Type.Object(
  {
    topic: Type.String({ minLength: 1, description: 'MQTT topic filter, e.g. devices/+/telemetry' }),
    key: Type.String({ default: 'topic[1]', description: 'topic[n] (a topic level) or $.path (a payload field)' }),
    time: Type.String({ default: '$.ts', description: '$.path to event time (epoch ms, epoch s, ISO 8601) or "arrival"' }),
    id: Type.String({ default: '$.id', description: '$.path to a unique event id; absent → hash of key, time and body' }),
    dedupe: Type.Object(
      {
        ttl: Type.Union([Duration], { default: '10m', description: 'event time an id is remembered; 0 turns dedupe off' }),
        maxIds: Type.Integer({ minimum: 1, default: 100_000 }),
      },
      { additionalProperties: false, default: {}, description: 'drop redelivered events (same id) so windows count them once' },
    ),
  },
  { additionalProperties: false },
);

const Count = Type.Integer({ minimum: 1, maximum: 1_000_000 });

export const WindowSchema = Type.Object(
  {
    type: Type.Union([Type.Literal('sliding'), Type.Literal('tumbling'), Type.Literal('hopping'), Type.Literal('count'), Type.Literal('session')]),
    /** time windows: a duration; count windows: a number of events */
    size: Type.Optional(Type.Union([Duration, Count])),
    /** sliding: emit interval (time) ; count: emit every n events */
    every: Type.Optional(Type.Union([Duration, Count])),
    hop: Type.Optional(Duration),
    offset: Type.Optional(Duration),
    emit: Type.Optional(Type.Union([Type.Literal('interval'), Type.Literal('event')])),
    gap: Type.Optional(Duration),
    maxDuration: Type.Optional(Duration),
    partial: Type.Union([Type.Literal('skip'), Type.Literal('emit')], {
      default: 'skip',
      description: 'skip: no result for windows that start before the device was first seen (warm-up)',
    }),
  },
  { additionalProperties: false },
);

export const TimeSchema = Type.Object(
  {
    slack: Type.Union([Duration], { default: 0, description: 'allowed out-of-orderness: the K-slack reorder buffer holds events this long' }),
    adaptive: Type.Boolean({ default: false, description: 'raise the slack when lateness is observed, then let it decay' }),
    maxSlack: Type.Union([Duration], { default: '5m' }),
    slackHalfLife: Type.Union([Duration], { default: '1m' }),
    late: Type.Union([Type.Literal('drop'), Type.Literal('deadletter'), Type.Literal('update')], { default: 'deadletter' }),
    allowedLateness: Type.Union([Duration], { default: 0, description: 'late: update — how long after its end a window can be corrected' }),
    watermark: Type.Union([Type.Literal('key'), Type.Literal('pipeline')], { default: 'key' }),
    idleTimeout: Type.Union([Duration], { default: '1m', description: 'processing time after which a silent device\'s windows close; 0 = never' }),
    maxFuture: Type.Union([Duration], { default: '1h', description: 'how far ahead of arrival time a device clock may be' }),
    keyTtl: Type.Union([Duration], { default: '24h', description: "a device's state is dropped when the pipeline's event time is this far past its last event; 0 = never" }),
    future: Type.Union([Type.Literal('clamp'), Type.Literal('deadletter')], { default: 'deadletter' }),
  },
  { additionalProperties: false, default: {} },
);

export const EmitSchema = Type.Object(
  {
    scores: Type.String({ default: 'streamscore/scores/{pipeline}/{key}' }),
    anomalies: Type.Object(
      {
        topic: Type.String({ default: 'streamscore/anomalies/{pipeline}/{key}' }),
        threshold: Type.Number({ minimum: 0, maximum: 1, default: 0.8 }),
      },
      { additionalProperties: false, default: {} },
    ),
    qos: Type.Union([Type.Literal(0), Type.Literal(1), Type.Literal(2)], { default: 1 }),
  },
  { additionalProperties: false, default: {} },
);

const Expression = Type.String({ minLength: 1, maxLength: 4096, description: 'an expression (docs/EXPRESSIONS.md)' });

/** Stateless pre-stages, applied in this order: convert → compute → rename → drop (src/stream/prestage.ts). */
export const TransformSchema = Type.Object(
  {
    convert: Type.Optional(
      Type.Record(Type.String(), Type.Object({ from: Type.String(), to: Type.String() }, { additionalProperties: false }), {
        description: 'unit conversion in place, e.g. { temperature: { from: degF, to: degC } }',
      }),
    ),
    compute: Type.Optional(Type.Record(Type.String(), Expression, { description: 'new fields from expressions, evaluated in the order written' })),
    rename: Type.Optional(Type.Record(Type.String(), Type.String(), { description: '{ from: to }' })),
    drop: Type.Optional(Type.Array(Type.String())),
  },
  { additionalProperties: false },
);

export const PipelineSchema = Type.Object(
  {
    name: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$' }),
    source: SourceSchema,
    filter: Type.Optional(Type.String({ minLength: 1, maxLength: 4096, description: 'keep events for which this expression is true (docs/EXPRESSIONS.md); others are counted as filtered' })),
    transform: Type.Optional(TransformSchema),
    window: Type.Optional(WindowSchema),
    /** Several time windows with one step, merged into one vector per window end. */
    windows: Type.Optional(Type.Array(WindowSchema, { minItems: 1, maxItems: 8 })),
    time: TimeSchema,
    features: Type.Record(Type.String({ minLength: 1 }), Type.Array(Type.String(), { minItems: 1 })),
    model: Type.Optional(
      Type.Object(
        {
          name: Type.String(),
          version: Type.Union([Type.Literal('active'), Type.Integer({ minimum: 1 })], { default: 'active' }),
        },
        { additionalProperties: false, description: 'a pre-trained model from the registry; optional when the pipeline has an online: or anomaly: section' },
      ),
    ),
    shadow: Type.Optional(
      Type.Object(
        {
          name: Type.String(),
          version: Type.Union([Type.Literal('active'), Type.Integer({ minimum: 1 })], { default: 'active' }),
        },
        { additionalProperties: false, description: 'a challenger model scored on the same vectors; results on streamscore/shadow/{pipeline}/{key}' },
      ),
    ),
    online: Type.Optional(OnlineSchema),
    batch: Type.Object(
      {
        maxRows: Type.Integer({ minimum: 1, maximum: 4096, default: 64 }),
        maxDelay: Type.Union([Duration], { default: 0, description: 'how long an idle scorer waits for more rows; rows queued while a batch runs always go together' }),
      },
      { additionalProperties: false, default: {} },
    ),
    emit: EmitSchema,
    anomaly: Type.Optional(AnomalySchema),
  },
  { additionalProperties: false },
);

export const ConfigSchema = Type.Object(
  {
    mqtt: Type.Object(
      {
        url: Type.Optional(Type.String({ description: 'external broker; absent → start the embedded broker' })),
        brokerPort: Type.Integer({ minimum: 0, maximum: 65535, default: 1883 }),
        brokerHost: Type.String({ default: '0.0.0.0' }),
        clientId: Type.Optional(Type.String({ description: 'fixed per deployment so the broker keeps its session; default streamscore-<hostname>' })),
        cleanSession: Type.Boolean({ default: false, description: 'false: a persistent session, so QoS 1 messages wait at the broker while streamscore is away' }),
        username: Type.Optional(Type.String()),
        password: Type.Optional(Type.String({ description: 'also STREAMSCORE_MQTT_PASSWORD; never logged' })),
        tls: Type.Optional(
          Type.Object(
            {
              ca: Type.Optional(Type.String({ description: 'PEM file of the CA that signed the broker certificate' })),
              cert: Type.Optional(Type.String({ description: 'PEM file: client certificate, for brokers that ask for one' })),
              key: Type.Optional(Type.String({ description: 'PEM file: the client certificate\'s private key' })),
              rejectUnauthorized: Type.Boolean({ default: true, description: 'false accepts any broker certificate: for tests only' }),
            },
            { additionalProperties: false, description: "the service's own client over mqtts:// (external brokers)" },
          ),
        ),
        brokerUsers: Type.Optional(Type.String({ description: 'embedded broker: users file, one user:$scrypt$… a line (streamscore passwd FILE USER); absent → anonymous' })),
        brokerAcl: Type.Object(
          {
            serviceUser: Type.String({ default: 'streamscore', description: 'the user that may publish and subscribe anywhere' }),
            publish: Type.String({ default: 'devices/{username}/#', description: 'the topic filter every other user may publish within' }),
            subscribe: Type.Array(Type.String(), { default: ['streamscore/+/+/{username}'], description: 'filters every other user may subscribe within (its own results)' }),
          },
          { additionalProperties: false, default: {}, description: 'embedded broker: per-device topic rights, {username} = the login' },
        ),
        brokerTls: Type.Optional(
          Type.Object(
            {
              port: Type.Integer({ minimum: 0, maximum: 65535, default: 8883 }),
              key: Type.String({ description: 'PEM file: the broker\'s private key' }),
              cert: Type.String({ description: 'PEM file: the broker\'s certificate (chain)' }),
              ca: Type.Optional(Type.String({ description: 'PEM file: when given, devices must present a client certificate signed by it' })),
              plain: Type.Boolean({ default: true, description: 'false: no plain TCP for devices (the service itself then uses a loopback-only port)' }),
            },
            { additionalProperties: false, description: 'embedded broker: a TLS listener (mqtts)' },
          ),
        ),
      },
      { additionalProperties: false, default: {} },
    ),
    http: Type.Object(
      {
        port: Type.Integer({ minimum: 0, maximum: 65535, default: 8080 }),
        host: Type.String({ default: '0.0.0.0' }),
        tokens: Type.Array(Type.String({ minLength: 16 }), { default: [], description: 'bearer tokens for write endpoints (also STREAMSCORE_TOKENS, comma-separated); none = open' }),
        protectReads: Type.Boolean({ default: false, description: 'require a token for reads too' }),
      },
      { additionalProperties: false, default: {} },
    ),
    dataDir: Type.String({ default: '.data' }),
    modelsDir: Type.String({ default: 'models', description: 'shipped models, <name>/<version>/manifest.json' }),
    limits: Type.Object(
      {
        maxPayloadBytes: Type.Integer({ minimum: 64, default: 65536 }),
        maxKeys: Type.Integer({ minimum: 1, default: 100_000 }),
        maxEventsPerKey: Type.Integer({ minimum: 1, default: 100_000 }),
        historyPerKey: Type.Integer({ minimum: 1, default: 100 }),
        maxQueuedRows: Type.Integer({ minimum: 1, default: 100_000 }),
        maxModelBytes: Type.Integer({ minimum: 1024, default: 100 * 1024 * 1024, description: 'largest model upload (all files together)' }),
      },
      { additionalProperties: false, default: {} },
    ),
    state: Type.Object(
      {
        snapshotEvery: Type.Union([Duration], { default: '30s' }),
        wal: Type.Object(
          {
            enabled: Type.Boolean({ default: true, description: 'PUBACK only once the message is in the write-ahead log (at-least-once across crashes)' }),
            fsync: Type.Boolean({ default: true, description: 'fdatasync each group commit; false survives a process crash but not a power loss' }),
            segmentBytes: Type.Integer({ minimum: 4096, default: 16 * 1024 * 1024 }),
            maxBytes: Type.Integer({ minimum: 65536, default: 256 * 1024 * 1024, description: 'past half of this a snapshot is taken early; at the bound intake waits for it' }),
          },
          { additionalProperties: false, default: {} },
        ),
      },
      { additionalProperties: false, default: {} },
    ),
    pipelines: Type.Array(PipelineSchema, { minItems: 1 }),
    /** Stream patterns (src/rules): sequence, absence, join, enrichment, scatter-gather, top-K … */
    patterns: PatternsSchema,
    /** Tables for enrichment, from retained topics or PUT /v1/tables/:name/:key. */
    tables: TablesSchema,
  },
  { additionalProperties: false },
);

export type RawConfig = Static<typeof ConfigSchema>;
export type RawPipeline = Static<typeof PipelineSchema>;
