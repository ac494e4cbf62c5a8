/**
 * Monotonic deque for sliding min/max: amortized O(1) per value, no rescans. Holds the values that
 * can still become the extreme, oldest first. Equal values are kept (the comparison is strict), so
 * when the window's oldest value leaves and equals the front, the front is that very value.
 */

const EMPTY = new Float64Array(0);

export class MonotonicDeque {
  private buf = EMPTY; // allocated on first push: most keys of a quiet pipeline never need it
  private head = 0;
  private len = 0;

  /** `max`: keeps the largest value at the front; else the smallest. A flag, not a comparator: the hot loop stays inlined. */
  constructor(private readonly max: boolean) {}

  push(x: number): void {
    // A newer value makes an older one useless when it is strictly better (newer < older for min).
    if (this.max) while (this.len > 0 && x > this.at(this.len - 1)) this.len--;
    else while (this.len > 0 && x < this.at(this.len - 1)) this.len--;
    if (this.len === this.buf.length) this.grow();
    this.buf[(this.head + this.len) % this.buf.length] = x;
    this.len++;
  }

  /** The window's oldest value `x` left. */
  expire(x: number): void {
    if (this.len > 0 && this.at(0) === x) {
      this.head = (this.head + 1) % this.buf.length;
      this.len--;
    }
  }

  front(): number {
    return this.len > 0 ? this.at(0) : NaN;
  }

  clear(): void {
    this.head = 0;
    this.len = 0;
  }

  get length(): number {
    return this.len;
  }

  private at(i: number): number {
    return this.buf[(this.head + i) % this.buf.length]!;
  }

  private grow(): void {
    const next = new Float64Array(Math.max(4, this.buf.length * 2));
    for (let i = 0; i < this.len; i++) next[i] = this.at(i);
    this.buf = next;
    this.head = 0;
  }
}
