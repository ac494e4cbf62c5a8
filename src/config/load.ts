/**
 * Config loading in two phases: (1) schema (shape, types, defaults), (2) cross-field rules that the
 * schema cannot say. Every error names the field and what to do: `pipelines[0].window.every: …`.
 */

import { readFile } from 'node:fs/promises';
import { Value } from '@sinclair/typebox/value';
import { parse as parseYaml } from 'yaml';
import { isAggregateName, type AggregateName, AGGREGATE_DISPLAY_NAMES } from '../features/aggregates.ts';
import { resolveOnline, type OnlineConfig } from '../online/serve/config.ts';
import { resolveAnomaly, type AnomalyConfig } from './anomaly.ts';
import { durationField } from './duration.ts';
import { parseJsonPath, parseKeySource, type KeySource } from './paths.ts';
import { ConfigSchema, type RawConfig, type RawPipeline } from './schema.ts';
import { checkMqtt } from './mqtt.ts';
import { checkTopicFilter } from './topic.ts';
import { resolveRules, resolveTables, type RuleConfig, type TableConfig } from '../rules/config.ts';
import { OPERATORS } from '../rules/operators.ts';
import { compile } from '../stream/expr/compile.ts';
import { compilePrestage, type Prestage } from '../stream/prestage.ts';
import { resolveTime, resolveWindows, type TimeConfig, type WindowConfig } from './window.ts';

export interface PipelineConfig {
  name: string;
  source: { topic: string; key: KeySource; time: 'arrival' | string[]; id: string[]; dedupe: { ttlMs: number; maxIds: number } };
  /** The primary window (the longest, when several are given). */
  window: WindowConfig;
  /** Every window, longest first; one element for a single `window`. */
  windows: WindowConfig[];
  time: TimeConfig;
  features: Record<string, AggregateName[]>;
  /** A pre-trained model; absent when the pipeline only learns online or detects anomalies. */
  model?: { name: string; version: 'active' | number };
  /** A challenger scored on the same vectors (shadow mode). */
  shadow?: { name: string; version: 'active' | number };
  batch: { maxRows: number; maxDelayMs: number };
  /** An online learner trained from labels (src/online/serve/). */
  online?: OnlineConfig;
  emit: { scores: string; anomalies: { topic: string; threshold: number }; qos: 0 | 1 | 2 };
  /** Anomaly detection on the closed windows (src/online/anomaly/serve). */
  anomaly?: AnomalyConfig;
  /** The compiled `filter:` / `transform:` pre-stages; absent when the spec has neither. */
  prestage?: Prestage;
  /** The spec as written (after defaults), for GET /v1/pipelines. */
  spec: RawPipeline;
}

export interface Config {
  mqtt: RawConfig['mqtt'];
  http: RawConfig['http'];
  dataDir: string;
  modelsDir: string;
  limits: RawConfig['limits'];
  state: { snapshotEveryMs: number; wal: RawConfig['state']['wal'] };
  pipelines: PipelineConfig[];
  /** Stream patterns over any topic (src/rules). */
  patterns: RuleConfig[];
  tables: TableConfig[];
}

export class ConfigError extends Error {
  constructor(readonly problems: string[], origin: string) {
    super(`invalid config (${origin}):\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

/** Validates and resolves a parsed config object. Throws ConfigError listing every problem found. */
export function resolveConfig(input: unknown, origin = 'config'): Config {
  const raw = Value.Default(ConfigSchema, structuredClone(input ?? {})) as RawConfig;
  const schemaProblems = [...Value.Errors(ConfigSchema, raw)].map((e) => `${pointerToField(e.path)}: ${e.message}`);
  if (schemaProblems.length > 0) throw new ConfigError(dedupe(schemaProblems), origin);

  const problems: string[] = [];
  const names = new Set<string>();
  const pipelines = raw.pipelines.map((p, i) => {
    const at = `pipelines[${i}]`;
    if (names.has(p.name)) problems.push(`${at}.name: "${p.name}" is used by another pipeline; names must be unique`);
    names.add(p.name);
    return resolvePipeline(p, at, problems);
  });
  const snapshotEveryMs = durationField(raw.state.snapshotEvery, 'state.snapshotEvery', problems);
  checkMqtt(raw.mqtt, problems);
  const tables = resolveTables(raw.tables, problems);
  const patterns = resolveRules(raw.patterns, tables, { operators: OPERATORS, compile }, problems);
  if (problems.length > 0) throw new ConfigError(problems, origin);
  return Object.freeze({
    mqtt: raw.mqtt,
    http: raw.http,
    dataDir: raw.dataDir,
    modelsDir: raw.modelsDir,
    limits: raw.limits,
    state: { snapshotEveryMs, wal: raw.state.wal },
    pipelines,
    patterns,
    tables,
  });
}

/** Reads a YAML (or JSON) config file into a plain object, not yet validated. */
export async function readConfigFile(path: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new ConfigError([`cannot read ${path}: ${(err as Error).message}`], path);
  }
  let parsed: unknown;
  try {
    parsed = parseYaml(text);
  } catch (err) {
    throw new ConfigError([`not valid YAML: ${(err as Error).message}`], path);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ConfigError(['the file must hold a mapping with a pipelines: list'], path);
  }
  return parsed as Record<string, unknown>;
}

/** Spec sections that score windows without a registry model (see src/pipeline/extensions.ts). */
const SCORING_SECTIONS = ['online', 'anomaly'];

function resolvePipeline(p: RawPipeline, at: string, problems: string[]): PipelineConfig {
  const filterProblem = checkTopicFilter(p.source.topic);
  if (filterProblem) problems.push(`${at}.source.topic: invalid MQTT topic filter "${p.source.topic}": ${filterProblem}`);
  const key = parseKeySource(p.source.key);
  if (!key) problems.push(`${at}.source.key: "${p.source.key}" must be topic[n] (a topic level) or $.field`);
  else if (key.kind === 'topic' && !filterProblem) {
    const levels = p.source.topic.split('/');
    const level = levels[key.level];
    if (level === undefined || level === '#') {
      problems.push(`${at}.source.key: topic level ${key.level} is not in "${p.source.topic}" (levels 0–${levels.length - 1})`);
    } else if (level !== '+') {
      problems.push(`${at}.source.key: topic level ${key.level} of "${p.source.topic}" is the fixed word "${level}"; point it at a '+' level`);
    }
  }
  const timePath = p.source.time === 'arrival' ? 'arrival' : parseJsonPath(p.source.time);
  if (!timePath) problems.push(`${at}.source.time: "${p.source.time}" must be $.field or "arrival"`);
  const id = parseJsonPath(p.source.id);
  if (!id) problems.push(`${at}.source.id: "${p.source.id}" must be $.field`);

  const windows = resolveWindows(p, at, problems);
  const window = windows[0]!;
  const time = resolveTime(p.time, window, at, problems);
  if (windows.length > 1 && p.time.late === 'update') {
    problems.push(`${at}.time.late: update is for a single window; with several windows use drop or deadletter`);
  }

  const features: Record<string, AggregateName[]> = {};
  const fieldEntries = Object.entries(p.features);
  if (fieldEntries.length === 0) problems.push(`${at}.features: name at least one field, e.g. { temperature: [mean, std] }`);
  for (const [field, aggs] of fieldEntries) {
    if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(field)) problems.push(`${at}.features.${field}: field names are letters, digits, _ and -`);
    const unknown = aggs.filter((a) => !isAggregateName(a));
    if (unknown.length) problems.push(`${at}.features.${field}: unknown aggregate ${unknown.join(', ')}; known: ${AGGREGATE_DISPLAY_NAMES.join(', ')}; see docs/AGGREGATES.md`);
    features[field] = [...new Set(aggs.filter(isAggregateName))];
  }
  if (!p.model && !SCORING_SECTIONS.some((s) => (p as Record<string, unknown>)[s] !== undefined)) {
    problems.push(`${at}: say what scores the windows: model: { name: ... }, or an ${SCORING_SECTIONS.join(' or ')}: section`);
  }
  if (p.shadow && !p.model) problems.push(`${at}.shadow: a shadow model is compared with the pipeline's model; add model: { name: ... }`);
  const maxDelayMs = durationField(p.batch.maxDelay, `${at}.batch.maxDelay`, problems);
  const online = p.online && resolveOnline(p.online, features, `${at}.online`, problems);
  const pre = compilePrestage(p, compile, Object.keys(p.features));
  for (const problem of pre.problems) problems.push(`${at}.${problem}`);

  for (const [field, template] of [['emit.scores', p.emit.scores], ['emit.anomalies.topic', p.emit.anomalies.topic]] as const) {
    const problem = checkTopicFilter(template);
    if (problem || /[+#]/.test(template)) problems.push(`${at}.${field}: "${template}" must be a topic name without wildcards`);
  }

  const anomaly = p.anomaly && resolveAnomaly(p.anomaly, { at, windows, features, defaultThreshold: p.emit.anomalies.threshold }, problems);

  return {
    name: p.name,
    source: { topic: p.source.topic, key: key ?? { kind: 'topic', level: 0 }, time: timePath ?? 'arrival', id: id ?? ['id'], dedupe: { ttlMs: durationField(p.source.dedupe.ttl, `${at}.source.dedupe.ttl`, problems), maxIds: p.source.dedupe.maxIds } },
    window,
    windows,
    time,
    features,
    ...(p.model && { model: p.model }),
    ...(p.shadow && { shadow: p.shadow }),
    ...(online && { online }),
    batch: { maxRows: p.batch.maxRows, maxDelayMs },
    emit: p.emit as PipelineConfig['emit'],
    ...(anomaly && { anomaly }),
    ...(pre.prestage && { prestage: pre.prestage }),
    spec: p,
  };
}

/** `/pipelines/0/window/every` → `pipelines[0].window.every`. */
function pointerToField(pointer: string): string {
  const parts = pointer.split('/').slice(1);
  let out = '';
  for (const part of parts) out += /^\d+$/.test(part) ? `[${part}]` : out ? `.${part}` : part;
  return out || '(root)';
}

function dedupe(items: string[]): string[] {
  return [...new Set(items)];
}
