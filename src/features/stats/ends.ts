/** first, last, delta, rate: read from the window's rows (the oldest / newest present value), no state of their own. */

import { fixedEntry } from './entry.ts';
import type { AggregateEntry, Stat, StatDef, WindowView } from './types.ts';

/**
 * Needs the view to hold the window's rows at read time. Scans past absent values: O(1) unless the
 * field is missing from many events in a row.
 */
class Ends implements Stat {
  constructor(private readonly view: WindowView) {}
  add(): void {}
  remove(): void {}
  rebuild(): void {}
  /** Row index of the oldest present value, or −1. */
  firstRow(): number {
    for (let i = 0; i < this.view.size; i++) if (!Number.isNaN(this.view.value(i))) return i;
    return -1;
  }
  /** Row index of the newest present value, or −1. */
  lastRow(): number {
    for (let i = this.view.size - 1; i >= 0; i--) if (!Number.isNaN(this.view.value(i))) return i;
    return -1;
  }
  first(): number {
    const i = this.firstRow();
    return i < 0 ? NaN : this.view.value(i);
  }
  last(): number {
    const i = this.lastRow();
    return i < 0 ? NaN : this.view.value(i);
  }
  /** last − first; 0 for a single value. */
  delta(): number {
    const i = this.firstRow();
    return i < 0 ? NaN : this.view.value(this.lastRow()) - this.view.value(i);
  }
  /** (last − first) per second of (last.ts − first.ts); NaN when that span is 0. */
  rate(): number {
    const i = this.firstRow();
    if (i < 0) return NaN;
    const j = this.lastRow();
    const spanMs = this.view.ts(j) - this.view.ts(i);
    return spanMs === 0 ? NaN : ((this.view.value(j) - this.view.value(i)) * 1000) / spanMs;
  }
}

const ENDS: StatDef<Ends> = { id: 'ends', create: (view) => new Ends(view) };

const end = (name: string, summary: string, read: (s: Ends) => number): AggregateEntry =>
  fixedEntry({ name, summary, cost: 'O(1)', memory: 'none (reads the rows)', exactness: 'exact', stat: ENDS, read });

export const END_AGGREGATES: AggregateEntry[] = [
  end('first', 'oldest value in the window', (s) => s.first()),
  end('last', 'newest value in the window', (s) => s.last()),
  end('delta', 'last − first', (s) => s.delta()),
  end('rate', '(last − first) per second over last.ts − first.ts; NaN when that span is 0', (s) => s.rate()),
];
