/** Score and anomaly events as published on MQTT and served over HTTP. Ids are deterministic. */

import type { FeatureVector, WindowBounds } from '../features/vector.ts';
import { hashId } from '../stream/event.ts';

export interface ScoreEvent {
  /** hash(pipeline, key, window end): the same window always gets the same id, so consumers can dedupe. */
  id: string;
  key: string;
  pipeline: string;
  model: { name: string; version: number };
  window: WindowBounds;
  /** Feature values; null where the field had no value in the window. */
  features: Record<string, number | null>;
  /** `label` + `probabilities` (keyed by String(label)) come from online classifiers (src/online/serve). */
  prediction: { probability: number } | { value: number } | { score: number } | { label: string | number | boolean | null; probabilities: Record<string, number> };
  anomaly?: { score: number; threshold: number; is: boolean };
  /** Event time of the event that closed the window. */
  eventTime: number;
  emittedAt: number;
  /** 1, 2, … when a late event corrected this window (same id: replace the earlier score). */
  revision?: number;
}

export interface ScoreInput {
  pipeline: string;
  vector: FeatureVector;
  model: { name: string; version: number; kind: 'probability' | 'value' | 'anomaly' };
  output: number;
  /** Probability (or anomaly score) at or above which the score is an anomaly; not for value outputs. */
  threshold: number;
  emittedAt: number;
  /** The event's id when not the default hash of pipeline, key and window end. */
  id?: string;
}

export function makeScoreEvent(input: ScoreInput): ScoreEvent {
  const { vector, model } = input;
  const features: Record<string, number | null> = {};
  for (const name in vector.values) {
    const v = vector.values[name]!;
    features[name] = Number.isFinite(v) ? v : null;
  }
  const output = Math.round(input.output * 1e6) / 1e6;
  const event: ScoreEvent = {
    id: input.id ?? hashId(input.pipeline, vector.key, vector.window.end),
    key: vector.key,
    pipeline: input.pipeline,
    model: { name: model.name, version: model.version },
    window: vector.window,
    features,
    prediction: model.kind === 'probability' ? { probability: output } : model.kind === 'anomaly' ? { score: output } : { value: output },
    eventTime: vector.eventTime,
    emittedAt: input.emittedAt,
  };
  if (vector.revision) event.revision = vector.revision;
  if (model.kind !== 'value') event.anomaly = { score: output, threshold: input.threshold, is: output >= input.threshold };
  return event;
}
