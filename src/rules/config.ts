/**
 * Phase two for `patterns:` and `tables:`: what the schema cannot say. Operator params are checked
 * against the operator's own TypeBox schema, then its `check`, then compiled once (a bad expression
 * fails here, at startup, naming the field) — never per message.
 */

import { Value } from '@sinclair/typebox/value';
import { durationField, parseDuration } from '../config/duration.ts';
import { parseJsonPath, parseKeySource, type KeySource } from '../config/paths.ts';
import { checkTopicFilter, redactUrl } from '../config/topic.ts';
import type { Compile } from '../stream/expr/types.ts';
import type { OperatorSpec } from '../stream/patterns/operator.ts';
import { compileTemplate } from '../emit/format.ts';
import type { RawRule, RawTable } from './schema.ts';

export interface RuleInput {
  name: string;
  /** An MQTT topic filter, or undefined for a table input. */
  topic?: string;
  table?: string;
  key: KeySource;
  time: 'arrival' | string[];
  id: string[];
}

export interface WebhookConfig {
  url: string;
  headers: Record<string, string>;
  retries: number;
  backoffMs: number;
  timeoutMs: number;
  queue: { dir?: string; maxBytes: number };
}

export interface RuleConfig {
  name: string;
  inputs: RuleInput[];
  operator: string;
  /** Params after the operator schema's defaults. */
  params: Record<string, unknown>;
  slackMs: number;
  /** Event clock: processing time without input after which the watermark follows the service clock; 0 = never. */
  idleMs: number;
  clock: 'event' | 'processing';
  emit: RawRule['emit'];
  bridge?: { mqtt?: { url: string; topic?: string; qos: 0 | 1 | 2 }; webhook?: WebhookConfig };
  scatter?: { input: string; topics: string[]; qos: 0 | 1 | 2 };
  limits: { maxKeys: number; maxBufferedPerKey: number; maxBuffered: number };
  dedupe: { ttlMs: number; maxIds: number };
  /** The rule as written (after defaults), for GET /v1/patterns and the snapshot's spec hash. */
  spec: RawRule;
}

export interface TableConfig {
  name: string;
  topic?: string;
  key: KeySource;
  maxRows: number;
}

export interface RuleDeps {
  operators: Readonly<Record<string, OperatorSpec<any>>>;
  compile: Compile;
}

/** Topic templates of outputs: a topic name (no wildcards) once `{pattern}`, `{key}`, `{branch}` are filled. */
function checkTemplate(template: string, field: string, problems: string[]): void {
  const sample = template.replaceAll('{pattern}', 'p').replaceAll('{key}', 'k').replaceAll('{branch}', 'b');
  if (checkTopicFilter(sample) || /[+#{}]/.test(sample)) problems.push(`${field}: "${template}" must be a topic name without wildcards; placeholders are {pattern} and {key}`);
}

function positive(ms: number, field: string, problems: string[]): number {
  if (ms <= 0) problems.push(`${field}: must be longer than 0`);
  return ms;
}

function resolveKey(text: string, topic: string | undefined, field: string, problems: string[]): KeySource {
  const key = parseKeySource(text);
  if (!key) {
    problems.push(`${field}: "${text}" must be topic[n] (a topic level) or $.field`);
    return { kind: 'topic', level: 0 };
  }
  if (key.kind === 'topic' && topic !== undefined) {
    const level = topic.split('/')[key.level];
    if (level === undefined || level === '#') problems.push(`${field}: topic level ${key.level} is not in "${topic}"`);
  }
  return key;
}

export function resolveTables(raw: Record<string, RawTable>, problems: string[]): TableConfig[] {
  return Object.entries(raw).map(([name, t]) => {
    const at = `tables.${name}`;
    const bad = t.topic === undefined ? undefined : checkTopicFilter(t.topic);
    if (bad) problems.push(`${at}.topic: invalid MQTT topic filter "${t.topic}": ${bad}`);
    return { name, ...(t.topic !== undefined && { topic: t.topic }), key: resolveKey(t.key ?? 'topic[1]', t.topic, `${at}.key`, problems), maxRows: t.maxRows ?? 100_000 };
  });
}

export function resolveRules(raw: RawRule[], tables: TableConfig[], deps: RuleDeps, problems: string[]): RuleConfig[] {
  const names = new Set<string>();
  return raw.map((r, i) => {
    const at = `patterns[${i}]`;
    if (names.has(r.name)) problems.push(`${at}.name: "${r.name}" is used by another pattern; names must be unique`);
    names.add(r.name);
    const inputs = resolveInputs(r, at, tables, problems);
    const params = resolveParams(r, at, deps, problems, inputs.map((x) => x.name));
    checkTemplate(r.emit.topic, `${at}.emit.topic`, problems);
    if (r.emit.format === 'csv' && !Array.isArray(r.emit.template)) problems.push(`${at}.emit.template: csv needs a list of columns, e.g. [ "$.key", "total" ]`);
    if (r.emit.format !== 'csv' && Array.isArray(r.emit.template)) problems.push(`${at}.emit.template: ${r.emit.format} takes a map { field: "$.path" | expression }; a list is for csv`);
    if (r.emit.template) {
      try {
        compileTemplate(r.emit.template, deps.compile);
      } catch (err) {
        problems.push(`${at}.emit.template: ${(err as Error).message}`);
      }
    }
    if (r.scatter) {
      if (!r.inputs[r.scatter.input]) problems.push(`${at}.scatter.input: "${r.scatter.input}" is not one of the inputs (${Object.keys(r.inputs).join(', ')})`);
      r.scatter.topics.forEach((t, j) => checkTemplate(t, `${at}.scatter.topics[${j}]`, problems));
    }
    if (r.clock === 'processing' && (parseDuration(r.reorder.slack) || parseDuration(r.reorder.idle))) {
      problems.push(`${at}.reorder: slack and idle are for clock: event; with clock: processing events are stamped on arrival, in order`);
    }
    const bridge = resolveBridge(r, at, problems);
    return {
      name: r.name,
      inputs,
      operator: r.operator,
      params,
      slackMs: durationField(r.reorder.slack, `${at}.reorder.slack`, problems),
      idleMs: durationField(r.reorder.idle, `${at}.reorder.idle`, problems),
      clock: r.clock,
      emit: r.emit,
      ...(bridge && { bridge }),
      ...(r.scatter && { scatter: r.scatter as RuleConfig['scatter'] & object }),
      limits: r.limits,
      dedupe: { ttlMs: durationField(r.dedupe.ttl, `${at}.dedupe.ttl`, problems), maxIds: r.dedupe.maxIds },
      spec: r,
    };
  });
}

function resolveInputs(r: RawRule, at: string, tables: TableConfig[], problems: string[]): RuleInput[] {
  const entries = Object.entries(r.inputs);
  if (entries.length === 0) problems.push(`${at}.inputs: name at least one input, e.g. { events: { topic: "devices/+/telemetry" } }`);
  return entries.map(([name, given]) => {
    const f = `${at}.inputs.${name}`;
    const x = { key: 'topic[1]', time: '$.ts', id: '$.id', ...given };
    if ((x.topic === undefined) === (x.table === undefined)) problems.push(`${f}: give either topic: (an MQTT topic filter) or table: (a table name)`);
    if (x.topic !== undefined) {
      const bad = checkTopicFilter(x.topic);
      if (bad) problems.push(`${f}.topic: invalid MQTT topic filter "${x.topic}": ${bad}`);
    }
    if (x.table !== undefined && !tables.some((t) => t.name === x.table)) {
      problems.push(`${f}.table: no table "${x.table}"; declare it under tables: (known: ${tables.map((t) => t.name).join(', ') || 'none'})`);
    }
    const time = x.time === 'arrival' ? 'arrival' : parseJsonPath(x.time);
    if (!time) problems.push(`${f}.time: "${x.time}" must be $.field or "arrival"`);
    const id = parseJsonPath(x.id);
    if (!id) problems.push(`${f}.id: "${x.id}" must be $.field`);
    return {
      name,
      ...(x.topic !== undefined && { topic: x.topic }),
      ...(x.table !== undefined && { table: x.table }),
      key: resolveKey(x.key, x.topic, `${f}.key`, problems),
      // Processing clock: an event happens when it arrives, whatever time its payload carries.
      time: r.clock === 'processing' ? 'arrival' : (time ?? 'arrival'),
      id: id ?? ['id'],
    };
  });
}

function resolveParams(r: RawRule, at: string, deps: RuleDeps, problems: string[], inputNames: string[]): Record<string, unknown> {
  const spec = deps.operators[r.operator];
  if (!spec) {
    problems.push(`${at}.operator: unknown operator "${r.operator}"; known: ${Object.keys(deps.operators).sort().join(', ')}`);
    return r.params;
  }
  if (spec.inputs) {
    const missing = spec.inputs.filter((n) => !inputNames.includes(n));
    const extra = inputNames.filter((n) => !spec.inputs!.includes(n));
    if (missing.length || extra.length) problems.push(`${at}.inputs: ${r.operator} takes the inputs ${spec.inputs.join(', ')}; got ${inputNames.join(', ') || 'none'}`);
  }
  const params = Value.Default(spec.params, structuredClone(r.params)) as Record<string, unknown>;
  const schemaProblems = [...Value.Errors(spec.params, params)].map((e) => `${at}.params${e.path.replaceAll('/', '.')}: ${e.message}`);
  if (schemaProblems.length) {
    problems.push(...new Set(schemaProblems));
    return params;
  }
  const crossField = spec.check?.(params) ?? [];
  for (const p of crossField) problems.push(`${at}.params.${p}`);
  if (crossField.length) return params;
  try {
    // Compiles every expression the params hold: a syntax error or an unsafe regex fails at startup.
    spec.create(params, { compile: deps.compile, limits: { maxKeys: r.limits.maxKeys, maxBufferedPerKey: r.limits.maxBufferedPerKey } });
  } catch (err) {
    problems.push(`${at}.params: ${(err as Error).message}`);
  }
  return params;
}

function resolveBridge(r: RawRule, at: string, problems: string[]): RuleConfig['bridge'] {
  if (!r.bridge) return undefined;
  const out: NonNullable<RuleConfig['bridge']> = {};
  const url = (text: string, protocols: string[], field: string): void => {
    let u: URL | undefined;
    try {
      u = new URL(text);
    } catch {
      // reported below
    }
    if (!u || !protocols.includes(u.protocol)) problems.push(`${field}: "${text.includes('@') ? redactUrl(text) : text}" must be a URL with ${protocols.map((p) => p.replace(':', '://')).join(' or ')}`);
  };
  if (r.bridge.mqtt) {
    url(r.bridge.mqtt.url, ['mqtt:', 'mqtts:', 'ws:', 'wss:'], `${at}.bridge.mqtt.url`);
    if (r.bridge.mqtt.topic !== undefined) checkTemplate(r.bridge.mqtt.topic, `${at}.bridge.mqtt.topic`, problems);
    out.mqtt = r.bridge.mqtt as NonNullable<RuleConfig['bridge']>['mqtt'] & object;
  }
  const w = r.bridge.webhook;
  if (w) {
    url(w.url, ['http:', 'https:'], `${at}.bridge.webhook.url`);
    out.webhook = {
      url: w.url,
      headers: w.headers,
      retries: w.retries,
      backoffMs: durationField(w.backoff, `${at}.bridge.webhook.backoff`, problems),
      timeoutMs: positive(durationField(w.timeout, `${at}.bridge.webhook.timeout`, problems), `${at}.bridge.webhook.timeout`, problems),
      queue: { ...(w.queue.dir !== undefined && { dir: w.queue.dir }), maxBytes: w.queue.maxBytes },
    };
  }
  return out;
}
