/**
 * Sliding HyperLogLog: distinct-count estimates with ~1.04/√m relative standard error, in O(1)
 * amortized per value with removal. Flajolet, Fusy, Gandouet, Meunier, "HyperLogLog: the analysis
 * of a near-optimal cardinality estimation algorithm", AofA 2007.
 *
 * Sliding: a register must be the maximum ρ over the values still in the window, and a maximum
 * cannot be un-done. Each register keeps its "list of future possible maxima" (Chabchoub &
 * Hébrail, "Sliding HyperLogLog: estimating cardinality in a data stream over a sliding window",
 * ICDM Workshops 2010): the ρ values that can still become the register's maximum, oldest first and
 * strictly decreasing — a monotonic deque, as for min/max. Equal ρ values are run-length counted,
 * so a register's list has at most 64 − p + 1 entries whatever the window holds. The register's
 * value is the list's front; a histogram of register values is kept up to date so the estimate is
 * O(64), not O(m).
 *
 * Estimate: Ertl's improved raw estimator, which needs neither bias tables nor the linear-counting
 * switch and is unbiased from 0 to beyond 10⁹. Ertl, "New cardinality estimation algorithms for
 * HyperLogLog sketches", 2017, arXiv:1702.01284 (algorithm 6).
 */

import { hash64 } from './hash.ts';

const EMPTY = new Int32Array(0);

export class SlidingHyperLogLog {
  readonly m: number;
  /** Bits of the hash left after the register index: ρ ∈ 0..q+1. */
  private readonly q: number;
  /** histogram[k] = registers whose value is k. */
  private readonly histogram: Float64Array;
  /**
   * Front node of each register's list, 0 when empty; lists are circular (prev of front = back).
   * Allocated on the first value and dropped by clear(), so an idle key holds no registers.
   */
  private front = EMPTY;
  /** List nodes (node 0 unused), grown on demand and released by clear(). */
  private next = new Int32Array(1);
  private prev = new Int32Array(1);
  private rho = new Uint8Array(1);
  private runs = new Float64Array(1);
  private fresh = 1;
  private freeList = 0;
  /** Hash/ρ scratch. */
  private reg = 0;
  private r = 0;

  /** `p`: register index bits, m = 2^p registers (4..18). */
  constructor(readonly p: number) {
    if (!(p >= 4 && p <= 18)) throw new RangeError(`HyperLogLog precision must be 4..18, got ${p}`);
    this.m = 1 << p;
    this.q = 64 - p;
    this.histogram = new Float64Array(this.q + 2);
    this.histogram[0] = this.m;
  }

  add(x: number): void {
    if (this.front.length === 0) this.front = new Int32Array(this.m);
    this.locate(x);
    const j = this.reg;
    const r = this.r;
    const f = this.front[j]!;
    if (f === 0) {
      this.front[j] = this.link(r, 0);
      this.move(0, r);
      return;
    }
    // Pop the back while it is smaller: those ρ can never be the maximum again.
    let back = this.prev[f]!;
    while (this.rho[back]! < r) {
      if (back === f) {
        // the whole list goes: the new ρ becomes the register's value
        const old = this.rho[f]!;
        this.release(f);
        this.front[j] = this.link(r, 0);
        this.move(old, r);
        return;
      }
      const before = this.prev[back]!;
      this.unlink(back);
      this.release(back);
      back = before;
    }
    if (this.rho[back] === r) this.runs[back]!++;
    else this.link(r, f);
  }

  /** The oldest value still counted leaves (FIFO). */
  remove(x: number): void {
    if (this.front.length === 0) return;
    this.locate(x);
    const j = this.reg;
    const f = this.front[j]!;
    // If the leaving value is still listed it is counted in the front run; otherwise a larger,
    // newer ρ evicted it and the front is larger than its ρ.
    if (f === 0 || this.rho[f] !== this.r) return;
    if (--this.runs[f]! > 0) return;
    const nf = this.next[f] === f ? 0 : this.next[f]!;
    if (nf !== 0) this.unlink(f);
    this.release(f);
    this.front[j] = nf;
    this.move(this.r, nf === 0 ? 0 : this.rho[nf]!);
  }

  clear(): void {
    this.front = EMPTY;
    this.histogram.fill(0);
    this.histogram[0] = this.m;
    this.fresh = 1;
    this.freeList = 0;
    this.next = new Int32Array(1);
    this.prev = new Int32Array(1);
    this.rho = new Uint8Array(1);
    this.runs = new Float64Array(1);
  }

  /** Register values, for tests that compare with a batch HyperLogLog. */
  registers(): Uint8Array {
    const out = new Uint8Array(this.m);
    for (let j = 0; j < this.front.length; j++) out[j] = this.front[j] ? this.rho[this.front[j]!]! : 0;
    return out;
  }

  /** List nodes in use: memory is (m·4 + nodes·21) bytes. */
  nodes(): number {
    return this.fresh - 1 - this.freeCount();
  }

  /** Bytes held by registers and list nodes. */
  bytes(): number {
    return this.front.length * 4 + this.rho.length * 21;
  }

  estimate(): number {
    return ertlEstimate(this.histogram, this.m, this.q);
  }

  /** Register index and ρ (position of the first 1-bit in the other 64 − p bits) of x's hash. */
  private locate(x: number): void {
    const [hi, lo] = hash64(x);
    this.reg = hi >>> (32 - this.p);
    const rest = (hi << this.p) >>> 0; // the hi word's remaining 32 − p bits, left-aligned
    const z = rest !== 0 ? Math.clz32(rest) : 32 - this.p + (lo !== 0 ? Math.clz32(lo) : 32);
    this.r = Math.min(z, this.q) + 1;
  }

  private move(from: number, to: number): void {
    this.histogram[from]!--;
    this.histogram[to]!++;
  }

  /** Appends a node with ρ = r before `f` (at the back of f's circular list), or alone when f = 0. */
  private link(r: number, f: number): number {
    let t = this.freeList;
    if (t !== 0) this.freeList = this.next[t]!;
    else {
      if (this.fresh === this.rho.length) this.grow();
      t = this.fresh++;
    }
    this.rho[t] = r;
    this.runs[t] = 1;
    if (f === 0) {
      this.next[t] = t;
      this.prev[t] = t;
    } else {
      const back = this.prev[f]!;
      this.next[back] = t;
      this.prev[t] = back;
      this.next[t] = f;
      this.prev[f] = t;
    }
    return t;
  }

  private unlink(t: number): void {
    const a = this.prev[t]!;
    const b = this.next[t]!;
    this.next[a] = b;
    this.prev[b] = a;
  }

  private release(t: number): void {
    this.next[t] = this.freeList;
    this.freeList = t;
  }

  private freeCount(): number {
    let c = 0;
    for (let t = this.freeList; t !== 0; t = this.next[t]!) c++;
    return c;
  }

  private grow(): void {
    const n = Math.max(64, this.rho.length * 2);
    const copy = <A extends Int32Array | Uint8Array | Float64Array>(a: A, b: A): A => (b.set(a), b);
    this.next = copy(this.next, new Int32Array(n));
    this.prev = copy(this.prev, new Int32Array(n));
    this.rho = copy(this.rho, new Uint8Array(n));
    this.runs = copy(this.runs, new Float64Array(n));
  }
}

/**
 * Ertl 2017, algorithm 6: z = m·τ(1 − C[q+1]/m), then z ← (z + C[k])/2 for k = q..1, plus
 * m·σ(C[0]/m); the estimate is α∞·m²/z with α∞ = 1/(2 ln 2).
 */
export function ertlEstimate(histogram: ArrayLike<number>, m: number, q: number): number {
  let z = m * tau(1 - histogram[q + 1]! / m);
  for (let k = q; k >= 1; k--) z = 0.5 * (z + histogram[k]!);
  z += m * sigma(histogram[0]! / m);
  return (m * m) / (2 * Math.LN2 * z);
}

function sigma(x: number): number {
  if (x === 1) return Infinity;
  let y = 1;
  let z = x;
  for (;;) {
    x *= x;
    const before = z;
    z += x * y;
    y += y;
    if (z === before) return z;
  }
}

function tau(x: number): number {
  if (x === 0 || x === 1) return 0;
  let y = 1;
  let z = 1 - x;
  for (;;) {
    x = Math.sqrt(x);
    const before = z;
    y *= 0.5;
    z -= (1 - x) * (1 - x) * y;
    if (z === before) return z / 3;
  }
}
