/** Shared test helpers for the pattern operators: a stub compile, events, out-of-order arrival, runs. */

import fc from 'fast-check';
import type { Compile, Compiled, Scope } from '../../../src/stream/expr/types.ts';
import { createOrdered } from '../../../src/stream/patterns/ordered.ts';
import type { Emitted, OperatorOptions, OperatorSpec, PatternEvent, PatternOperator } from '../../../src/stream/patterns/operator.ts';

/** The expression language stands in as a table from source text to closure; it counts calls. */
export function stubCompile(table: Record<string, (s: any) => unknown>): Compile & { calls: number } {
  const compile = ((source: string): Compiled => {
    const fn = table[source];
    if (!fn) throw new Error(`stub compile: no closure for ${JSON.stringify(source)}`);
    return (scope: Scope) => {
      compile.calls++;
      return fn(scope);
    };
  }) as Compile & { calls: number };
  compile.calls = 0;
  return compile;
}

export const LIMITS = { maxKeys: 10_000, maxBufferedPerKey: 10_000 };

export function ev(key: string, ts: number, body: Record<string, unknown> = {}, source = 'in', id?: string): PatternEvent {
  return { id: id ?? `${source}-${key}-${ts}`, key, ts, source, topic: `${source}/${key}`, body };
}

/** Pushes in order, advancing to each event's time first, then to `end`. */
export function runSorted(op: PatternOperator, events: PatternEvent[], end = Infinity): Emitted[] {
  const out: Emitted[] = [];
  for (const e of events) {
    out.push(...op.advance(e.ts));
    out.push(...op.push(e));
  }
  out.push(...op.advance(end));
  return out;
}

/** Feeds `events` in the given (arrival) order through the K-slack wrapper, then advances to `end`. */
export function runOrdered(make: (state: unknown) => PatternOperator, arrivals: PatternEvent[], slackMs: number, end = Infinity): Emitted[] {
  const op = createOrdered(make, { slackMs, maxBuffered: 100_000 });
  const out = arrivals.flatMap((e) => op.push(e));
  return [...out, ...op.advance(end)];
}

/** Arrival order with each event delayed by 0..slackMs: out of order, but never beyond the slack. */
export function arrivalOrder<T extends { ts: number }>(events: T[], delays: number[]): T[] {
  return events
    .map((e, i) => ({ e, at: e.ts + (delays[i % Math.max(1, delays.length)] ?? 0), i }))
    .sort((a, b) => a.at - b.at || a.i - b.i)
    .map((x) => x.e);
}

export const delaysArb = (slackMs: number): fc.Arbitrary<number[]> => fc.array(fc.integer({ min: 0, max: slackMs }), { minLength: 1, maxLength: 40 });

/** Strictly increasing timestamps from gaps: ties would make "sorted" ambiguous. */
export function timestamps(gaps: number[], start = 1_000): number[] {
  let t = start;
  return gaps.map((g) => (t += g));
}

/** Output as a comparable multiset: sorted by id, ids and bodies only. */
export const canon = (out: Emitted[]): Array<[string, string]> =>
  out.map((o) => [o.id, JSON.stringify(o.body)] as [string, string]).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : 1));

/** Runs the first `cut` events, snapshots through JSON, restores into a fresh operator and finishes. */
export function runWithRestore<P>(spec: OperatorSpec<P>, params: P, opts: OperatorOptions, events: PatternEvent[], cut: number): Emitted[] {
  const a = spec.create(params, opts);
  const out = runSorted(a, events.slice(0, cut), events[cut]?.ts ?? -Infinity);
  const state = JSON.parse(JSON.stringify(a.snapshot()));
  const b = spec.create(params, { ...opts, state });
  return [...out, ...runSorted(b, events.slice(cut))];
}

export const RUNS = { numRuns: 60 };
