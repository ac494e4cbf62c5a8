/** distinct: exact distinct count over a refcounted map; distinct_hll: sliding HyperLogLog for large windows. */

import { fixedEntry, patternEntry } from './entry.ts';
import { SlidingHyperLogLog } from './hyperloglog.ts';
import type { AggregateDef, AggregateEntry, Stat, StatDef, WindowView } from './types.ts';

/**
 * Values are numbers compared exactly (0 and −0 are one value, as in a JS Map); string fields are
 * not supported yet — the window stores numbers only.
 */
class ExactDistinct implements Stat {
  private readonly counts = new Map<number, number>();

  add(x: number): void {
    this.counts.set(x, (this.counts.get(x) ?? 0) + 1);
  }

  remove(x: number): void {
    const c = this.counts.get(x);
    if (c === undefined) return;
    if (c <= 1) this.counts.delete(x);
    else this.counts.set(x, c - 1);
  }

  rebuild(view: WindowView): void {
    this.counts.clear();
    for (let i = 0; i < view.size; i++) {
      const x = view.value(i);
      if (!Number.isNaN(x)) this.add(x);
    }
  }

  value(): number {
    return this.counts.size;
  }

  /** ~40 bytes per map entry (V8's hash table of number keys). */
  bytes(): number {
    return this.counts.size * 40;
  }
}

class HllDistinct implements Stat {
  readonly hll: SlidingHyperLogLog;
  private n = 0;
  constructor(p: number) {
    this.hll = new SlidingHyperLogLog(p);
  }
  add(x: number): void {
    this.hll.add(x);
    this.n++;
  }
  remove(x: number): void {
    if (--this.n <= 0) this.rebuild(EMPTY_VIEW); // an emptied window lets its registers go
    else this.hll.remove(x);
  }
  rebuild(view: WindowView): void {
    this.hll.clear();
    this.n = 0;
    for (let i = 0; i < view.size; i++) {
      const x = view.value(i);
      if (!Number.isNaN(x)) this.add(x);
    }
  }
  value(): number {
    return this.hll.estimate();
  }
  bytes(): number {
    return this.hll.bytes();
  }
}

const EMPTY_VIEW: WindowView = { size: 0, value: () => NaN, ts: () => NaN };

const EXACT: StatDef<ExactDistinct> = { id: 'distinct', create: () => new ExactDistinct() };

/** Default precision: m = 4096 registers, standard error 1.04/√m ≈ 1.6%. */
export const HLL_P = 12;

const hllDefs = new Map<number, StatDef<HllDistinct>>();
function hllStat(p: number): StatDef<HllDistinct> {
  let def = hllDefs.get(p);
  if (!def) {
    def = { id: `hll:${p}`, create: () => new HllDistinct(p) };
    hllDefs.set(p, def);
  }
  return def;
}

const hllError = (p: number): string => `${(104 / Math.sqrt(2 ** p)).toFixed(1)}%`;
const hllDef = (name: string, p: number): AggregateDef => ({
  name,
  cost: 'sketch',
  summary: `distinct count, HyperLogLog with m = ${2 ** p} registers (standard error ≈ ${hllError(p)})`,
  stat: hllStat(p),
  read: (s) => (s as HllDistinct).value(),
});
const HLL_MEMORY = 'm·4 bytes + ~21 bytes per list node (≤ m·(65 − p) nodes; ~m·ln(n/m) typical)';

export const DISTINCT_AGGREGATES: AggregateEntry[] = [
  fixedEntry({
    name: 'distinct',
    summary: 'number of distinct values (exact equality; 0 = −0)',
    cost: 'O(1)',
    memory: 'O(distinct values): one map entry each',
    exactness: 'exact',
    stat: EXACT,
    read: (s) => s.value(),
  }),
  fixedEntry({
    name: 'distinct_hll',
    summary: `distinct count by sliding HyperLogLog, m = ${2 ** HLL_P} (= distinct_hll${HLL_P}), for windows with many distinct values`,
    cost: 'sketch',
    memory: HLL_MEMORY,
    exactness: `relative standard error ≈ 1.04/√m = ${hllError(HLL_P)}`,
    stat: hllStat(HLL_P),
    read: (s) => s.value(),
  }),
  patternEntry<number>({
    display: 'distinct_hll<p>',
    example: 'distinct_hll10',
    summary: 'distinct_hll with m = 2^p registers, p in 4..16',
    memory: HLL_MEMORY,
    exactness: 'relative standard error ≈ 1.04/√(2^p)',
    parse: (name) => {
      const m = /^distinct_hll([1-9][0-9]?)$/.exec(name);
      const p = m ? Number(m[1]) : NaN;
      return p >= 4 && p <= 16 ? p : undefined;
    },
    define: hllDef,
  }),
];
