/**
 * Puts any pattern operator behind the K-slack reorder buffer (src/stream/reorder.ts): input that
 * is out of order by at most `slackMs` reaches the operator in event-time order, and the buffer's
 * watermark (max ts seen − slack) drives the operator's advance(). One ordering domain for all
 * keys and inputs: a join's two sides and every key share the watermark, so a timer never fires
 * before an event that could still cancel it has been released. Input behind the watermark is
 * returned flagged `deadletter: 'late'` for the runtime to dead-letter.
 */

import { createReorderBuffer, type ReorderSnapshot } from '../reorder.ts';
import type { Emitted, PatternEvent, PatternOperator } from './operator.ts';

export interface OrderedOptions {
  slackMs: number;
  /** AQ-K-slack: observed lateness raises the slack up to maxSlackMs, decaying with a half-life. */
  adaptive?: { maxSlackMs: number; halfLifeMs: number };
  /** Events held for reordering; beyond it the oldest is released early (counted by the buffer). */
  maxBuffered: number;
  /** A snapshot of an ordered operator over the same inner params. */
  state?: unknown;
}

interface OrderedState {
  reorder: ReorderSnapshot<PatternEvent>;
  inner: unknown;
  watermark: number;
}

const ALL = ''; // the single reorder partition

/** `make(innerState)` builds the wrapped operator, restoring its part of a snapshot when given. */
export function createOrdered(make: (state: unknown) => PatternOperator, options: OrderedOptions): PatternOperator {
  const restored = options.state as OrderedState | undefined;
  const inner = make(restored?.inner);
  const buffer = createReorderBuffer<PatternEvent>(
    { slackMs: options.slackMs, adaptive: options.adaptive, maxBufferedPerKey: options.maxBuffered, maxKeys: 1 },
    restored?.reorder,
  );
  // The operator's own watermark: the buffer's, or further when the runtime advanced past it.
  let watermark = restored?.watermark ?? -Infinity;
  let maxTs = -Infinity;
  for (const k of restored?.reorder.keys ?? []) maxTs = Math.max(maxTs, k.maxTs);

  const late = (e: PatternEvent): Emitted => ({ id: e.id, key: e.key, ts: e.ts, body: { ...e }, deadletter: 'late' });

  function feed(released: PatternEvent[], to: number): Emitted[] {
    const out: Emitted[] = [];
    for (const e of released) out.push(...inner.push(e));
    if (to > watermark) {
      watermark = to;
      out.push(...inner.advance(to));
    }
    return out;
  }

  return {
    push(event) {
      if (event.ts < watermark) return [late(event)];
      maxTs = Math.max(maxTs, event.ts);
      const r = buffer.push(ALL, event.ts, event, event.ts);
      return r.late ? [late(event)] : feed(r.released, r.watermark);
    },
    advance(watermarkMs) {
      // An outside watermark (idle input, processing time) can release only what no held event
      // precedes: all of the buffer once it passes every held event, else nothing new.
      if (watermarkMs < maxTs) return [];
      const released = buffer.flushAll().flatMap((f) => f.released);
      return feed(released, watermarkMs);
    },
    snapshot: (): OrderedState => ({ reorder: buffer.snapshot(), inner: inner.snapshot(), watermark }),
    stats() {
      const s = inner.stats();
      return { keys: s.keys, buffered: s.buffered + buffer.stats().buffered, evicted: s.evicted + buffer.stats().forced };
    },
  };
}
