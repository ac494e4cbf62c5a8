/** min, max and range over a sliding window through monotonic deques (amortized O(1)). */

import { MonotonicDeque } from './deque.ts';
import type { AggregateEntry, Stat, StatDef, WindowView } from './types.ts';

class Extreme implements Stat {
  private readonly deque: MonotonicDeque;
  constructor(evicts: (newer: number, older: number) => boolean) {
    this.deque = new MonotonicDeque(evicts);
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

const MIN: StatDef<Extreme> = { id: 'min', create: () => new Extreme((newer, older) => newer < older) };
const MAX: StatDef<Extreme> = { id: 'max', create: () => new Extreme((newer, older) => newer > older) };

const entry = (name: string, summary: string, def: StatDef<Extreme>): AggregateEntry => ({
  display: name,
  summary,
  match: (n) => (n === name ? { name, cost: 'O(1) amortized', summary, stat: def, read: (s) => (s as Extreme).value() } : undefined),
});

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
  entry('min', 'smallest value', MIN),
  entry('max', 'largest value', MAX),
  {
    display: 'range',
    summary: 'max − min',
    match: (n) => (n === 'range' ? { name: n, cost: 'O(1) amortized', summary: 'max − min', stat: RANGE, read: (s) => (s as Range).value() } : undefined),
  },
];
