/**
 * Test harness for stats: an in-memory window (rows in an array) driving stats the way FieldState
 * does — add after the row is in, remove before it leaves, oldest first, absent values skipped —
 * plus fast-check arbitraries for random streams with FIFO removals and a brute-force checker.
 */

import fc from 'fast-check';
import { resolveAggregate } from '../../../src/features/aggregates.ts';
import type { AggregateDef, Stat, WindowView } from '../../../src/features/stats/types.ts';

export const RUNS = Number(process.env.PROPERTY_RUNS ?? 200);
export const EPS = Number.EPSILON;

export interface Row {
  x: number; // NaN: the field was absent in that event
  ts: number;
}

/** Rows oldest first, seen through the WindowView contract; counts every read. */
export class ArrayView implements WindowView {
  rows: Row[] = [];
  reads = 0;
  get size(): number {
    return this.rows.length;
  }
  value(i: number): number {
    this.reads++;
    return this.rows[i]!.x;
  }
  ts(i: number): number {
    this.reads++;
    return this.rows[i]!.ts;
  }
}

/** One field's window: stats shared by id, exactly as FieldState shares them. */
export class Driven {
  readonly view = new ArrayView();
  readonly defs: AggregateDef[];
  readonly stats: Stat[] = [];
  private readonly reads: Stat[] = [];

  constructor(readonly names: string[]) {
    this.defs = names.map((n) => {
      const def = resolveAggregate(n);
      if (!def) throw new Error(`unknown aggregate ${n}`);
      return def;
    });
    const byId = new Map<string, Stat>();
    for (const def of this.defs) {
      let stat = byId.get(def.stat.id);
      if (!stat) {
        stat = def.stat.create(this.view);
        byId.set(def.stat.id, stat);
        this.stats.push(stat);
      }
      this.reads.push(stat);
    }
  }

  push(x: number, ts: number): void {
    this.view.rows.push({ x, ts });
    if (!Number.isNaN(x)) for (const s of this.stats) s.add(x, ts);
  }

  shift(): void {
    const r = this.view.rows[0];
    if (!r) return;
    if (!Number.isNaN(r.x)) for (const s of this.stats) s.remove(r.x, r.ts);
    this.view.rows.shift();
  }

  read(): number[] {
    return this.defs.map((d, i) => d.read(this.reads[i]!));
  }

  /** A fresh window over the same rows, built by `rebuild(view)` alone. */
  rebuilt(): Driven {
    const d = new Driven(this.names);
    d.view.rows = [...this.view.rows];
    for (const s of d.stats) s.rebuild(d.view);
    return d;
  }

  present(): Row[] {
    return this.view.rows.filter((r) => !Number.isNaN(r.x));
  }
}

export type Op = { op: 'add'; x: number; dtMs: number } | { op: 'absent'; dtMs: number } | { op: 'remove'; k: number } | { op: 'read' };

/** Values that stress stats differently: ties, wide magnitudes, large offsets, a mix of them. */
export const valueArb = (regime: 'ints' | 'wide' | 'offset' | 'mixed'): fc.Arbitrary<number> => {
  const ints = fc.integer({ min: -5, max: 5 });
  const wide = fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true });
  const offset = fc.double({ min: -1, max: 1, noNaN: true }).map((d) => 1e9 + d);
  if (regime === 'ints') return ints;
  if (regime === 'wide') return wide;
  if (regime === 'offset') return offset;
  return fc.oneof(ints, wide, offset);
};

export const REGIMES = ['ints', 'wide', 'offset', 'mixed'] as const;

/** A random stream: adds (time steps include 0 and large gaps), absent values, FIFO removals of k rows, reads. */
export const opsArb = (values: fc.Arbitrary<number>, maxLength = 120): fc.Arbitrary<Op[]> =>
  fc.array(
    fc.oneof(
      { weight: 6, arbitrary: fc.record({ op: fc.constant('add' as const), x: values, dtMs: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 2000 }), fc.integer({ min: 0, max: 1e8 })) }) },
      { weight: 1, arbitrary: fc.record({ op: fc.constant('absent' as const), dtMs: fc.integer({ min: 0, max: 2000 }) }) },
      { weight: 2, arbitrary: fc.record({ op: fc.constant('remove' as const), k: fc.integer({ min: 1, max: 4 }) }) },
      { weight: 2, arbitrary: fc.constant({ op: 'read' as const }) },
    ),
    { maxLength, size: 'max' }, // fast-check's default size keeps arrays near 10 long
  );

/** Everything a tolerance may depend on: the present rows and every value the stream ever had. */
export interface Context {
  present: Row[];
  /** Largest |x| ever added (removal residue scales with it). */
  historyMax: number;
  /** Σ|x| over every value ever added. */
  historyAbsSum: number;
  /** Operations so far. */
  ops: number;
}

export interface Check {
  names: string[];
  /** Brute force over the present rows, one number per name. */
  reference(present: Row[]): number[];
  /** Allowed |actual − expected| for aggregate `i`; 0 means exact (NaN must match NaN). */
  tolerance(i: number, expected: number, ctx: Context): number;
}

/** Applies ops to a Driven window; at each read and at the end compares with the reference. */
export function runOps(check: Check, ops: Op[], t0 = 1_700_000_000_000): { ok: true } | { ok: false; message: string } {
  const d = new Driven(check.names);
  let ts = t0;
  let historyMax = 0;
  let historyAbsSum = 0;
  let count = 0;
  const compare = (where: string, w: Driven): string | undefined => {
    const actual = w.read();
    const present = w.present();
    const expected = check.reference(present);
    const ctx: Context = { present, historyMax, historyAbsSum, ops: count };
    for (let i = 0; i < actual.length; i++) {
      const a = actual[i]!;
      const e = expected[i]!;
      if (Number.isNaN(a) || Number.isNaN(e)) {
        if (Number.isNaN(a) !== Number.isNaN(e)) return `${where}: ${check.names[i]} = ${a}, expected ${e} over ${show(present.map((r) => r.x))}`;
        continue;
      }
      const tol = check.tolerance(i, e, ctx);
      if (!(Math.abs(a - e) <= tol)) {
        return `${where}: ${check.names[i]} = ${a}, expected ${e} (|Δ| ${Math.abs(a - e)} > ${tol}) over ${show(present.map((r) => r.x))}`;
      }
    }
    return undefined;
  };
  for (const o of ops) {
    count++;
    if (o.op === 'add') {
      ts += o.dtMs;
      historyMax = Math.max(historyMax, Math.abs(o.x));
      historyAbsSum += Math.abs(o.x);
      d.push(o.x, ts);
    } else if (o.op === 'absent') {
      ts += o.dtMs;
      d.push(NaN, ts);
    } else if (o.op === 'remove') {
      for (let i = 0; i < o.k; i++) d.shift();
    } else {
      const bad = compare(`read after ${count} ops`, d);
      if (bad) return { ok: false, message: bad };
    }
  }
  const bad = compare('end', d) ?? compare('rebuilt from the view', d.rebuilt());
  return bad ? { ok: false, message: bad } : { ok: true };
}

/** fast-check property over every value regime; throws with the shrunk failing stream and what differed. */
export function assertMatchesReference(check: Check, opts: { maxLength?: number; runs?: number; regimes?: readonly (typeof REGIMES)[number][] } = {}): void {
  const regimes = opts.regimes ?? REGIMES;
  for (const regime of regimes) {
    const result = fc.check(
      fc.property(opsArb(valueArb(regime), opts.maxLength), (ops) => runOps(check, ops).ok),
      { numRuns: Math.max(1, Math.round((opts.runs ?? RUNS) / regimes.length)) },
    );
    if (result.failed) {
      const ops = result.counterexample?.[0] ?? [];
      const r = runOps(check, ops);
      throw new Error(`[${regime}, seed ${result.seed}] ${r.ok ? String(result.errorInstance) : r.message}\nops: ${show(ops)}`);
    }
  }
}

/** JSON that keeps −0 visible. */
export const show = (v: unknown): string => JSON.stringify(v, (_, x) => (Object.is(x, -0) ? '-0' : x));

/**
 * Work per event of a window sliding over `events` values with `windowSize` rows: the window's
 * view reads plus whatever `work()` counts inside the structure, divided by events. Reads every
 * `readEvery` events, like a window emitting.
 */
export function workPerEvent(
  names: string[],
  opts: { windowSize: number; events?: number; readEvery?: number; value?: (i: number) => number; work?: (d: Driven) => number },
): number {
  const d = new Driven(names);
  const events = opts.events ?? 20_000;
  const readEvery = opts.readEvery ?? 10;
  let x = 12345;
  const value = opts.value ?? (() => (x = (x * 1103515245 + 12345) % 2147483648));
  for (let i = 0; i < events; i++) {
    d.push(value(i), i * 1000);
    if (d.view.size > opts.windowSize) d.shift();
    if (i % readEvery === 0) d.read();
  }
  return (d.view.reads + (opts.work?.(d) ?? 0)) / events;
}

/** Relative-or-absolute closeness for tolerances: rel·|e| + abs. */
export const within = (rel: number, e: number, abs = 0): number => rel * Math.abs(e) + abs;
