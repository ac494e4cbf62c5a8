/** first, last: read from the window's rows (the oldest / newest present value), no state of their own. */

import type { AggregateEntry, Stat, StatDef, WindowView } from './types.ts';

class Ends implements Stat {
  constructor(private readonly view: WindowView) {}
  add(): void {}
  remove(): void {}
  rebuild(): void {}
  /** Scans past absent values: O(1) unless the field is missing from many events in a row. */
  first(): number {
    for (let i = 0; i < this.view.size; i++) {
      const x = this.view.value(i);
      if (!Number.isNaN(x)) return x;
    }
    return NaN;
  }
  last(): number {
    for (let i = this.view.size - 1; i >= 0; i--) {
      const x = this.view.value(i);
      if (!Number.isNaN(x)) return x;
    }
    return NaN;
  }
}

const ENDS: StatDef<Ends> = { id: 'ends', create: (view) => new Ends(view) };

const entry = (name: string, summary: string, read: (s: Ends) => number): AggregateEntry => ({
  display: name,
  summary,
  match: (n) => (n === name ? { name, cost: 'O(1)', summary, stat: ENDS, read: (s) => read(s as Ends) } : undefined),
});

export const END_AGGREGATES: AggregateEntry[] = [
  entry('first', 'oldest value in the window', (s) => s.first()),
  entry('last', 'newest value in the window', (s) => s.last()),
];
