/** Per-key, per-field running state of a sliding window: moments, min/max deques, last value. */

import { MonotonicDeque, maxDeque, minDeque } from './deque.ts';
import { Moments } from './moments.ts';
import type { Ring } from './ring.ts';

export class FieldState {
  readonly moments = new Moments();
  last = NaN;
  private readonly minQ: MonotonicDeque | undefined;
  private readonly maxQ: MonotonicDeque | undefined;
  private readonly valueAt: (seq: number) => number;

  constructor(
    private readonly ring: Ring,
    private readonly col: number,
    needs: { min: boolean; max: boolean },
  ) {
    this.minQ = needs.min ? minDeque() : undefined;
    this.maxQ = needs.max ? maxDeque() : undefined;
    this.valueAt = (seq) => ring.get(seq, col);
  }

  /** Called after the row `seq` was pushed to the ring; NaN marks the field absent in that event. */
  add(seq: number, value: number): void {
    if (Number.isNaN(value)) return;
    this.moments.add(value);
    if (this.moments.needsRefresh()) this.refresh();
    this.last = value;
    this.minQ?.push(seq, value, this.valueAt);
    this.maxQ?.push(seq, value, this.valueAt);
  }

  /** Called before the ring drops row `seq`. */
  remove(seq: number): void {
    const value = this.ring.get(seq, this.col);
    if (Number.isNaN(value)) return;
    this.moments.remove(value);
    this.minQ?.expire(seq + 1);
    this.maxQ?.expire(seq + 1);
    if (this.moments.n === 0) this.last = NaN;
  }

  /** Exact recompute of the moments from the stored rows (amortized O(1): once per n removals). */
  private refresh(): void {
    const values = new Float64Array(this.ring.size);
    for (let seq = this.ring.head, i = 0; seq < this.ring.tail; seq++, i++) values[i] = this.ring.get(seq, this.col);
    this.moments.refresh(values);
  }

  min(): number {
    const seq = this.minQ?.front();
    return seq === undefined ? NaN : this.valueAt(seq);
  }

  max(): number {
    const seq = this.maxQ?.front();
    return seq === undefined ? NaN : this.valueAt(seq);
  }
}
