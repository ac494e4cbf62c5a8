/** min, max and range over a sliding window through monotonic deques (amortized O(1)). */

import { MonotonicDeque } from './deque.ts';
import { fixedEntry } from './entry.ts';
import type { AggregateEntry, Stat, StatDef, WindowView } from './types.ts';

class Extreme implements Stat {
  private readonly deque: MonotonicDeque;
  constructor(max: boolean) {
    this.deque = new MonotonicDeque(max);
  }
  add(x: number): void {
    this.deque.push(x);
  }
  remove(x: number): void {
    this.deque.expire(x);
  }
  rebuild(view: WindowView): void {
    this.deque.clear();
    for (let i = 0; i < view.size; i++) {
      const x = view.value(i);
      if (!Number.isNaN(x)) this.deque.push(x);
    }
  }
  value(): number {
    return this.deque.front();
  }
}

const MIN: StatDef<Extreme> = { id: 'min', create: () => new Extreme(false) };
const MAX: StatDef<Extreme> = { id: 'max', create: () => new Extreme(true) };

const extreme = (name: string, summary: string, def: StatDef<Extreme>): AggregateEntry =>
  fixedEntry({ name, summary, cost: 'O(1) amortized', memory: 'O(n) worst case (monotonic deque)', exactness: 'exact', stat: def, read: (s) => s.value() });

/** range needs both deques; it is its own stat so min and max stay shareable. */
class Range implements Stat {
  private readonly lo = MIN.create(undefined as never);
  private readonly hi = MAX.create(undefined as never);
  add(x: number): void {
    this.lo.add(x);
    this.hi.add(x);
  }
  remove(x: number): void {
    this.lo.remove(x);
    this.hi.remove(x);
  }
  rebuild(view: WindowView): void {
    this.lo.rebuild(view);
    this.hi.rebuild(view);
  }
  value(): number {
    return this.hi.value() - this.lo.value();
  }
}

const RANGE: StatDef<Range> = { id: 'range', create: () => new Range() };

export const EXTREME_AGGREGATES: AggregateEntry[] = [
  extreme('min', 'smallest value', MIN),
  extreme('max', 'largest value', MAX),
  fixedEntry({ name: 'range', summary: 'max − min', cost: 'O(1) amortized', memory: 'O(n) worst case (two monotonic deques)', exactness: 'exact up to the one subtraction', stat: RANGE, read: (s) => s.value() }),
];
