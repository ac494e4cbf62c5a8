/**
 * A growable columnar ring buffer of float64 rows, addressed by absolute sequence numbers.
 * Capacity stays a power of two so a slot is `seq & mask`, not a division.
 */

export class Ring {
  private cols: Float64Array[];
  private capacity: number;
  private mask: number;
  /** Sequence number of the oldest row held. */
  head = 0;
  /** Sequence number the next pushed row gets. */
  tail = 0;

  constructor(readonly width: number, initialCapacity = 8) {
    this.capacity = 1 << Math.ceil(Math.log2(Math.max(2, initialCapacity)));
    this.mask = this.capacity - 1;
    this.cols = Array.from({ length: width }, () => new Float64Array(this.capacity));
  }

  get size(): number {
    return this.tail - this.head;
  }

  /** Appends a row (one value per column) and returns its sequence number. */
  push(row: ArrayLike<number>): number {
    if (this.size === this.capacity) this.grow();
    const slot = this.tail & this.mask; // ToInt32 keeps the low bits, so this holds past 2^31 too
    for (let c = 0; c < this.width; c++) this.cols[c]![slot] = row[c]!;
    return this.tail++;
  }

  get(seq: number, col: number): number {
    return this.cols[col]![seq & this.mask]!;
  }

  shift(): void {
    this.head++;
  }

  /** Bytes held by the buffer's storage (for bounded-memory accounting). */
  bytes(): number {
    return this.width * this.capacity * 8;
  }

  /** Halves capacity when mostly empty, so a burst does not pin memory for an idle key. */
  compact(): void {
    if (this.capacity > 8 && this.size * 4 <= this.capacity) this.resize(Math.max(8, this.capacity >> 1));
  }

  private grow(): void {
    this.resize(this.capacity * 2);
  }

  private resize(next: number): void {
    const cols = Array.from({ length: this.width }, () => new Float64Array(next));
    for (let seq = this.head; seq < this.tail; seq++) {
      for (let c = 0; c < this.width; c++) cols[c]![seq & (next - 1)] = this.cols[c]![seq & this.mask]!;
    }
    this.cols = cols;
    this.capacity = next;
    this.mask = next - 1;
  }
}
