/**
 * An ordered set of (key, score) for top-K: highest score first, ties by key. Kept as a list of
 * sorted chunks (the "sorted containers" layout): locating an item is two binary searches, an
 * update is a splice within one chunk of at most 2·CHUNK items, so insert/remove cost O(log n +
 * CHUNK) and the top n is read off the front without sorting anything.
 */

export interface Ranked {
  key: string;
  score: number;
}

const CHUNK = 256;

/** Highest score first; equal scores by key, so the order is total and a refresh is deterministic. */
const before = (a: Ranked, b: Ranked): number => (a.score !== b.score ? b.score - a.score : a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

export class Ranking {
  private chunks: Ranked[][] = [];
  /** Comparisons made: tests count them to prove updates never rescan the set. */
  compares = 0;
  size = 0;

  private cmp(a: Ranked, b: Ranked): number {
    this.compares++;
    return before(a, b);
  }

  /** Index of the first chunk whose last item is not before `x` (where x belongs). */
  private chunkOf(x: Ranked): number {
    let lo = 0;
    let hi = this.chunks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const c = this.chunks[mid]!;
      if (this.cmp(c[c.length - 1]!, x) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private indexIn(chunk: Ranked[], x: Ranked): number {
    let lo = 0;
    let hi = chunk.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cmp(chunk[mid]!, x) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  insert(x: Ranked): void {
    this.size++;
    if (this.chunks.length === 0) {
      this.chunks.push([x]);
      return;
    }
    const ci = this.chunkOf(x);
    const chunk = this.chunks[ci]!;
    chunk.splice(this.indexIn(chunk, x), 0, x);
    if (chunk.length > 2 * CHUNK) this.chunks.splice(ci + 1, 0, chunk.splice(CHUNK));
  }

  /** Removes `x`, which must be in the set with the score it was inserted with. */
  remove(x: Ranked): void {
    if (this.chunks.length === 0) return;
    const ci = this.chunkOf(x);
    const chunk = this.chunks[ci]!;
    const i = this.indexIn(chunk, x);
    if (chunk[i] !== x) return;
    chunk.splice(i, 1);
    this.size--;
    if (chunk.length === 0) this.chunks.splice(ci, 1);
  }

  /** Changes the score of `x` (in the set) and moves it. */
  update(x: Ranked, score: number): void {
    if (x.score === score) return;
    this.remove(x);
    x.score = score;
    this.insert(x);
  }

  top(n: number): Ranked[] {
    const out: Ranked[] = [];
    for (const chunk of this.chunks) {
      for (const x of chunk) {
        if (out.length >= n) return out;
        out.push(x);
      }
    }
    return out;
  }
}
