/**
 * The rules shell: one RuleCore per `patterns:` entry, fed from the service's MQTT connection and
 * from tables; publishes results, fans scatter events out, bridges to another broker and to
 * webhooks, dead-letters what fails, and snapshots each rule as `rules-<name>`.
 */

import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { redactUrl } from '../config/topic.ts';
import { createMqttBridge, type MqttBridge } from '../emit/mqtt-bridge.ts';
import { createWebhook, type Webhook } from '../emit/webhook.ts';
import { deadLetterTopic, makeDeadLetter, type DeadLetter } from '../ingest/deadletter.ts';
import { hashId } from '../stream/event.ts';
import type { SnapshotStore } from '../state/store.ts';
import type { RuleConfig, RuleDeps, TableConfig } from './config.ts';
import { createRuleCore, type RuleCore, type RuleOutput, type RuleSnapshot } from './core.ts';
import { decodeMessage } from './decode.ts';
import { createTables, type Row, type TableChange, type Tables } from './tables.ts';

export interface RulesOptions extends RuleDeps {
  rules: RuleConfig[];
  tables: TableConfig[];
  logger: Logger;
  now: () => number;
  dataDir: string;
  maxPayloadBytes: number;
  snapshots: SnapshotStore;
  publish(topic: string, payload: string, qos: 0 | 1 | 2): void;
}

export type Subscribe = (filter: string, handler: (topic: string, payload: Buffer) => void) => Promise<void>;

export interface RuleRuntime {
  readonly core: RuleCore;
  readonly webhook?: Webhook;
  readonly bridge?: MqttBridge;
}

export interface Rules {
  start(subscribe: Subscribe): Promise<void>;
  tick(nowMs: number): void;
  snapshot(): Promise<void>;
  stop(): Promise<void>;
  readonly tables: Tables;
  readonly runtimes: RuleRuntime[];
  /** GET /v1/patterns: each rule with its spec and counters, and the operators on offer. */
  info(): { patterns: unknown[]; tables: Record<string, unknown>; operators: unknown[] };
}

const CONTENT_TYPES = { json: 'application/json', csv: 'text/csv', xml: 'application/xml' } as const;

/** A rule as GET /v1/patterns shows it: bridge credentials (URL passwords, header values) masked. */
function redactSpec(spec: RuleConfig['spec']): RuleConfig['spec'] {
  if (!spec.bridge) return spec;
  const { mqtt, webhook } = spec.bridge;
  return {
    ...spec,
    bridge: {
      ...(mqtt && { mqtt: { ...mqtt, url: redactUrl(mqtt.url) } }),
      ...(webhook && { webhook: { ...webhook, url: redactUrl(webhook.url), headers: Object.fromEntries(Object.keys(webhook.headers).map((h) => [h, '***'])) } }),
    },
  };
}

/** State is restored only into a rule whose inputs, operator, params and clock are unchanged. */
function specHash(r: RuleConfig): string {
  const s = r.spec;
  return createHash('sha256').update(JSON.stringify({ inputs: s.inputs, operator: s.operator, params: r.params, clock: s.clock, reorder: s.reorder })).digest('hex').slice(0, 16);
}

export function createRules(opts: RulesOptions): Rules {
  const { logger, now } = opts;
  const runtimes: RuleRuntime[] = [];
  let tables: Tables = createTables(opts.tables);
  let stopping = false;

  const publishDeadLetter = (dl: DeadLetter): void => opts.publish(deadLetterTopic(dl.reason), JSON.stringify(dl), 1);

  function deliver(rt: RuleRuntime, out: RuleOutput): void {
    const { config } = rt.core;
    for (const dl of out.deadLetters) publishDeadLetter(dl);
    for (const s of out.scattered) opts.publish(s.topic, s.payload, config.scatter!.qos);
    for (const r of out.results) {
      opts.publish(r.topic, r.payload, config.emit.qos);
      const mqttBridge = config.bridge?.mqtt;
      if (rt.bridge && mqttBridge) rt.bridge.publish(mqttBridge.topic ? mqttBridge.topic.replaceAll('{pattern}', config.name).replaceAll('{key}', r.key) : r.topic, r.payload, mqttBridge.qos);
      if (rt.webhook && !rt.webhook.send(r.payload, r.id)) {
        const c = rt.core.stats.deadLettered;
        c.queue_full = (c.queue_full ?? 0) + 1;
        const detail = `webhook queue for ${redactUrl(config.bridge!.webhook!.url)} is full (${config.bridge!.webhook!.queue.maxBytes} bytes)`;
        publishDeadLetter(makeDeadLetter('queue_full', detail, { pipeline: config.name, topic: r.topic, payload: Buffer.from(r.payload), receivedAt: now() }));
      }
    }
  }

  async function restore(r: RuleConfig): Promise<RuleSnapshot | undefined> {
    try {
      const loaded = await opts.snapshots.load(`rules-${r.name}`);
      const saved = loaded?.state as { specHash: string; state: RuleSnapshot } | undefined;
      if (saved && saved.specHash === specHash(r)) return saved.state;
      if (saved) logger.warn({ pattern: r.name }, 'pattern spec changed since the snapshot; starting with empty state');
    } catch (err) {
      logger.error({ err, pattern: r.name }, 'SNAPSHOT UNREADABLE: starting this pattern with empty state');
    }
    return undefined;
  }

  function onTableChange(change: TableChange): void {
    for (const rt of runtimes) {
      for (const input of rt.core.config.inputs) {
        if (input.table !== change.table) continue;
        // A deleted row reaches the operator as a tombstone, so enrichment stops using it.
        const body: Row = change.row ?? { $deleted: true };
        const text = JSON.stringify(body);
        const wm = rt.core.watermark;
        const ts = wm === undefined ? now() : Math.max(wm, 0);
        deliver(rt, rt.core.pushDirect({ id: hashId(change.table, change.key, text), key: change.key, ts, source: input.name, topic: `tables/${change.table}/${change.key}`, body }));
      }
    }
  }

  /** A retained row: the same checks as any input (size, UTF-8, JSON object, key); empty deletes. */
  function onTableMessage(t: TableConfig, topic: string, payload: Buffer): void {
    const input = { name: t.name, key: t.key, time: 'arrival' as const, id: ['id'] };
    if (payload.length === 0) {
      // [MQTT-3.3.1-10]: an empty retained message clears the topic's retained message; so the row.
      const key = t.key.kind === 'topic' ? topic.split('/')[t.key.level] : undefined;
      if (key) tables.delete(t.name, key);
      return;
    }
    const decoded = decodeMessage(input, topic, payload, { receivedAt: now(), maxPayloadBytes: opts.maxPayloadBytes });
    if (!decoded.ok) {
      publishDeadLetter(makeDeadLetter(decoded.reason, decoded.detail, { pipeline: `tables.${t.name}`, topic, payload, receivedAt: now() }));
      return;
    }
    if (!tables.upsert(t.name, decoded.event.key, decoded.event.body as Row)) logger.warn({ table: t.name, key: decoded.event.key }, 'table full (maxRows): row refused');
  }

  return {
    get tables() {
      return tables;
    },
    runtimes,
    info: () => ({
      patterns: runtimes.map((rt) => ({
        name: rt.core.config.name,
        operator: rt.core.config.operator,
        spec: redactSpec(rt.core.config.spec),
        stats: { ...rt.core.stats, ...rt.core.operatorStats(), ...(rt.webhook && { webhook: rt.webhook.stats }), ...(rt.bridge && { bridge: rt.bridge.stats }) },
      })),
      tables: tables.stats(),
      operators: Object.values(opts.operators).map((o) => ({ name: o.name, summary: o.summary, inputs: o.inputs, params: o.params, example: o.example })),
    }),
    async start(subscribe) {
      const savedTables = await opts.snapshots.load('tables').catch(() => undefined);
      tables = createTables(opts.tables, savedTables?.state as Record<string, Array<[string, Row]>> | undefined);
      tables.onChange(onTableChange);
      for (const r of opts.rules) {
        const spec = opts.operators[r.operator]!;
        const saved = await restore(r);
        const core = createRuleCore(r, { spec, compile: opts.compile, maxPayloadBytes: opts.maxPayloadBytes, ...(saved && { restore: saved }) });
        const log = logger.child({ pattern: r.name });
        const hook = r.bridge?.webhook;
        const webhook = hook
          ? createWebhook({
              ...hook,
              dir: hook.queue.dir ?? join(opts.dataDir, 'webhooks', r.name),
              maxBytes: hook.queue.maxBytes,
              contentType: CONTENT_TYPES[r.emit.format],
              logger: log,
              onGiveUp: (payload, detail) => {
                const c = core.stats.deadLettered;
                c.webhook_failed = (c.webhook_failed ?? 0) + 1;
                publishDeadLetter(makeDeadLetter('webhook_failed', detail, { pipeline: r.name, topic: redactUrl(hook.url), payload: Buffer.from(payload), receivedAt: now() }));
              },
            })
          : undefined;
        await webhook?.open();
        const bridge = r.bridge?.mqtt ? createMqttBridge({ url: r.bridge.mqtt.url, clientId: `streamscore-bridge-${r.name}-${hostname()}-${process.pid}`, logger: log }) : undefined;
        const rt: RuleRuntime = { core, ...(webhook && { webhook }), ...(bridge && { bridge }) };
        runtimes.push(rt);
        // Rows a restarted table already holds reach the new operator only when it has no state of its own.
        if (!saved) for (const input of r.inputs) if (input.table) for (const [key, row] of tables.rows(input.table)) onTableChange({ table: input.table, key, row });
      }
      for (const t of opts.tables) if (t.topic) await subscribe(t.topic, (topic, payload) => !stopping && onTableMessage(t, topic, payload));
      for (const rt of runtimes) {
        for (const input of rt.core.config.inputs) {
          if (!input.topic) continue;
          await subscribe(input.topic, (topic, payload) => {
            if (!stopping) deliver(rt, rt.core.handle(input, topic, payload, now()));
          });
        }
      }
    },
    tick(nowMs) {
      for (const rt of runtimes) deliver(rt, rt.core.tick(nowMs));
    },
    async snapshot() {
      for (const rt of runtimes) await opts.snapshots.save(`rules-${rt.core.config.name}`, { specHash: specHash(rt.core.config), state: rt.core.snapshot() });
      if (opts.tables.length) await opts.snapshots.save('tables', tables.snapshot());
    },
    async stop() {
      stopping = true;
      for (const rt of runtimes) {
        await rt.webhook?.close();
        await rt.bridge?.close();
      }
    },
  };
}
