/** Robust Random Cut Forest over shingles, sliding-window (time-decayed) trees, with per-feature attribution. */

import { nextUniform } from './seeded.ts';
import type { CreateOptions, Detector, DetectorDef, Sample } from './types.ts';
import { cloneState } from './types.ts';

export interface RcfParams {
  nTrees: number;
  /** Points per tree: the most recent `treeSize` shingles (older ones are deleted — time decay). */
  treeSize: number;
  /** Consecutive samples concatenated into one point. */
  shingleSize: number;
  /** Mean collusive displacement that maps to score ½. */
  codispHalf: number;
  seed: number;
}

/** One tree in flat, JSON-safe arrays; node ids are indices, −1 is "none". */
interface Tree {
  root: number;
  left: number[];
  right: number[];
  parent: number[];
  dim: number[];
  cut: number[];
  size: number[];
  lo: number[][];
  hi: number[][];
  free: number[];
  /** Leaf node of each point slot. */
  leafOf: number[];
}

interface State {
  rng: number;
  features: string[];
  recent: number[][];
  /** Ring of the last treeSize points (shingles) and the next slot to overwrite. */
  points: number[][];
  next: number;
  trees: Tree[];
}

/** The collusive displacement a point would get in one tree. */
interface Probe {
  codisp: number;
}

function newNode(t: Tree, box: { lo: number[]; hi: number[] }): number {
  const id = t.free.pop() ?? t.left.length;
  t.left[id] = -1;
  t.right[id] = -1;
  t.parent[id] = -1;
  t.dim[id] = -1;
  t.cut[id] = 0;
  t.size[id] = 1;
  t.lo[id] = box.lo.slice();
  t.hi[id] = box.hi.slice();
  return id;
}

/**
 * A random cut of the box merged with p: dimension ∝ its range, value uniform (Guha et al., §3).
 * Allocation-free (this is the inner loop); null when the merged box is a single point.
 */
function drawCut(t: Tree, node: number, p: number[], u: number): { d: number; c: number } | null {
  const lo = t.lo[node]!;
  const hi = t.hi[node]!;
  let total = 0;
  for (let k = 0; k < lo.length; k++) total += Math.max(hi[k]!, p[k]!) - Math.min(lo[k]!, p[k]!);
  if (!(total > 0)) return null;
  let r = u * total;
  for (let d = 0; d < lo.length; d++) {
    const a = Math.min(lo[d]!, p[d]!);
    const span = Math.max(hi[d]!, p[d]!) - a;
    if (r < span || d === lo.length - 1) return { d, c: a + Math.min(r, span) };
    r -= span;
  }
  return null;
}

function separates(t: Tree, node: number, p: number[], d: number, c: number): boolean {
  return (p[d]! <= c && c < t.lo[node]![d]!) || (t.hi[node]![d]! <= c && c < p[d]!);
}

function insert(t: Tree, slot: number, p: number[], s: State): void {
  const leaf = newNode(t, { lo: p, hi: p });
  t.leafOf[slot] = leaf;
  if (t.root === -1) {
    t.root = leaf;
    return;
  }
  let node = t.root;
  for (;;) {
    const cut = drawCut(t, node, p, nextUniform(s));
    const isLeaf = t.dim[node] === -1;
    if (cut === null || separates(t, node, p, cut.d, cut.c) || isLeaf) {
      // New internal node above `node`, with p's leaf on its side of the cut (duplicates: right).
      const lo = t.lo[node]!.map((v, k) => Math.min(v, p[k]!));
      const hi = t.hi[node]!.map((v, k) => Math.max(v, p[k]!));
      const x = newNode(t, { lo, hi });
      const d = cut?.d ?? 0;
      const c = cut?.c ?? p[0]!;
      t.dim[x] = d;
      t.cut[x] = c;
      const pLeft = cut !== null && p[d]! < t.lo[node]![d]!;
      t.left[x] = pLeft ? leaf : node;
      t.right[x] = pLeft ? node : leaf;
      t.size[x] = t.size[node]! + 1;
      const up = t.parent[node]!;
      t.parent[x] = up;
      t.parent[node] = x;
      t.parent[leaf] = x;
      if (up === -1) t.root = x;
      else if (t.left[up] === node) t.left[up] = x;
      else t.right[up] = x;
      return;
    }
    t.size[node]!++;
    const lo = t.lo[node]!;
    const hi = t.hi[node]!;
    for (let k = 0; k < lo.length; k++) {
      if (p[k]! < lo[k]!) lo[k] = p[k]!;
      if (p[k]! > hi[k]!) hi[k] = p[k]!;
    }
    node = p[t.dim[node]!]! <= t.cut[node]! ? t.left[node]! : t.right[node]!;
  }
}

function remove(t: Tree, slot: number): void {
  const leaf = t.leafOf[slot]!;
  const up = t.parent[leaf]!;
  t.free.push(leaf);
  if (up === -1) {
    t.root = -1;
    return;
  }
  const sibling = t.left[up] === leaf ? t.right[up]! : t.left[up]!;
  const grand = t.parent[up]!;
  t.free.push(up);
  t.parent[sibling] = grand;
  if (grand === -1) t.root = sibling;
  else if (t.left[grand] === up) t.left[grand] = sibling;
  else t.right[grand] = sibling;
  for (let a = grand; a !== -1; a = t.parent[a]!) {
    const l = t.left[a]!;
    const r = t.right[a]!;
    t.size[a] = t.size[l]! + t.size[r]!;
    const lo = t.lo[a]!;
    const hi = t.hi[a]!;
    for (let k = 0; k < lo.length; k++) {
      lo[k] = Math.min(t.lo[l]![k]!, t.lo[r]![k]!);
      hi[k] = Math.max(t.hi[l]![k]!, t.hi[r]![k]!);
    }
  }
}

/**
 * Collusive displacement of p were it inserted (Guha, Mishra, Roy & Schrijvers, "Robust random cut
 * forest based anomaly detection on streams", ICML 2016, §4): max over the path of |sibling| / |p's
 * side|. Uses a private copy of the rng so scoring never changes the state.
 */
function probe(t: Tree, p: number[], rng: { rng: number }): Probe {
  const path: number[] = [];
  let node = t.root;
  let found: number | null = null;
  while (node !== -1) {
    const cut = drawCut(t, node, p, nextUniform(rng));
    if (cut === null) break; // p duplicates every point below: not displaced
    if (separates(t, node, p, cut.d, cut.c) || t.dim[node] === -1) {
      found = node;
      break;
    }
    path.push(node);
    node = p[t.dim[node]!]! <= t.cut[node]! ? t.left[node]! : t.right[node]!;
  }
  if (found === null) return { codisp: 0 };
  let best = t.size[found]!;
  let side = t.size[found]! + 1;
  let child = found;
  for (let i = path.length - 1; i >= 0; i--) {
    const a = path[i]!;
    const other = t.left[a] === child ? t.right[a]! : t.left[a]!;
    best = Math.max(best, t.size[other]! / side);
    side = t.size[a]! + 1;
    child = a;
  }
  return { codisp: best };
}

/**
 * Directional attribution of p's expected displacement in one tree (the DiVector of the robust RCF
 * line of work: Guha et al., ICML 2016, §4, and the "anomaly attribution" of Amazon's
 * randomcutforest library). Walking p's path from the root, a random cut of node i's box merged
 * with p separates p with probability gaps/range; if it does, p displaces codisp_i points (the
 * node's mass, or a larger sibling/side ratio higher up). Each dimension gets its share of that
 * expected displacement, in proportion to its gap above the box (high) or below it (low), so the
 * parts sum to the expected displacement. Deterministic: no cut is drawn.
 */
function diVector(t: Tree, p: number[], high: number[], low: number[]): void {
  let node = t.root;
  let survive = 1; // probability p was not separated higher up
  let ratio = 0; // max sibling / side ratio over the ancestors, were p separated below them
  while (node !== -1 && survive > 0) {
    const lo = t.lo[node]!;
    const hi = t.hi[node]!;
    let range = 0;
    let gaps = 0;
    for (let d = 0; d < lo.length; d++) {
      range += Math.max(hi[d]!, p[d]!) - Math.min(lo[d]!, p[d]!);
      gaps += Math.max(0, p[d]! - hi[d]!) + Math.max(0, lo[d]! - p[d]!);
    }
    if (gaps > 0) {
      const weight = (survive * Math.max(t.size[node]!, ratio)) / range;
      for (let d = 0; d < lo.length; d++) {
        high[d]! += weight * Math.max(0, p[d]! - hi[d]!);
        low[d]! += weight * Math.max(0, lo[d]! - p[d]!);
      }
      survive *= 1 - gaps / range;
    }
    if (t.dim[node] === -1) break;
    const next = p[t.dim[node]!]! <= t.cut[node]! ? t.left[node]! : t.right[node]!;
    const other = next === t.left[node] ? t.right[node]! : t.left[node]!;
    ratio = Math.max(ratio, t.size[other]! / (t.size[next]! + 1));
    node = next;
  }
}

const defaults: RcfParams = { nTrees: 30, treeSize: 128, shingleSize: 4, codispHalf: 10, seed: 42 };

/** Attribution of a score to features, split by direction (the value was above or below the cut). */
export type Attribution = Record<string, { high: number; low: number }>;

/** An RCF detector also explains a sample: how much of its displacement each feature carries. */
export interface RcfDetector extends Detector {
  attributeOne(x: Sample): Attribution;
}

/** The registry entry, whose detectors also explain. */
export interface RcfDef extends DetectorDef<RcfParams> {
  create(params?: Partial<RcfParams>, opts?: CreateOptions): RcfDetector;
}

/** @example const d = rcf.create({ shingleSize: 8 }); d.attributeOne({ cpu: 99, mem: 10 }); */
export const rcf: RcfDef = {
  name: 'rcf',
  summary: 'Robust Random Cut Forest on shingles with sliding-window trees; codisp score and per-feature attribution.',
  defaults,
  create(params?: Partial<RcfParams>, opts?: CreateOptions): RcfDetector {
    const p = { ...defaults, ...params };
    if (!(p.nTrees >= 1 && p.treeSize >= 2 && p.shingleSize >= 1)) throw new Error('rcf.nTrees, rcf.treeSize, rcf.shingleSize: out of range');
    const s: State = opts?.state
      ? cloneState(opts.state as State)
      : { rng: p.seed >>> 0, features: [], recent: [], points: [], next: 0, trees: [] };

    const point = (x: Sample): number[] | null => {
      if (s.features.length === 0 || s.recent.length < p.shingleSize - 1) return null;
      const row = s.features.map((f) => (Number.isFinite(x[f]) ? x[f]! : 0));
      return [...s.recent.slice(-(p.shingleSize - 1)), row].flat();
    };
    const probes = (x: Sample): Probe[] => {
      const q = point(x);
      if (!q || s.points.length < 2) return [];
      const rng = { rng: (s.rng ^ 0x9e3779b9) >>> 0 };
      return s.trees.map((t) => probe(t, q, rng));
    };

    return {
      scoreOne(x) {
        const ps = probes(x);
        if (ps.length === 0) return 0;
        const mean = ps.reduce((a, b) => a + b.codisp, 0) / ps.length;
        return mean / (mean + p.codispHalf);
      },
      attributeOne(x) {
        const out: Attribution = Object.fromEntries(s.features.map((f) => [f, { high: 0, low: 0 }]));
        const q = point(x);
        if (!q || s.points.length < 2) return out;
        const high = new Array<number>(q.length).fill(0);
        const low = new Array<number>(q.length).fill(0);
        for (const t of s.trees) diVector(t, q, high, low);
        // Shingle dimension d is feature d mod F at some lag: a feature's attribution sums its lags.
        for (let d = 0; d < q.length; d++) {
          const f = out[s.features[d % s.features.length]!]!;
          f.high += high[d]! / s.trees.length;
          f.low += low[d]! / s.trees.length;
        }
        return out;
      },
      learnOne(x) {
        if (s.features.length === 0) {
          s.features = Object.keys(x).filter((k) => Number.isFinite(x[k])).sort();
          s.trees = Array.from({ length: p.nTrees }, () => ({
            root: -1, left: [], right: [], parent: [], dim: [], cut: [], size: [], lo: [], hi: [], free: [], leafOf: [],
          }));
        }
        const q = point(x);
        s.recent.push(s.features.map((f) => (Number.isFinite(x[f]) ? x[f]! : 0)));
        if (s.recent.length > p.shingleSize) s.recent.shift();
        if (!q) return;
        const slot = s.next;
        if (s.points.length === p.treeSize) for (const t of s.trees) remove(t, slot);
        s.points[slot] = q;
        for (const t of s.trees) insert(t, slot, q, s);
        s.next = (slot + 1) % p.treeSize;
      },
      snapshot: () => cloneState(s),
    };
  },
};
