/**
 * Phase two of `online:` validation: the learner exists and takes these params (a dry run on one
 * sample), the task follows from the learner, features and target name computed fields, durations
 * parse. Every problem names its field: `pipelines[0].online.params.lr: …`.
 */

import { parseDuration } from '../../config/duration.ts';
import { checkTopicFilter } from '../../config/topic.ts';
import { DETECTORS } from '../learn/drift/registry.ts';
import type { StepRef } from '../learn/pipeline.ts';
import { createLearner, LEARNERS } from '../learn/registry.ts';
import type { ClassLabel, Params } from '../learn/types.ts';
import { asBool } from '../learn/util.ts';
import type { RawOnline } from './schema.ts';

export interface OnlineConfig {
  /** What `createLearner` builds: one registry entry or a `pipeline` of steps. */
  learner: StepRef;
  /** Display name, e.g. `standardScaler|logisticRegression`; the score event's model name. */
  name: string;
  task: 'classification' | 'regression';
  /** Binary learners (logistic, perceptron, PA) read labels as booleans (River's bool targets). */
  binary: boolean;
  scope: 'key' | 'pipeline';
  /** Fields or feature names that feed the learner; absent = every feature. */
  features?: string[];
  /** An event field whose window value is the label (immediate test-then-train). */
  target?: string;
  labels: { topic?: string; ttlMs: number; maxPending: number };
  positive: ClassLabel;
  drift?: { detector: string; params: Params; action: 'reset' | 'none' };
  maxKeys: number;
}

/** Learners whose labels are booleans (they call `asBool` on y). */
const BINARY = new Set(['logisticRegression', 'perceptron', 'paClassifier']);

/** Problems with a params bag against a spec's defaults: unknown names, a number where one is expected. */
function checkParams(params: Params, defaults: Params, owner: string, at: string, problems: string[]): void {
  for (const [name, value] of Object.entries(params)) {
    if (!Object.hasOwn(defaults, name)) {
      const known = Object.keys(defaults);
      problems.push(`${at}.${name}: ${owner} has no param "${name}" (${known.length ? `known: ${known.join(', ')}` : 'it takes none'})`);
    } else if (typeof defaults[name] === 'number' && (typeof value !== 'number' || !Number.isFinite(value))) {
      problems.push(`${at}.${name}: must be a number (default ${String(defaults[name])})`);
    }
  }
}

function stepRef(step: string | { learner: string; params?: Params }): StepRef {
  return typeof step === 'string' ? { learner: step } : { learner: step.learner, ...(step.params && { params: step.params }) };
}

/** The learner ref, its steps' names, and problems found in names and params. */
function resolveLearner(raw: RawOnline, at: string, problems: string[]): { ref: StepRef; names: string[] } | undefined {
  const steps = (Array.isArray(raw.learner) ? raw.learner : [raw.learner]).map(stepRef);
  const last = steps.length - 1;
  if (raw.params) steps[last] = { ...steps[last]!, params: { ...steps[last]!.params, ...raw.params } };
  let ok = true;
  steps.forEach((s, i) => {
    const field = Array.isArray(raw.learner) ? `${at}.learner[${i}]` : `${at}.learner`;
    const spec = Object.hasOwn(LEARNERS, s.learner) ? LEARNERS[s.learner] : undefined;
    if (!spec) {
      problems.push(`${field}: unknown learner "${s.learner}"; known: ${Object.keys(LEARNERS).join(', ')}`);
      ok = false;
      return;
    }
    const paramsAt = i === last && raw.params ? `${at}.params` : `${field}.params`;
    const before = problems.length;
    checkParams(s.params ?? {}, spec.defaults, s.learner, paramsAt, problems);
    if (problems.length > before) ok = false;
    if (i < last && spec.kind !== 'transformer') {
      problems.push(`${field}: "${s.learner}" is a model; only the last step may be one (e.g. [standardScaler, ${s.learner}])`);
      ok = false;
    }
  });
  if (!ok) return undefined;
  const ref: StepRef = steps.length === 1 ? steps[0]! : { learner: 'pipeline', params: { steps: steps.slice(0, last), model: steps[last]! } };
  return { ref, names: steps.map((s) => s.learner) };
}

/** Builds the learner once and runs one predict/learn on a toy sample, so bad params fail at load. */
function dryRun(ref: StepRef, at: string, problems: string[]): 'classifier' | 'regressor' | undefined {
  try {
    const learner = createLearner(ref);
    if (learner.kind === 'transformer') {
      problems.push(`${at}.learner: "${ref.learner}" is a transformer; end with a model, e.g. [${ref.learner}, logisticRegression]`);
      return undefined;
    }
    if (learner.kind === 'classifier') {
      learner.learnOne({ x: 1 }, true);
      learner.predictProbaOne({ x: 1 });
    } else {
      learner.learnOne({ x: 1 }, 1);
      if (!Number.isFinite(learner.predictOne({ x: 1 }))) throw new Error('predicts a non-finite number after one sample');
    }
    return learner.kind;
  } catch (err) {
    problems.push(`${at}.params: the learner rejects these params: ${(err as Error).message}`);
    return undefined;
  }
}

/** True when `sel` names field `f`'s aggregate `agg` (any window) or one of its sized features. */
export function selectsAggregate(sel: string, field: string, aggs: string[]): boolean {
  return sel === field || aggs.some((a) => sel === `${field}_${a}` || sel.startsWith(`${field}_${a}_`));
}

export function resolveOnline(raw: RawOnline, fields: Record<string, string[]>, at: string, problems: string[]): OnlineConfig | undefined {
  const learner = resolveLearner(raw, at, problems);
  const kind = learner ? dryRun(learner.ref, at, problems) : undefined;
  for (const sel of raw.features ?? []) {
    if (!Object.entries(fields).some(([f, aggs]) => selectsAggregate(sel, f, aggs))) {
      problems.push(`${at}.features: "${sel}" is not a computed feature; name a field (${Object.keys(fields).join(', ')}) or field_aggregate`);
    }
  }
  if (raw.target !== undefined) {
    if (!Object.hasOwn(fields, raw.target)) problems.push(`${at}.target: "${raw.target}" is not in features; add e.g. ${raw.target}: [last]`);
    if (raw.features?.some((s) => s === raw.target || s.startsWith(`${raw.target}_`))) problems.push(`${at}.features: the target "${raw.target}" cannot also be a feature`);
    if (raw.labels) problems.push(`${at}.labels: with target: the label is in the window itself; drop labels: or target:`);
  }
  const ttlMs = parseDuration(raw.labels?.ttl ?? '10m');
  if (ttlMs === undefined || ttlMs <= 0) problems.push(`${at}.labels.ttl: "${String(raw.labels?.ttl)}" is not a positive duration; write e.g. "10m"`);
  const topic = raw.labels?.topic;
  const topicProblem = topic === undefined ? undefined : checkTopicFilter(topic);
  if (topicProblem) problems.push(`${at}.labels.topic: invalid MQTT topic filter "${topic}": ${topicProblem}`);
  if (raw.drift) checkParams(raw.drift.params ?? {}, DETECTORS[raw.drift.detector]!.defaults, raw.drift.detector, `${at}.drift.params`, problems);
  if (!learner || !kind) return undefined;
  const modelName = learner.names[learner.names.length - 1]!;
  const binary = BINARY.has(modelName);
  return {
    learner: learner.ref,
    name: learner.names.join('|'),
    task: kind === 'classifier' ? 'classification' : 'regression',
    binary,
    scope: raw.scope,
    ...(raw.features && { features: raw.features }),
    ...(raw.target !== undefined && { target: raw.target }),
    labels: { ...(topic !== undefined && { topic }), ttlMs: ttlMs ?? 600_000, maxPending: raw.labels?.maxPending ?? 10_000 },
    // Binary learners answer true/false, so their positive class is a boolean too.
    positive: binary ? asBool(raw.positive ?? true) : (raw.positive ?? true),
    ...(raw.drift && { drift: { detector: raw.drift.detector, params: raw.drift.params ?? {}, action: raw.drift.action } }),
    maxKeys: raw.maxKeys,
  };
}
