/**
 * A pipeline's pure core: message → decode → keyed sliding window → feature vectors.
 * Returns what happened; the runner does every effect (scoring, publishing, logging).
 */

import type { PipelineConfig } from '../config/load.ts';
import { createSlidingWindows, type SlidingSnapshot, type SlidingWindows } from '../features/sliding.ts';
import type { FeatureVector } from '../features/vector.ts';
import { createJsonDecoder } from '../ingest/decode-json.ts';
import { makeDeadLetter, type DeadLetter, type DeadLetterReason } from '../ingest/deadletter.ts';

export type HandleResult = { ok: true; vectors: FeatureVector[] } | { ok: false; deadLetter: DeadLetter };

export interface CoreStats {
  events: number;
  vectors: number;
  deadLettered: Partial<Record<DeadLetterReason, number>>;
}

export interface PipelineCore {
  readonly config: PipelineConfig;
  readonly featureNames: string[];
  handle(topic: string, payload: Buffer, receivedAt: number): HandleResult;
  /** Records a dead letter raised after the core (e.g. overload at the scorer) in the same counters. */
  count(reason: DeadLetterReason): void;
  stats: CoreStats;
  windowStats(): ReturnType<SlidingWindows['stats']>;
  snapshot(): { windows: SlidingSnapshot };
}

export interface CoreLimits {
  maxPayloadBytes: number;
  maxKeys: number;
  maxEventsPerKey: number;
}

export function createPipelineCore(
  config: PipelineConfig,
  limits: CoreLimits,
  restore?: { windows: SlidingSnapshot },
): PipelineCore {
  const decode = createJsonDecoder(config, limits);
  const windows = createSlidingWindows(
    {
      sizeMs: config.window.sizeMs,
      everyMs: config.window.everyMs,
      fields: config.features,
      maxEventsPerKey: limits.maxEventsPerKey,
      maxKeys: limits.maxKeys,
      partial: config.window.partial,
    },
    restore?.windows,
  );
  const stats: CoreStats = { events: 0, vectors: 0, deadLettered: {} };
  const count = (reason: DeadLetterReason): void => {
    stats.deadLettered[reason] = (stats.deadLettered[reason] ?? 0) + 1;
  };
  const reject = (reason: DeadLetterReason, detail: string, topic: string, payload: Buffer, receivedAt: number): HandleResult => {
    count(reason);
    return { ok: false, deadLetter: makeDeadLetter(reason, detail, { pipeline: config.name, topic, payload, receivedAt }) };
  };

  return {
    config,
    featureNames: windows.featureNames,
    handle(topic, payload, receivedAt) {
      const decoded = decode(topic, payload, receivedAt);
      if (!decoded.ok) return reject(decoded.reason, decoded.detail, topic, payload, receivedAt);
      const { event } = decoded;
      const pushed = windows.push(event.key, event.ts, event.values);
      if (!pushed.ok) {
        const detail =
          pushed.reason === 'out_of_order'
            ? `event time ${event.ts} is behind the latest event of ${event.key}; reordering is not enabled for this pipeline`
            : `${event.key} already holds ${limits.maxEventsPerKey} events in its window (limits.maxEventsPerKey)`;
        return reject(pushed.reason, detail, topic, payload, receivedAt);
      }
      stats.events++;
      stats.vectors += pushed.closed.length;
      return { ok: true, vectors: pushed.closed };
    },
    count,
    stats,
    windowStats: () => windows.stats(),
    snapshot: () => ({ windows: windows.snapshot() }),
  };
}
