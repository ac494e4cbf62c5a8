/** mode, mode_count, top<k>_share: exact value frequencies; mode_ss, mode_ss_count: space-saving for large windows. */

import { CountHeap } from './count-heap.ts';
import { fixedEntry, patternEntry } from './entry.ts';
import { RefreshPolicy } from './refresh.ts';
import { SpaceSaving } from './space-saving.ts';
import type { AggregateDef, AggregateEntry, Stat, StatDef, WindowView } from './types.ts';

/**
 * Values are numbers compared exactly (0 = −0); string fields are not supported yet (the window
 * stores numbers only). Ties go to the smallest value, so results depend on the window's contents
 * only, never on arrival order.
 */
class Frequencies implements Stat {
  readonly heap = new CountHeap();
  private n = 0;

  add(x: number): void {
    this.heap.add(x);
    this.n++;
  }

  remove(x: number): void {
    this.heap.remove(x);
    if (--this.n <= 0) {
      this.n = 0;
      this.heap.clear();
    }
  }

  rebuild(view: WindowView): void {
    this.heap.clear();
    this.n = 0;
    for (let i = 0; i < view.size; i++) {
      const x = view.value(i);
      if (!Number.isNaN(x)) this.add(x);
    }
  }

  mode(): number {
    return this.heap.topValue();
  }

  bytes(): number {
    return this.heap.bytes();
  }

  modeCount(): number {
    return this.heap.topCount();
  }

  /** Share of the window's values taken by the k most frequent values. */
  topShare(k: number): number {
    return this.n ? this.heap.topSum(k) / this.n : NaN;
  }
}

/** Counters of the space-saving variant: values seen more than N/64 times are always found. */
export const SPACE_SAVING_K = 64;

/**
 * Space-saving under removal decrements the counters of monitored values (space-saving.ts); what
 * unmonitored removals leave behind is cleared by a recompute from the window's rows once a whole
 * window has turned over (refresh.ts), amortized O(1). So in a tumbling window (no removal) an
 * event is O(log k) and needs no rows; in a sliding window the result is exact while the window
 * holds ≤ k distinct values, and otherwise over-counts by at most (values added since the last
 * recompute)/k ≤ 2n/k.
 */
class SpaceSavingMode implements Stat {
  readonly summary = new SpaceSaving(SPACE_SAVING_K);
  private n = 0;
  private readonly policy = new RefreshPolicy();

  constructor(private readonly view: WindowView) {}

  add(x: number): void {
    this.summary.add(x);
    this.n++;
    this.policy.added();
    if (this.policy.residueDue(this.n, this.view)) this.rebuild(this.view);
  }

  remove(x: number): void {
    this.policy.removed();
    if (--this.n <= 0) {
      this.n = 0;
      this.summary.clear();
      this.policy.reset();
    } else this.summary.remove(x);
  }

  rebuild(view: WindowView): void {
    this.summary.clear();
    this.policy.reset();
    this.n = 0;
    for (let i = 0; i < view.size; i++) {
      const x = view.value(i);
      if (Number.isNaN(x)) continue;
      this.summary.add(x);
      this.n++;
    }
  }

  top(): [number, number, number] | undefined {
    if (this.policy.residueDue(this.n, this.view)) this.rebuild(this.view);
    return this.summary.top();
  }

  bytes(): number {
    return this.summary.bytes();
  }
}

const FREQUENCIES: StatDef<Frequencies> = { id: 'frequencies', create: () => new Frequencies() };
const SPACE_SAVING: StatDef<SpaceSavingMode> = { id: 'space_saving', create: (view) => new SpaceSavingMode(view) };

const MEMORY = 'O(distinct values): a map entry and 16 bytes each';
const SS_MEMORY = `${SPACE_SAVING_K} counters (~2 KB)`;
const SS_EXACTNESS = `exact while ≤ ${SPACE_SAVING_K} distinct values; else count over-estimated by ≤ N/${SPACE_SAVING_K} (tumbling), ≤ 2n/${SPACE_SAVING_K} (sliding)`;

export const FREQUENCY_AGGREGATES: AggregateEntry[] = [
  fixedEntry({
    name: 'mode',
    summary: 'most frequent value; ties → the smallest value',
    cost: 'O(log n)',
    memory: MEMORY,
    exactness: 'exact',
    stat: FREQUENCIES,
    read: (s) => s.mode(),
  }),
  fixedEntry({
    name: 'mode_count',
    summary: 'how many times the mode occurs; 0 for an empty window',
    cost: 'O(log n)',
    memory: MEMORY,
    exactness: 'exact',
    stat: FREQUENCIES,
    read: (s) => s.modeCount(),
  }),
  patternEntry<number>({
    display: 'top<k>_share',
    example: 'top3_share',
    summary: 'share of the values taken by the k most frequent values, k in 1..10 (`top3_share`)',
    memory: MEMORY,
    exactness: 'exact',
    parse: (name) => {
      const m = /^top([1-9]|10)_share$/.exec(name);
      return m ? Number(m[1]) : undefined;
    },
    define: (name, k): AggregateDef => ({
      name,
      cost: 'O(log n)',
      summary: `share of the values taken by the ${k} most frequent values`,
      stat: FREQUENCIES,
      read: (s) => (s as Frequencies).topShare(k),
    }),
  }),
  fixedEntry({
    name: 'mode_ss',
    summary: `most frequent value by space-saving (${SPACE_SAVING_K} counters), for large tumbling windows with many distinct values; ties → smallest`,
    cost: 'sketch',
    memory: SS_MEMORY,
    exactness: SS_EXACTNESS,
    stat: SPACE_SAVING,
    read: (s) => s.top()?.[0] ?? NaN,
  }),
  fixedEntry({
    name: 'mode_ss_count',
    summary: 'the space-saving count of mode_ss (an upper bound on its true count)',
    cost: 'sketch',
    memory: SS_MEMORY,
    exactness: SS_EXACTNESS,
    stat: SPACE_SAVING,
    read: (s) => s.top()?.[1] ?? 0,
  }),
];
