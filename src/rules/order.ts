/**
 * Event-time order in front of an operator (K-slack, Babcock et al.): events are held until the
 * rule's watermark (newest event time − slack) passes them, released in time order, and then the
 * operator's timers advance to the watermark. An event behind the watermark is late: returned to
 * the caller (dead letter), never fed out of order. One watermark per rule, not per key, so a key
 * that falls silent still sees time move (absence needs that).
 */

import type { Emitted, PatternEvent, PatternOperator } from '../stream/patterns/operator.ts';

export interface OrderSnapshot {
  held: PatternEvent[];
  maxTs: number;
  watermark: number;
}

export interface Ordered {
  /** `late` is set when the event was behind the watermark and not fed. */
  push(event: PatternEvent): { emitted: Emitted[]; late?: { watermark: number } };
  /** Releases everything held (drain). */
  flush(): Emitted[];
  readonly held: number;
  readonly watermark: number;
  snapshot(): OrderSnapshot;
}

export function createOrdered(op: PatternOperator, opts: { slackMs: number; maxHeld: number }, state?: OrderSnapshot): Ordered {
  const held: PatternEvent[] = state?.held.slice() ?? [];
  let maxTs = state?.maxTs ?? -Infinity;
  let watermark = state?.watermark ?? -Infinity;

  /** Insert keeping (ts, arrival) order: ties keep arrival order, so equal times stay deterministic. */
  const insert = (e: PatternEvent): void => {
    let lo = 0;
    let hi = held.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (held[mid]!.ts <= e.ts) lo = mid + 1;
      else hi = mid;
    }
    held.splice(lo, 0, e);
  };

  const release = (upTo: number): Emitted[] => {
    const out: Emitted[] = [];
    let n = 0;
    while (n < held.length && held[n]!.ts <= upTo) out.push(...op.push(held[n++]!));
    held.splice(0, n);
    return out;
  };

  return {
    push(event) {
      if (event.ts < watermark) return { emitted: [], late: { watermark } };
      insert(event);
      if (event.ts > maxTs) maxTs = event.ts;
      // Bounded: past maxHeld the oldest are released early (order kept, slack shortened).
      const wm = Math.max(maxTs - opts.slackMs, held.length > opts.maxHeld ? held[held.length - opts.maxHeld - 1]!.ts : -Infinity);
      const emitted = release(wm);
      if (wm > watermark) {
        watermark = wm;
        emitted.push(...op.advance(wm));
      }
      return { emitted };
    },
    flush() {
      const out = release(Infinity);
      if (maxTs > watermark) {
        watermark = maxTs;
        out.push(...op.advance(maxTs));
      }
      return out;
    },
    get held() {
      return held.length;
    },
    get watermark() {
      return watermark;
    },
    snapshot: () => ({ held: held.slice(), maxTs, watermark }),
  };
}
