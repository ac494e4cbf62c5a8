/**
 * Buffered event ordering per key (K-slack): an event is held until the key's watermark
 * (max event time seen − slack) passes it, then released in event-time order. An event that
 * arrives behind the watermark is late and handed back to the caller's late policy.
 *
 * Adaptive mode (after AQ-K-slack, Ji et al., "Quality-driven processing of sliding window
 * aggregates over out-of-order data streams", DEBS 2015): observed lateness raises the slack to at
 * least that lateness (an event at 650 s after one at 700 s → slack ≥ 50 s), up to `maxSlackMs`;
 * the slack then decays back towards the base with a half-life in event time. The watermark never
 * moves backwards: a raised slack only holds it still.
 */

export interface ReorderSpec {
  slackMs: number;
  adaptive?: { maxSlackMs: number; halfLifeMs: number };
  /** Events one key may hold; beyond it the oldest is released early (counted as forced). */
  maxBufferedPerKey: number;
  maxKeys: number;
}

export interface Released<T> {
  /** Items now safe to process, in event-time order. */
  released: T[];
  /** True when the pushed item itself arrived behind the watermark (not buffered, not released). */
  late: boolean;
  /** The key's watermark after this push. */
  watermark: number;
}

export interface ReorderStats {
  keys: number;
  buffered: number;
  late: number;
  forced: number;
  /** Largest current slack across keys, ms. */
  maxSlackMs: number;
}

export interface ReorderSnapshot<T> {
  keys: Array<{ key: string; maxTs: number; watermark: number; slack: number; lastArrival: number; items: Array<[number, T]> }>;
}

export interface ReorderBuffer<T> {
  push(key: string, ts: number, item: T, arrivalMs: number): Released<T>;
  /** Releases everything of keys not heard from since `beforeArrivalMs` (processing time). */
  flushIdle(beforeArrivalMs: number): Array<{ key: string; released: T[]; watermark: number }>;
  /** Releases everything held (shutdown). */
  flushAll(): Array<{ key: string; released: T[]; watermark: number }>;
  watermarkOf(key: string): number;
  /** Forgets keys with nothing buffered whose last event time is before `beforeTs`; returns how many. */
  evictIdle(beforeTs: number): number;
  stats(): ReorderStats;
  snapshot(): ReorderSnapshot<T>;
}

interface Entry<T> {
  ts: number;
  seq: number;
  item: T;
}

interface KeyBuffer<T> {
  heap: Entry<T>[];
  maxTs: number;
  watermark: number;
  slack: number;
  lastArrival: number;
}

export function createReorderBuffer<T>(spec: ReorderSpec, restore?: ReorderSnapshot<T>): ReorderBuffer<T> {
  const keys = new Map<string, KeyBuffer<T>>();
  let seq = 0;
  let late = 0;
  let forced = 0;
  let buffered = 0;

  const decay = (b: KeyBuffer<T>, advancedMs: number): void => {
    if (!spec.adaptive || b.slack <= spec.slackMs || advancedMs <= 0) return;
    b.slack = spec.slackMs + (b.slack - spec.slackMs) * Math.pow(0.5, advancedMs / spec.adaptive.halfLifeMs);
    if (b.slack - spec.slackMs < 1) b.slack = spec.slackMs;
  };

  function release(b: KeyBuffer<T>, upTo: number): T[] {
    const out: T[] = [];
    while (b.heap.length > 0 && b.heap[0]!.ts <= upTo) {
      out.push(pop(b.heap).item);
      buffered--;
    }
    return out;
  }

  function keyBuffer(key: string, arrivalMs: number): KeyBuffer<T> {
    let b = keys.get(key);
    if (!b) {
      if (keys.size >= spec.maxKeys) {
        // Least recently arrived key with nothing buffered goes; with items, they are released late.
        for (const [k, old] of keys) {
          if (old.heap.length === 0) {
            keys.delete(k);
            break;
          }
        }
      }
      b = { heap: [], maxTs: -Infinity, watermark: -Infinity, slack: spec.slackMs, lastArrival: arrivalMs };
      keys.set(key, b);
    }
    return b;
  }

  function push(key: string, ts: number, item: T, arrivalMs: number): Released<T> {
    const b = keyBuffer(key, arrivalMs);
    b.lastArrival = arrivalMs;
    if (ts < b.maxTs && spec.adaptive) b.slack = Math.min(spec.adaptive.maxSlackMs, Math.max(b.slack, b.maxTs - ts));
    if (ts < b.watermark) {
      late++;
      return { released: [], late: true, watermark: b.watermark };
    }
    if (ts > b.maxTs) {
      decay(b, b.maxTs === -Infinity ? 0 : ts - b.maxTs);
      b.maxTs = ts;
    }
    const wm = b.maxTs - b.slack;
    if (wm > b.watermark) b.watermark = wm;
    // Fast path: nothing held and the event is already at or behind the watermark.
    if (b.heap.length === 0 && ts <= b.watermark) return { released: [item], late: false, watermark: b.watermark };
    insert(b.heap, { ts, seq: seq++, item });
    buffered++;
    if (b.heap.length > spec.maxBufferedPerKey) {
      // Bounded memory: release the oldest early and move the watermark to it.
      forced++;
      const oldest = b.heap[0]!.ts;
      if (oldest > b.watermark) b.watermark = oldest;
    }
    return { released: release(b, b.watermark), late: false, watermark: b.watermark };
  }

  function flushKey(key: string, b: KeyBuffer<T>): { key: string; released: T[]; watermark: number } {
    if (b.maxTs > b.watermark) b.watermark = b.maxTs;
    return { key, released: release(b, Infinity), watermark: b.watermark };
  }

  if (restore) {
    for (const k of restore.keys) {
      const b: KeyBuffer<T> = { heap: [], maxTs: k.maxTs, watermark: k.watermark, slack: k.slack, lastArrival: k.lastArrival };
      for (const [ts, item] of k.items) {
        insert(b.heap, { ts, seq: seq++, item });
        buffered++;
      }
      keys.set(k.key, b);
    }
  }

  return {
    push,
    flushIdle(beforeArrivalMs) {
      const out: Array<{ key: string; released: T[]; watermark: number }> = [];
      for (const [key, b] of keys) {
        if (b.lastArrival < beforeArrivalMs && b.watermark < b.maxTs + 1) {
          out.push(flushKey(key, b));
          b.watermark = b.maxTs + 1; // flushed once; stays quiet until the key speaks again
        }
      }
      return out;
    },
    flushAll: () => [...keys].map(([key, b]) => flushKey(key, b)),
    watermarkOf: (key) => keys.get(key)?.watermark ?? -Infinity,
    evictIdle(beforeTs) {
      let n = 0;
      for (const [key, b] of keys) {
        if (b.heap.length === 0 && b.maxTs < beforeTs) {
          keys.delete(key);
          n++;
        }
      }
      return n;
    },
    stats() {
      let maxSlackMs = 0;
      for (const b of keys.values()) if (b.slack > maxSlackMs) maxSlackMs = b.slack;
      return { keys: keys.size, buffered, late, forced, maxSlackMs };
    },
    snapshot() {
      return {
        keys: [...keys].map(([key, b]) => ({
          key,
          maxTs: b.maxTs,
          watermark: b.watermark,
          slack: b.slack,
          lastArrival: b.lastArrival,
          items: [...b.heap].sort(byTime).map((e) => [e.ts, e.item] as [number, T]),
        })),
      };
    },
  };
}

const byTime = <T>(a: Entry<T>, b: Entry<T>): number => a.ts - b.ts || a.seq - b.seq;

/** Binary min-heap by (ts, arrival order): equal times keep their arrival order. */
function insert<T>(heap: Entry<T>[], e: Entry<T>): void {
  heap.push(e);
  let i = heap.length - 1;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (byTime(heap[parent]!, e) <= 0) break;
    heap[i] = heap[parent]!;
    i = parent;
  }
  heap[i] = e;
}

function pop<T>(heap: Entry<T>[]): Entry<T> {
  const top = heap[0]!;
  const last = heap.pop()!;
  if (heap.length === 0) return top;
  // Sift `last` down from the root.
  let i = 0;
  for (;;) {
    const l = 2 * i + 1;
    const r = l + 1;
    let child = -1;
    if (l < heap.length) child = l;
    if (r < heap.length && byTime(heap[r]!, heap[l]!) < 0) child = r;
    if (child < 0 || byTime(last, heap[child]!) <= 0) break;
    heap[i] = heap[child]!;
    i = child;
  }
  heap[i] = last;
  return top;
}
