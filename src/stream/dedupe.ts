/**
 * Input deduplication: remembers recent event ids so a message the broker redelivers (QoS 1 is
 * at-least-once) is not counted twice. Bounded in count and in event time: an id is forgotten when
 * `maxIds` newer ones arrived or its event time is `ttlMs` behind the newest seen. FIFO by arrival,
 * O(1) per event.
 */

export interface DedupeSpec {
  ttlMs: number;
  maxIds: number;
}

export interface Dedupe {
  /** True when `id` was seen within the bounds (the event is a duplicate); records it otherwise. */
  seen(id: string, ts: number): boolean;
  readonly size: number;
  readonly duplicates: number;
  snapshot(): Array<[string, number]>;
}

export function createDedupe(spec: DedupeSpec, restore?: Array<[string, number]>): Dedupe {
  const ids = new Map<string, number>(restore ?? []);
  let newest = -Infinity;
  let duplicates = 0;
  for (const [, ts] of ids) if (ts > newest) newest = ts;

  return {
    seen(id, ts) {
      if (ids.has(id)) {
        duplicates++;
        return true;
      }
      ids.set(id, ts);
      if (ts > newest) newest = ts;
      // Oldest arrivals first: drop past the count bound, and past the time horizon.
      for (const [old, oldTs] of ids) {
        if (ids.size <= spec.maxIds && oldTs >= newest - spec.ttlMs) break;
        ids.delete(old);
      }
      return false;
    },
    get size() {
      return ids.size;
    },
    get duplicates() {
      return duplicates;
    },
    snapshot: () => [...ids],
  };
}
