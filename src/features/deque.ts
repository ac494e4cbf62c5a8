/**
 * Monotonic deque for sliding min/max: amortized O(1) per event, no rescans.
 * Holds sequence numbers of ring rows whose values are still candidates for the extreme.
 */

export class MonotonicDeque {
  private items: number[] = [];
  private start = 0;

  /** `better(a, b)` is true when a should evict b from the back (a <= b for min, a >= b for max). */
  constructor(private readonly better: (a: number, b: number) => boolean) {}

  push(seq: number, value: number, valueAt: (seq: number) => number): void {
    while (this.items.length > this.start && this.better(value, valueAt(this.items[this.items.length - 1]!))) {
      this.items.pop();
    }
    this.items.push(seq);
  }

  /** Drops candidates whose rows left the window (sequence numbers below `head`). */
  expire(head: number): void {
    while (this.start < this.items.length && this.items[this.start]! < head) this.start++;
    if (this.start > 32 && this.start * 2 > this.items.length) {
      this.items = this.items.slice(this.start);
      this.start = 0;
    }
  }

  front(): number | undefined {
    return this.start < this.items.length ? this.items[this.start] : undefined;
  }

  get length(): number {
    return this.items.length - this.start;
  }
}

export const minDeque = (): MonotonicDeque => new MonotonicDeque((a, b) => a <= b);
export const maxDeque = (): MonotonicDeque => new MonotonicDeque((a, b) => a >= b);
