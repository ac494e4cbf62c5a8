/**
 * A pipeline's pure core: message → decode → device-clock check → reorder buffer (K-slack) →
 * keyed windows → feature vectors; late events go to the pipeline's late policy. Returns what
 * happened; the runner does every effect (scoring, publishing, logging). Time comes in as
 * arguments: event time from payloads, processing time as `receivedAt` / `tick(nowMs)`.
 */

import type { PipelineConfig } from '../config/load.ts';
import type { FeatureVector } from '../features/vector.ts';
import { createWindows } from '../features/windows/create.ts';
import type { KeyedWindows, WindowsSnapshot } from '../features/windows/types.ts';
import { createJsonDecoder } from '../ingest/decode-json.ts';
import { makeDeadLetter, type DeadLetter, type DeadLetterReason } from '../ingest/deadletter.ts';
import type { Event } from '../stream/event.ts';
import { createDedupe } from '../stream/dedupe.ts';
import { createReorderBuffer, type ReorderBuffer, type ReorderSnapshot, type ReorderStats } from '../stream/reorder.ts';

export interface HandleResult {
  vectors: FeatureVector[];
  deadLetters: DeadLetter[];
}

export interface CoreStats {
  events: number;
  vectors: number;
  /** Corrected results emitted for late events (`late: update`). */
  corrections: number;
  lateDropped: number;
  clamped: number;
  /** Redelivered events (an id seen within the dedupe bounds), dropped. */
  duplicates: number;
  /** Events the pipeline's `filter:` dropped (not dead letters). */
  filtered: number;
  deadLettered: Partial<Record<DeadLetterReason, number>>;
}

/** What the reorder buffer holds per event: enough to dead-letter it later with its original payload. */
interface Held {
  event: Event;
  topic: string;
  text: string;
}

export interface CoreSnapshot {
  windows: WindowsSnapshot;
  reorder: ReorderSnapshot<Held>;
  dedupe: Array<[string, number]>;
}

export interface PipelineCore {
  readonly config: PipelineConfig;
  readonly featureNames: string[];
  handle(topic: string, payload: Buffer, receivedAt: number): HandleResult;
  /** Processing-time housekeeping: idle keys close their windows; pipeline watermarks advance. */
  tick(nowMs: number): HandleResult;
  /** Releases everything buffered and closes every open window (graceful drain). */
  flush(): HandleResult;
  /** Records a dead letter raised after the core (e.g. overload at the scorer) in the same counters. */
  count(reason: DeadLetterReason): void;
  stats: CoreStats;
  windowStats(): ReturnType<KeyedWindows['stats']>;
  reorderStats(): ReorderStats;
  snapshot(): CoreSnapshot;
}

export interface CoreLimits {
  maxPayloadBytes: number;
  maxKeys: number;
  maxEventsPerKey: number;
}

/** ISO text for a detail message; never throws on a time outside the Date range. */
function iso(ms: number): string {
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? String(ms) : d.toISOString();
}

const EMPTY: HandleResult = Object.freeze({ vectors: [], deadLetters: [] }) as unknown as HandleResult;

export function createPipelineCore(config: PipelineConfig, limits: CoreLimits, restore?: Partial<CoreSnapshot>): PipelineCore {
  const { time } = config;
  const decode = createJsonDecoder(config, limits);
  const windows = createWindows(
    config.windows,
    { fields: config.features, limits: { maxEventsPerKey: limits.maxEventsPerKey, maxKeys: limits.maxKeys }, allowedLatenessMs: time.allowedLatenessMs },
    restore?.windows,
  );
  const reorder: ReorderBuffer<Held> = createReorderBuffer<Held>(
    { slackMs: time.slackMs, ...(time.adaptive && { adaptive: time.adaptive }), maxBufferedPerKey: limits.maxEventsPerKey, maxKeys: limits.maxKeys },
    restore?.reorder,
  );
  const stats: CoreStats = { events: 0, vectors: 0, corrections: 0, lateDropped: 0, clamped: 0, duplicates: 0, filtered: 0, deadLettered: {} };
  const dedupe = config.source.dedupe.ttlMs > 0 ? createDedupe(config.source.dedupe, restore?.dedupe) : undefined;
  let pipelineMaxTs = -Infinity;

  const count = (reason: DeadLetterReason): void => {
    stats.deadLettered[reason] = (stats.deadLettered[reason] ?? 0) + 1;
  };
  const deadLetter = (reason: DeadLetterReason, detail: string, topic: string, payload: Buffer, receivedAt: number): DeadLetter => {
    count(reason);
    return makeDeadLetter(reason, detail, { pipeline: config.name, topic, payload, receivedAt });
  };
  const heldDeadLetter = (reason: DeadLetterReason, detail: string, h: Held): DeadLetter =>
    deadLetter(reason, detail, h.topic, Buffer.from(h.text), h.event.receivedAt);

  function into(out: HandleResult, h: Held): HandleResult {
    const pushed = windows.push(h.event.key, h.event.ts, h.event.values);
    if (!pushed.ok) {
      const detail =
        pushed.reason === 'window_full'
          ? `${h.event.key} already holds ${limits.maxEventsPerKey} events in its window (limits.maxEventsPerKey)`
          : `event time ${h.event.ts} is behind the latest event of ${h.event.key}`;
      return add(out, [], [heldDeadLetter(pushed.reason, detail, h)]);
    }
    stats.events++;
    return add(out, pushed.closed, []);
  }

  function add(out: HandleResult, vectors: FeatureVector[], deadLetters: DeadLetter[]): HandleResult {
    if (vectors.length === 0 && deadLetters.length === 0) return out;
    const target = out === EMPTY ? { vectors: [] as FeatureVector[], deadLetters: [] as DeadLetter[] } : out;
    for (const v of vectors) {
      target.vectors.push(v);
      if (v.revision) stats.corrections++;
      else stats.vectors++;
    }
    for (const d of deadLetters) target.deadLetters.push(d);
    return target;
  }

  function late(h: Held): HandleResult {
    const wm = reorder.watermarkOf(h.event.key);
    const detail = `event time ${iso(h.event.ts)} is behind the watermark ${iso(wm)} of ${h.event.key} (slack ${time.slackMs} ms)`;
    if (time.late === 'drop') {
      stats.lateDropped++;
      return EMPTY;
    }
    if (time.late === 'update') {
      const r = windows.late(h.event.key, h.event.ts, h.event.values);
      if (r.ok) {
        stats.events++;
        return add(EMPTY, r.corrected, []);
      }
      return add(EMPTY, [], [heldDeadLetter('late', `${detail}; beyond allowedLateness, no window can take it`, h)]);
    }
    return add(EMPTY, [], [heldDeadLetter('late', detail, h)]);
  }

  function released(out: HandleResult, key: string, items: Held[], watermark: number): HandleResult {
    for (const h of items) out = into(out, h);
    return add(out, windows.advance(key, watermark), []);
  }

  return {
    config,
    featureNames: windows.featureNames,
    handle(topic, payload, receivedAt) {
      const decoded = decode(topic, payload, receivedAt);
      if (!decoded.ok) {
        if (decoded.reason === 'filtered') {
          stats.filtered++;
          return EMPTY;
        }
        return add(EMPTY, [], [deadLetter(decoded.reason, decoded.detail, topic, payload, receivedAt)]);
      }
      const { event } = decoded;
      if (dedupe?.seen(event.id, event.ts)) {
        stats.duplicates++;
        return EMPTY;
      }
      if (event.ts > receivedAt + time.maxFutureMs) {
        if (time.future === 'deadletter') {
          const detail = `event time ${iso(event.ts)} is more than ${time.maxFutureMs} ms ahead of arrival (${iso(receivedAt)}); check the device clock`;
          return add(EMPTY, [], [deadLetter('future', detail, topic, payload, receivedAt)]);
        }
        event.ts = receivedAt; // clamp: a fast device clock must not drag the watermark ahead
        stats.clamped++;
      }
      const held: Held = { event, topic, text: decoded.text };
      const r = reorder.push(event.key, event.ts, held, receivedAt);
      if (r.late) return late(held);
      if (event.ts > pipelineMaxTs) pipelineMaxTs = event.ts;
      return released(EMPTY, event.key, r.released, r.watermark);
    },
    tick(nowMs) {
      let out = EMPTY;
      if (time.idleTimeoutMs > 0) {
        for (const f of reorder.flushIdle(nowMs - time.idleTimeoutMs)) {
          out = released(out, f.key, f.released, f.watermark);
          out = add(out, windows.flushKey(f.key), []);
        }
      }
      if (time.watermark === 'pipeline' && pipelineMaxTs > -Infinity) out = add(out, windows.advanceAll(pipelineMaxTs - time.slackMs), []);
      if (time.keyTtlMs > 0 && pipelineMaxTs > -Infinity) {
        // TTL in event time: a device whose last event is keyTtl behind the pipeline's newest is forgotten.
        windows.evictIdle(pipelineMaxTs - time.keyTtlMs);
        reorder.evictIdle(pipelineMaxTs - time.keyTtlMs);
      }
      return out;
    },
    flush() {
      let out = EMPTY;
      for (const f of reorder.flushAll()) {
        out = released(out, f.key, f.released, f.watermark);
        out = add(out, windows.flushKey(f.key), []);
      }
      return out;
    },
    count,
    stats,
    windowStats: () => windows.stats(),
    reorderStats: () => reorder.stats(),
    snapshot: () => ({ windows: windows.snapshot(), reorder: reorder.snapshot(), dedupe: dedupe?.snapshot() ?? [] }),
  };
}
