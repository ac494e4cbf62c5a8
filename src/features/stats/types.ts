/**
 * The contract of window statistics. A *stat* is per-key, per-field running state that a window
 * keeps up to date as values enter and leave (FIFO: the oldest value leaves first); an *aggregate*
 * reads one number from a stat. Several aggregates share one stat (count, mean and std all read
 * Moments), so each stat is maintained once per field whatever is asked of it.
 */

/** The values a field currently holds in a window, oldest first; for stats that need to look back. */
export interface WindowView {
  readonly size: number;
  /** Value of the i-th row (0 = oldest); NaN when the field was absent in that event. */
  value(i: number): number;
  ts(i: number): number;
}

export interface Stat {
  /** `x` (never NaN) at event time `ts` enters at the newest end. */
  add(x: number, ts: number): void;
  /** The oldest present value leaves (the same `x` and `ts` it was added with). */
  remove(x: number, ts: number): void;
  /**
   * Exact recompute from what the window holds. Called when removal has drifted (see Moments),
   * after a late event was inserted out of order, and on restore. Must leave the stat as if every
   * row of `view` had been added in order.
   */
  rebuild(view: WindowView): void;
  /** Bytes of storage held beyond a small fixed-size object (trees, sketches), for memory accounting; absent means O(1). */
  bytes?(): number;
}

export type Cost = 'O(1)' | 'O(1) amortized' | 'O(log n)' | 'O(n) on read' | 'sketch';

export interface StatDef<S extends Stat = Stat> {
  /** Stats with the same id are shared between aggregates of one field (include params: `ewma:0.3`). */
  id: string;
  create(view: WindowView): S;
}

export interface AggregateDef {
  /** The aggregate's name as written in the spec (`std`, `p95`). */
  name: string;
  cost: Cost;
  /** What it means, for docs and errors. */
  summary: string;
  stat: StatDef;
  read(stat: Stat): number;
}

/** A table row: exact names or a pattern with parameters (`p95` → quantile 0.95). */
export interface AggregateEntry {
  /** Name shown in docs and error messages (`p<q>` for the pattern). */
  display: string;
  summary: string;
  /** A concrete name that resolves, for docs and tests; defaults to `display` (which must resolve then). */
  example?: string;
  /** Memory per key and field, for docs (`O(1)`, `O(n)`, `4096 registers`). */
  memory: string;
  /** Exact, or the error bound, for docs. */
  exactness: string;
  match(name: string): AggregateDef | undefined;
}
