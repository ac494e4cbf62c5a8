/** median, p<q>: exact quantiles over an order-statistics tree; median_sketch, p<q>_sketch: DDSketch. */

import { DDSketch } from './ddsketch.ts';
import { fixedEntry, parsePercent, patternEntry } from './entry.ts';
import { OrderTree } from './order-tree.ts';
import type { AggregateDef, AggregateEntry, Stat, StatDef, WindowView } from './types.ts';

/**
 * Linear interpolation between order statistics, Hyndman & Fan's type 7 (numpy's default
 * 'linear', R's default): h = (n − 1)·q, result x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]), with numpy's
 * two-sided lerp so that the result is x[⌊h⌋+1] exactly at weight 1. Hyndman & Fan, "Sample
 * quantiles in statistical packages", The American Statistician 1996.
 */
export function interpolate(lo: number, hi: number, frac: number): number {
  if (frac === 0) return lo;
  const d = hi - lo;
  return frac < 0.5 ? lo + d * frac : hi - d * (1 - frac);
}

/** Exact: every present value in an order-statistics tree, O(log n) per add, remove and read. */
class ExactQuantiles implements Stat {
  readonly tree = new OrderTree();

  add(x: number): void {
    this.tree.insert(x);
  }

  remove(x: number): void {
    this.tree.delete(x);
    if (this.tree.size === 0) this.tree.clear(); // release a burst's nodes
  }

  bytes(): number {
    return this.tree.bytes();
  }

  rebuild(view: WindowView): void {
    this.tree.clear();
    for (let i = 0; i < view.size; i++) {
      const x = view.value(i);
      if (!Number.isNaN(x)) this.tree.insert(x);
    }
  }

  quantile(q: number): number {
    const n = this.tree.size;
    if (n === 0) return NaN;
    const h = (n - 1) * q;
    const i = Math.floor(h);
    const frac = h - i;
    const lo = this.tree.select(i);
    return frac === 0 ? lo : interpolate(lo, this.tree.select(i + 1), frac);
  }
}

/** Relative accuracy of the `_sketch` quantiles. */
export const SKETCH_ALPHA = 0.01;

/**
 * DDSketch: O(1) per add and remove (one log and one counter), a read walks the buckets
 * (~ln(max/min)/2α of them). Interpolates like the exact version between the estimates of the two
 * neighbouring order statistics, so for neighbours of one sign the result is within α = 1%
 * relative of the exact `p<q>`.
 */
class SketchQuantiles implements Stat {
  readonly sketch = new DDSketch(SKETCH_ALPHA);

  add(x: number): void {
    this.sketch.add(x);
  }

  remove(x: number): void {
    this.sketch.remove(x);
  }

  bytes(): number {
    return this.sketch.buckets() * 4;
  }

  rebuild(view: WindowView): void {
    this.sketch.clear();
    for (let i = 0; i < view.size; i++) {
      const x = view.value(i);
      if (!Number.isNaN(x)) this.sketch.add(x);
    }
  }

  quantile(q: number): number {
    const n = this.sketch.count;
    if (n === 0) return NaN;
    const h = (n - 1) * q;
    const i = Math.floor(h);
    const [lo, hi] = this.sketch.ranks(i, Math.min(i + 1, n - 1));
    return interpolate(lo, hi, h - i);
  }
}

const EXACT: StatDef<ExactQuantiles> = { id: 'quantiles', create: () => new ExactQuantiles() };
const SKETCH: StatDef<SketchQuantiles> = { id: 'quantiles_sketch', create: () => new SketchQuantiles() };

/** `95` → 0.95 (1..99), `999` → 0.999 (three or more nines). */
export function parseQuantile(digits: string): number | undefined {
  if (/^9{3,}$/.test(digits)) return Number(`0.${digits}`);
  return parsePercent(digits);
}

const EXACT_COST = 'O(log n)';
const EXACT_MEMORY = 'O(distinct values) tree nodes, 28 bytes each';
const EXACT_EXACTNESS = 'exact (type 7 interpolation)';
const SKETCH_MEMORY = '~ln(max|x|/min|x|)/(2α) counters, 4 bytes each (≈1,000 for 1e-3..1e6)';
const SKETCH_EXACTNESS = `relative error ≤ α = ${SKETCH_ALPHA} against the exact value (neighbours of one sign)`;

const exactDef = (name: string, q: number): AggregateDef => ({
  name,
  cost: EXACT_COST,
  summary: `${q} quantile, linear interpolation (type 7)`,
  stat: EXACT,
  read: (s) => (s as ExactQuantiles).quantile(q),
});

const sketchDef = (name: string, q: number): AggregateDef => ({
  name,
  cost: 'sketch',
  summary: `${q} quantile from a DDSketch (α = ${SKETCH_ALPHA})`,
  stat: SKETCH,
  read: (s) => (s as SketchQuantiles).quantile(q),
});

export const QUANTILE_AGGREGATES: AggregateEntry[] = [
  fixedEntry({
    name: 'median',
    summary: 'middle value; the mean of the two middle values for an even count (= p50)',
    cost: EXACT_COST,
    memory: EXACT_MEMORY,
    exactness: EXACT_EXACTNESS,
    stat: EXACT,
    read: (s) => s.quantile(0.5),
  }),
  patternEntry<number>({
    display: 'p<q>',
    example: 'p95',
    summary: 'q-th percentile, q in 1..99 (`p95`), or 999, 9999… for 0.999, 0.9999; linear interpolation (type 7, numpy default)',
    memory: EXACT_MEMORY,
    exactness: EXACT_EXACTNESS,
    parse: (name) => (/^p[0-9]+$/.test(name) ? parseQuantile(name.slice(1)) : undefined),
    define: exactDef,
  }),
  fixedEntry({
    name: 'median_sketch',
    summary: 'median from a DDSketch (α = 1%), for windows too large to hold a tree',
    cost: 'sketch',
    memory: SKETCH_MEMORY,
    exactness: SKETCH_EXACTNESS,
    stat: SKETCH,
    read: (s) => s.quantile(0.5),
  }),
  patternEntry<number>({
    display: 'p<q>_sketch',
    example: 'p99_sketch',
    summary: 'p<q> from a DDSketch (α = 1%): O(1) per event with removal, mergeable',
    memory: SKETCH_MEMORY,
    exactness: SKETCH_EXACTNESS,
    parse: (name) => {
      const m = /^p([0-9]+)_sketch$/.exec(name);
      return m ? parseQuantile(m[1]!) : undefined;
    },
    define: sketchDef,
  }),
];
