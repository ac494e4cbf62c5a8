/**
 * The `online:` pipeline extension: every closed window is predicted by its key's model and
 * published as a score event; the window's vector waits in the label join until its label comes
 * (MQTT or HTTP), or learns at once from a `target:` field. Pure: returns publications; the
 * service and routes do the effects. All learned state rides in `snapshot()`.
 */

import { makeScoreEvent, type ScoreEvent } from '../../emit/events.ts';
import { deadLetterTopic, makeDeadLetter } from '../../ingest/deadletter.ts';
import { renderTopic } from '../../config/topic.ts';
import type { FeatureVector } from '../../features/vector.ts';
import type { ExtensionContext, ExtensionOutput, PipelineExtension, Publication } from '../../pipeline/extension.ts';
import type { ClassLabel, Features } from '../learn/types.ts';
import { asBool } from '../learn/util.ts';
import type { OnlineConfig } from './config.ts';
import { createPendingJoin, type JoinCounters, type PendingEntry } from './join.ts';
import { parseLabelPayload, topicKey, type LabelMessage } from './labels.ts';
import type { DriftReport, OnlineModel } from './model.ts';
import { createModelTable, type ModelTable, type ModelTableState } from './models.ts';
import type { Prediction } from './prequential.ts';
import { inputFeatures, targetFeature } from './select.ts';

export interface LabelCounters {
  predictions: number;
  learned: number;
  matched: number;
  unmatched: number;
  duplicate: number;
  badLabels: number;
  /** Samples a learner threw on (skipped). */
  learnErrors: number;
  drifts: number;
}

export interface LabelOutcome {
  outcome: 'matched' | 'unmatched' | 'duplicate';
  id?: string;
}

export interface OnlineExtension extends PipelineExtension {
  readonly name: 'online';
  readonly pipeline: string;
  readonly online: OnlineConfig;
  readonly counters: LabelCounters & JoinCounters;
  /** Joins labels to waiting predictions and runs test-then-train on each match. */
  applyLabels(labels: LabelMessage[], nowMs: number): { outcomes: LabelOutcome[]; output: ExtensionOutput };
  /** A message on the label topic: parsed, joined; bad items dead-lettered with the reason. */
  onLabelMessage(topic: string, payload: Buffer, nowMs: number): ExtensionOutput;
  readonly models: ModelTable;
  readonly pending: number;
}

interface Saved {
  config: string;
  models: ModelTableState;
  pending: PendingEntry[];
  counters: LabelCounters & JoinCounters;
}

export function isOnline(ext: PipelineExtension): ext is OnlineExtension {
  return ext.name === 'online';
}

export function createOnlineExtension(ctx: ExtensionContext): OnlineExtension | undefined {
  const online = ctx.config.online;
  if (!online) return undefined;
  const pipeline = ctx.config.name;
  const { qos, scores: scoresTopic } = ctx.config.emit;
  // What learned state depends on; label bounds and maxKeys may change without losing the models.
  const fingerprint = JSON.stringify({ ...online, labels: undefined, maxKeys: undefined });
  let saved = ctx.restore as Saved | undefined;
  if (saved && saved.config !== fingerprint) {
    ctx.logger.warn({ pipeline }, 'online: section changed since the snapshot; models start empty');
    saved = undefined;
  }
  const inputs = inputFeatures(ctx.featureNames, ctx.config.features, online);
  const target = online.target === undefined ? undefined : targetFeature(ctx.featureNames, ctx.config.features, online.target);
  const { models, counters, join } = restoreState(online, saved, ctx);
  const normalise = (y: ClassLabel): ClassLabel => (online.binary ? asBool(y) : y);

  function features(v: FeatureVector): Features {
    const x: Features = {};
    for (const name of inputs) {
      const value = v.values[name];
      if (value !== undefined && Number.isFinite(value)) x[name] = value; // NaN = no value: missing
    }
    return x;
  }

  function learn(key: string, model: OnlineModel, x: Features, y: ClassLabel, p: Prediction, nowMs: number): Publication[] {
    let drift: DriftReport | undefined;
    try {
      drift = model.learn(x, y, p);
    } catch (err) {
      // A learner that chokes on one sample costs that sample, never the pipeline or the MQTT client.
      counters.learnErrors++;
      ctx.logger.warn({ err, key }, 'online: learnOne failed; sample skipped');
      return [];
    }
    models.aggregate.update(y, p);
    counters.learned++;
    return drift ? [driftPublication(key, drift, nowMs)] : [];
  }

  function driftPublication(key: string, d: DriftReport, nowMs: number): Publication {
    counters.drifts++;
    const modelKey = models.modelKey(key);
    const payload = { pipeline, key: modelKey, learner: online!.name, ...d, at: nowMs };
    return { topic: `streamscore/drift/${pipeline}/${modelKey}`, payload: JSON.stringify(payload), qos: 1 };
  }

  function score(v: FeatureVector, nowMs: number): { event: ScoreEvent; publish: Publication[] } {
    const model = models.get(v.key);
    const x = features(v);
    const prediction = model.predict(x);
    const version = { name: online!.name, version: model.samples, kind: 'value' as const };
    const event = makeScoreEvent({ pipeline, vector: v, model: version, output: 'value' in prediction ? prediction.value : 0, threshold: 1, emittedAt: nowMs });
    if ('label' in prediction) event.prediction = prediction;
    counters.predictions++;
    const publish: Publication[] = [{ topic: renderTopic(scoresTopic, { pipeline, key: v.key }), payload: JSON.stringify(event), qos }];
    const y = target === undefined ? undefined : v.values[target];
    // A revised window (late event) was learned from in its first version already.
    if (y !== undefined && Number.isFinite(y) && !v.revision) publish.push(...learn(v.key, model, x, normalise(y), prediction, nowMs));
    else if (target === undefined) join.add({ id: event.id, key: v.key, start: v.window.start, end: v.window.end, eventTime: v.eventTime, x, prediction }, nowMs);
    return { event, publish };
  }

  function applyLabels(labels: LabelMessage[], nowMs: number): { outcomes: LabelOutcome[]; output: ExtensionOutput } {
    const outcomes: LabelOutcome[] = [];
    const publish: Publication[] = [];
    for (const { ref, label } of labels) {
      const r = join.take(ref, nowMs);
      counters[r.outcome]++;
      if (r.outcome !== 'matched') {
        outcomes.push({ outcome: r.outcome, ...(r.id !== undefined && { id: r.id }) });
        continue;
      }
      const { entry } = r;
      publish.push(...learn(entry.key, models.get(entry.key), entry.x, normalise(label), entry.prediction, nowMs));
      outcomes.push({ outcome: 'matched', id: entry.id });
    }
    return { outcomes, output: { publish, scores: [] } };
  }

  return {
    name: 'online',
    pipeline,
    online,
    counters,
    models,
    get pending() {
      return join.size;
    },
    onVectors(vectors, nowMs) {
      const out: ExtensionOutput = { publish: [], scores: [] };
      for (const v of vectors) {
        const { event, publish } = score(v, nowMs);
        out.publish.push(...publish);
        out.scores.push(event);
      }
      return out;
    },
    tick(nowMs) {
      join.expire(nowMs);
      return { publish: [], scores: [] };
    },
    applyLabels,
    onLabelMessage(topic, payload, nowMs) {
      const { labels, problems } = parseLabelPayload(payload, { task: online.task, topicKey: topicKey(online.labels.topic ?? '', topic) });
      const { output } = applyLabels(labels, nowMs);
      if (problems.length) {
        counters.badLabels += problems.length;
        const dl = makeDeadLetter('bad_label', problems.join('; '), { pipeline, topic, payload, receivedAt: nowMs });
        output.publish.push({ topic: deadLetterTopic('bad_label'), payload: JSON.stringify(dl), qos: 1 });
      }
      return output;
    },
    snapshot: (): Saved => ({ config: fingerprint, models: models.snapshot(), pending: join.snapshot(), counters: { ...counters } }),
    stats: () => ({ ...counters, models: models.size, modelEvictions: models.evictions, pending: join.size }),
  };
}

/** The saved models, counters and waiting predictions; an unreadable snapshot starts empty, loudly, rather than stopping the start. */
function restoreState(online: OnlineConfig, saved: Saved | undefined, ctx: ExtensionContext) {
  const fresh = () => ({ predictions: 0, learned: 0, matched: 0, unmatched: 0, duplicate: 0, badLabels: 0, learnErrors: 0, drifts: 0, expired: 0, evicted: 0 });
  try {
    const counters = { ...fresh(), ...saved?.counters };
    return { models: createModelTable(online, saved?.models), counters, join: createPendingJoin(online.labels, saved?.pending, counters) };
  } catch (err) {
    ctx.logger.error({ err, pipeline: ctx.config.name }, 'online: state in the snapshot is unreadable; models start empty');
    const counters = fresh();
    return { models: createModelTable(online), counters, join: createPendingJoin(online.labels, [], counters) };
  }
}
