/**
 * DDSketch: quantiles with a relative-error guarantee, mergeable, and — because a value always maps
 * to the same bucket — exactly invertible, so it slides by decrementing bucket counts. Masson, Rim
 * and Lee, "DDSketch: a fast and fully-mergeable quantile sketch with relative-error guarantees",
 * VLDB 2019.
 *
 * A positive x goes to bucket i = ⌈log_γ x⌉, γ = (1 + α)/(1 − α), which covers (γ^(i−1), γ^i];
 * the bucket's representative 2γ^i/(γ + 1) is within relative error α of everything in it.
 * Negative values use a mirrored store, |x| below `MIN_INDEXABLE` counts as zero.
 *
 * Unlike the paper's collapsing store, buckets are never merged to cap memory: collapsing depends
 * on the history of the stream, and a sliding sketch must give the same answer as a fresh one over
 * the same values (restore, rebuild). Memory is one counter per bucket between the smallest and
 * largest magnitude seen since the store was last empty: ~ln(max/min)/(2α) counters, e.g. 1,036
 * for values in [1e-3, 1e6] at α = 1%.
 */

/** Magnitudes below this are counted as 0 (it keeps bucket indices of subnormals finite). */
const MIN_INDEXABLE = 1e-300;

/** Counts per bucket index in a dense array that grows in both directions. */
class BucketStore {
  counts = new Int32Array(0);
  /** Bucket index of counts[0]. */
  offset = 0;
  total = 0;

  add(i: number, by: number): void {
    if (this.total === 0 && this.counts.length === 0) this.offset = i - 4;
    if (i < this.offset || i >= this.offset + this.counts.length) this.grow(i);
    this.counts[i - this.offset]! += by;
    this.total += by;
    if (this.total === 0) this.counts = new Int32Array(0); // empty: let memory go
  }

  private grow(i: number): void {
    const lo = Math.min(i, this.offset);
    const hi = Math.max(i + 1, this.offset + this.counts.length);
    const slack = Math.max(8, (hi - lo) >> 1);
    const newLo = i < this.offset ? lo - slack : lo;
    const next = new Int32Array(hi - newLo + (i >= this.offset ? slack : 0));
    next.set(this.counts, this.offset - newLo);
    this.counts = next;
    this.offset = newLo;
  }
}

export class DDSketch {
  private readonly gamma: number;
  private readonly invLogGamma: number;
  private readonly pos = new BucketStore();
  private readonly neg = new BucketStore();
  private zeros = 0;

  /** `alpha`: the relative accuracy, e.g. 0.01. */
  constructor(readonly alpha: number) {
    this.gamma = (1 + alpha) / (1 - alpha);
    this.invLogGamma = 1 / Math.log(this.gamma);
  }

  get count(): number {
    return this.pos.total + this.neg.total + this.zeros;
  }

  add(x: number, by = 1): void {
    if (x > MIN_INDEXABLE) this.pos.add(this.index(x), by);
    else if (x < -MIN_INDEXABLE) this.neg.add(this.index(-x), by);
    else this.zeros += by;
  }

  /** Removes one occurrence of a value added before. */
  remove(x: number): void {
    this.add(x, -1);
  }

  /** Adds every count of `other` (same α): the sketch of the union of both streams. */
  merge(other: DDSketch): void {
    if (other.alpha !== this.alpha) throw new RangeError(`cannot merge DDSketches with α ${this.alpha} and ${other.alpha}`);
    for (const [mine, theirs] of [[this.pos, other.pos], [this.neg, other.neg]] as const) {
      for (let j = 0; j < theirs.counts.length; j++) if (theirs.counts[j]) mine.add(theirs.offset + j, theirs.counts[j]!);
    }
    this.zeros += other.zeros;
  }

  clear(): void {
    this.pos.counts = new Int32Array(0);
    this.pos.total = 0;
    this.neg.counts = new Int32Array(0);
    this.neg.total = 0;
    this.zeros = 0;
  }

  /**
   * Estimates of the values at 0-based ranks `lo` ≤ `hi` in ascending order, in one pass over the
   * buckets: each within relative error α of the true order statistic.
   */
  ranks(lo: number, hi: number): [number, number] {
    const out: [number, number] = [NaN, NaN];
    let want = 0;
    const targets = [lo, hi];
    let seen = 0;
    const visit = (count: number, value: number): boolean => {
      seen += count;
      while (want < 2 && seen > targets[want]!) out[want++] = value;
      return want === 2;
    };
    // Ascending order: most negative first (largest index of the negative store), zeros, then positives.
    const n = this.neg;
    for (let j = n.counts.length - 1; j >= 0; j--) if (n.counts[j] && visit(n.counts[j]!, -this.representative(n.offset + j))) return out;
    if (this.zeros && visit(this.zeros, 0)) return out;
    const p = this.pos;
    for (let j = 0; j < p.counts.length; j++) if (p.counts[j] && visit(p.counts[j]!, this.representative(p.offset + j))) return out;
    return out;
  }

  /** Counters held (both stores), for memory accounting. */
  buckets(): number {
    return this.pos.counts.length + this.neg.counts.length;
  }

  private index(magnitude: number): number {
    return Math.ceil(Math.log(magnitude) * this.invLogGamma);
  }

  private representative(i: number): number {
    return (2 * Math.pow(this.gamma, i)) / (this.gamma + 1);
  }
}
