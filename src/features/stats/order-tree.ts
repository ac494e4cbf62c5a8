/**
 * A multiset of numbers with O(log n) insert, delete and select-by-rank: a treap (a binary search
 * tree that is a heap on random priorities) whose nodes hold a value, its multiplicity and the
 * subtree's total count. Seidel & Aragon, "Randomized search trees", Algorithmica 1996.
 *
 * Priorities come from a hash of an insertion counter, not from Math.random: the shape is
 * deterministic (same operations, same tree) and independent of the values, which is all the
 * expected-O(log n) bound needs. Equal values share a node, so a sensor stuck on a few levels
 * costs a few nodes. Storage is struct-of-arrays on typed arrays (no per-node objects), allocated
 * on the first insert and released when the tree empties; node 0 is the null node with count 0.
 */

export class OrderTree {
  private key = new Float64Array(1);
  private mult = new Int32Array(1);
  private total = new Int32Array(1);
  private left = new Int32Array(1);
  private right = new Int32Array(1);
  private prio = new Int32Array(1);
  private root = 0;
  /** Next never-used node; freed nodes are chained through `left`. */
  private fresh = 1;
  private freeList = 0;
  private inserts = 0;
  /** Nodes visited by every operation so far: the op-count tests' measure of work. */
  visits = 0;

  get size(): number {
    return this.root === 0 ? 0 : this.total[this.root]!;
  }

  insert(x: number): void {
    this.root = this.ins(this.root, x === 0 ? 0 : x); // −0 and 0 are one value
  }

  /** Removes one occurrence of `x`; false when there is none. */
  delete(x: number): boolean {
    const before = this.size;
    this.root = this.del(this.root, x);
    return this.size < before;
  }

  /** The value of 0-based rank `k` in ascending order (k < size). */
  select(k: number): number {
    let t = this.root;
    while (t !== 0) {
      this.visits++;
      const l = this.total[this.left[t]!]!;
      if (k < l) t = this.left[t]!;
      else if (k < l + this.mult[t]!) return this.key[t]!;
      else {
        k -= l + this.mult[t]!;
        t = this.right[t]!;
      }
    }
    return NaN;
  }

  /** Empties the tree and lets its storage go (an idle key holds none). */
  clear(): void {
    this.root = 0;
    this.fresh = 1;
    this.freeList = 0;
    if (this.key.length > 1) this.resize(1);
  }

  /** Bytes held by the node arrays. */
  bytes(): number {
    return this.key.length * 28;
  }

  private ins(t: number, x: number): number {
    if (t === 0) return this.node(x);
    this.visits++;
    const k = this.key[t]!;
    if (x === k) this.mult[t]!++;
    else if (x < k) {
      // The child is computed before `this.left` is read: inserting may reallocate the arrays.
      const l = this.ins(this.left[t]!, x);
      this.left[t] = l;
      if (this.prio[l]! > this.prio[t]!) t = this.rotateRight(t);
    } else {
      const r = this.ins(this.right[t]!, x);
      this.right[t] = r;
      if (this.prio[r]! > this.prio[t]!) t = this.rotateLeft(t);
    }
    this.fix(t);
    return t;
  }

  private del(t: number, x: number): number {
    if (t === 0) return 0;
    this.visits++;
    const k = this.key[t]!;
    if (x < k) {
      const l = this.del(this.left[t]!, x);
      this.left[t] = l;
    } else if (x > k) {
      const r = this.del(this.right[t]!, x);
      this.right[t] = r;
    }
    else if (this.mult[t]! > 1) this.mult[t]!--;
    else {
      const merged = this.join(this.left[t]!, this.right[t]!);
      this.release(t);
      return merged;
    }
    this.fix(t);
    return t;
  }

  /** Joins two treaps where every value of `a` is below every value of `b`. */
  private join(a: number, b: number): number {
    if (a === 0) return b;
    if (b === 0) return a;
    this.visits++;
    if (this.prio[a]! > this.prio[b]!) {
      const r = this.join(this.right[a]!, b);
      this.right[a] = r;
      this.fix(a);
      return a;
    }
    const l = this.join(a, this.left[b]!);
    this.left[b] = l;
    this.fix(b);
    return b;
  }

  private rotateRight(t: number): number {
    const l = this.left[t]!;
    this.left[t] = this.right[l]!;
    this.right[l] = t;
    this.fix(t);
    return l;
  }

  private rotateLeft(t: number): number {
    const r = this.right[t]!;
    this.right[t] = this.left[r]!;
    this.left[r] = t;
    this.fix(t);
    return r;
  }

  private fix(t: number): void {
    this.total[t] = this.total[this.left[t]!]! + this.mult[t]! + this.total[this.right[t]!]!;
  }

  private node(x: number): number {
    let t = this.freeList;
    if (t !== 0) this.freeList = this.left[t]!;
    else {
      if (this.fresh >= this.key.length) this.resize(Math.max(16, this.key.length * 2));
      t = this.fresh++;
    }
    this.key[t] = x;
    this.mult[t] = 1;
    this.total[t] = 1;
    this.left[t] = 0;
    this.right[t] = 0;
    this.prio[t] = mix32(++this.inserts);
    return t;
  }

  private release(t: number): void {
    this.left[t] = this.freeList;
    this.freeList = t;
  }

  /** Capacity 1 is node 0 alone (the null node: count 0, no children): an empty tree. */
  private resize(capacity: number): void {
    const grow = <A extends Float64Array | Int32Array>(a: A, make: (n: number) => A): A => {
      const b = make(capacity);
      b.set(a.subarray(0, Math.min(a.length, capacity)));
      return b;
    };
    this.key = grow(this.key, (n) => new Float64Array(n));
    for (const name of ['mult', 'total', 'left', 'right', 'prio'] as const) this[name] = grow(this[name], (n) => new Int32Array(n));
  }
}

/** murmur3's 32-bit finalizer: a counter becomes a well-spread priority. */
function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}
