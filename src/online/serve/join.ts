/**
 * The label join: predictions wait here for their label, a stream join bounded by count and by a
 * processing-time TTL. A label finds its prediction by score id, by key + window end, or by key +
 * event time (the closing event's time, else the latest window containing it). A matched entry
 * stays, without its vector, until its TTL so a second label for it is a duplicate, not unmatched.
 */

import type { Features } from '../learn/types.ts';
import type { Prediction } from './prequential.ts';

export interface PendingEntry {
  id: string;
  /** The window's key (the device), also with a pipeline-wide model. */
  key: string;
  start: number;
  end: number;
  eventTime: number;
  expiresAt: number;
  /** Dropped once labelled. */
  x?: Features;
  prediction?: Prediction;
}

export type LabelRef = { id: string } | { key: string; windowEnd: number } | { key: string; eventTime: number };

export type JoinResult =
  | { outcome: 'matched'; entry: Required<PendingEntry> }
  | { outcome: 'unmatched' | 'duplicate'; id?: string };

export interface JoinCounters {
  /** Predictions whose TTL passed without a label. */
  expired: number;
  /** Predictions pushed out by `maxPending` before their label came. */
  evicted: number;
}

export interface PendingJoin {
  add(entry: Omit<PendingEntry, 'expiresAt'>, nowMs: number): void;
  take(ref: LabelRef, nowMs: number): JoinResult;
  /** Drops entries past their TTL; returns how many unlabelled ones expired. */
  expire(nowMs: number): number;
  readonly size: number;
  readonly counters: JoinCounters;
  snapshot(): PendingEntry[];
}

export function createPendingJoin(opts: { ttlMs: number; maxPending: number }, saved: PendingEntry[] = [], counters: JoinCounters = { expired: 0, evicted: 0 }): PendingJoin {
  // Insertion order is expiry order: every entry gets the same TTL from a monotonic `now`.
  const byId = new Map<string, PendingEntry>();
  const byKey = new Map<string, Set<string>>();

  function remove(id: string): void {
    const e = byId.get(id);
    if (!e) return;
    byId.delete(id);
    const ids = byKey.get(e.key)!;
    ids.delete(id);
    if (ids.size === 0) byKey.delete(e.key);
  }

  function insert(e: PendingEntry): void {
    remove(e.id);
    byId.set(e.id, e);
    let ids = byKey.get(e.key);
    if (!ids) byKey.set(e.key, (ids = new Set()));
    ids.add(e.id);
    while (byId.size > opts.maxPending) {
      const oldest = byId.values().next().value!;
      if (oldest.x) counters.evicted++;
      remove(oldest.id);
    }
  }
  for (const e of saved) insert({ ...e });

  function find(ref: LabelRef): PendingEntry | undefined {
    if ('id' in ref) return byId.get(ref.id);
    let best: PendingEntry | undefined;
    for (const id of byKey.get(ref.key) ?? []) {
      const e = byId.get(id)!;
      if ('windowEnd' in ref) {
        if (e.end === ref.windowEnd) return e;
      } else if (e.eventTime === ref.eventTime) {
        return e;
      } else if (e.start <= ref.eventTime && ref.eventTime < e.end && (!best || e.end > best.end)) {
        best = e;
      }
    }
    return best;
  }

  function expire(nowMs: number): number {
    let n = 0;
    for (const e of byId.values()) {
      if (e.expiresAt > nowMs) break;
      if (e.x) n++;
      remove(e.id);
    }
    counters.expired += n;
    return n;
  }

  return {
    add(entry, nowMs) {
      // A revised window (late event, same id) replaces its prediction unless it was already labelled.
      if (byId.get(entry.id)?.x === undefined && byId.has(entry.id)) return;
      insert({ ...entry, expiresAt: nowMs + opts.ttlMs });
    },
    take(ref, nowMs) {
      expire(nowMs);
      const e = find(ref);
      if (!e) return { outcome: 'unmatched', ...('id' in ref && { id: ref.id }) };
      if (!e.x || !e.prediction) return { outcome: 'duplicate', id: e.id };
      const entry = { ...e } as Required<PendingEntry>;
      delete e.x;
      delete e.prediction;
      return { outcome: 'matched', entry };
    },
    expire,
    get size() {
      return byId.size;
    },
    counters,
    snapshot: () => [...byId.values()].map((e) => ({ ...e })),
  };
}
