/** The contract every window type implements, keyed by device, driven in event time. */

import type { EventValue } from '../../stream/event.ts';
import type { FeatureVector } from '../vector.ts';

export interface KeyedWindows {
  /** Feature names in vector order. */
  readonly featureNames: string[];
  /**
   * One event, in event-time order for its key (the reorder buffer upstream guarantees it). Closes
   * the windows the event's time passes, then adds it; returns the windows that closed.
   */
  push(key: string, ts: number, values: Record<string, EventValue>): PushResult;
  /** The key's watermark moved to `watermark`: closes every window that ends at or before it. */
  advance(key: string, watermark: number): FeatureVector[];
  /** Every key's watermark moved to `watermark` (pipeline-scope watermarks); O(keys). */
  advanceAll(watermark: number): FeatureVector[];
  /**
   * A late event (behind the key's watermark) merged into the windows it belongs to: returns
   * corrected vectors (same window, `revision` + 1) for windows already emitted. Only window types
   * that keep enough history support it (`supportsUpdate`).
   */
  late(key: string, ts: number, values: Record<string, EventValue>): LateResult;
  readonly supportsUpdate: boolean;
  /** Drops keys whose last event is older than `beforeTs` (event time); returns how many. */
  evictIdle(beforeTs: number): number;
  /** Every key's open windows that hold data, closed now (idle timeout, shutdown). */
  flushKey(key: string): FeatureVector[];
  stats(): WindowStats;
  snapshot(): WindowsSnapshot;
}

export type Rejection = 'out_of_order' | 'window_full';

export type PushResult = { ok: true; closed: FeatureVector[] } | { ok: false; reason: Rejection };

/** `too_late`: behind the allowed lateness, no window that held it is kept any more. */
export type LateResult = { ok: true; corrected: FeatureVector[] } | { ok: false; reason: 'too_late' | 'unsupported' };

export interface WindowStats {
  keys: number;
  evictions: number;
  bytes: number;
  /** Warm-up windows not emitted (`partial: skip`). */
  partialSkipped: number;
  /** Events refused because a key's window was full (`maxEventsPerKey`). */
  full: number;
}

export interface WindowsSnapshot {
  kind: string;
  keys: Array<{ key: string; state: unknown }>;
}

export interface CommonWindowLimits {
  /** Rows one key may hold; beyond it an event is refused and counted, not stored. */
  maxEventsPerKey: number;
  /** Keys held at once; beyond it the least recently seen is evicted (CLOCK). */
  maxKeys: number;
}
