/**
 * A growable ring buffer of float64 rows, addressed by absolute sequence numbers. Rows are
 * interleaved in one typed array (one allocation per key instead of one per column), and capacity
 * stays a power of two so a slot is `seq & mask`, not a division.
 */

export class Ring {
  private data: Float64Array;
  private capacity: number;
  private mask: number;
  /** Sequence number of the oldest row held. */
  head = 0;
  /** Sequence number the next pushed row gets. */
  tail = 0;

  constructor(readonly width: number, initialCapacity = 4) {
    this.capacity = 1 << Math.ceil(Math.log2(Math.max(2, initialCapacity)));
    this.mask = this.capacity - 1;
    this.data = new Float64Array(this.capacity * width);
  }

  get size(): number {
    return this.tail - this.head;
  }

  /** Appends a row (one value per column) and returns its sequence number. */
  push(row: ArrayLike<number>): number {
    if (this.size === this.capacity) this.resize(this.capacity * 2);
    const base = (this.tail & this.mask) * this.width; // ToInt32 keeps the low bits, so this holds past 2^31 too
    for (let c = 0; c < this.width; c++) this.data[base + c] = row[c]!;
    return this.tail++;
  }

  get(seq: number, col: number): number {
    return this.data[(seq & this.mask) * this.width + col]!;
  }

  shift(): void {
    this.head++;
  }

  /** Bytes held by the buffer's storage (for bounded-memory accounting). */
  bytes(): number {
    return this.data.byteLength;
  }

  /** Halves capacity when mostly empty, so a burst does not pin memory for a quiet key. */
  compact(): void {
    if (this.capacity > 8 && this.size * 4 <= this.capacity) this.resize(this.capacity >> 1);
  }

  private resize(next: number): void {
    const data = new Float64Array(next * this.width);
    const nextMask = next - 1;
    for (let seq = this.head; seq < this.tail; seq++) {
      const from = (seq & this.mask) * this.width;
      const to = (seq & nextMask) * this.width;
      for (let c = 0; c < this.width; c++) data[to + c] = this.data[from + c]!;
    }
    this.data = data;
    this.capacity = next;
    this.mask = nextMask;
  }
}
