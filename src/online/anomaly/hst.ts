/** Half-Space Trees (Tan, Ting & Liu, "Fast anomaly detection for streaming data", IJCAI 2011). */

import type { CreateOptions, Detector, DetectorDef, Sample } from './types.ts';
import { nextUniform } from './seeded.ts';
import { cloneState } from './types.ts';

export interface HstParams {
  nTrees: number;
  /** Depth of every tree; a tree has 2^(height+1) − 1 nodes. */
  height: number;
  /** Rows per reference window: masses learned in one window score the next. */
  windowSize: number;
  /** Stop descending at a node with reference mass below this (the paper's sizeLimit). */
  sizeLimit: number;
  seed: number;
}

interface State {
  rng: number;
  /** Sorted feature names, fixed by the first learned sample. */
  features: string[];
  /** Running causal min/max per feature, to scale into [0, 1] as the paper assumes. */
  min: number[];
  max: number[];
  /** Per tree, in heap order (children of i are 2i+1, 2i+2): split feature, split value, masses. */
  dim: number[][];
  split: number[][];
  r: number[][];
  l: number[][];
  count: number;
  /** True once one full window has been learned (r is meaningful). */
  ready: boolean;
}

/**
 * Build one tree: each dimension's work range is [sq − 2·max(sq, 1−sq), sq + 2·max(sq, 1−sq)] for a
 * random sq (paper, Algorithm 1), and every node splits a random dimension at its range's midpoint.
 */
function buildTree(s: State, height: number, d: number): { dim: number[]; split: number[] } {
  const lo: number[] = [];
  const hi: number[] = [];
  for (let k = 0; k < d; k++) {
    const sq = nextUniform(s);
    const range = 2 * Math.max(sq, 1 - sq);
    lo.push(sq - range);
    hi.push(sq + range);
  }
  const size = 2 ** height - 1; // internal nodes
  const dim = new Array<number>(size).fill(0);
  const split = new Array<number>(size).fill(0);
  const walk = (node: number, mins: number[], maxs: number[]): void => {
    if (node >= size) return;
    const q = Math.floor(nextUniform(s) * d);
    const mid = (mins[q]! + maxs[q]!) / 2;
    dim[node] = q;
    split[node] = mid;
    walk(2 * node + 1, mins, maxs.map((v, k) => (k === q ? mid : v)));
    walk(2 * node + 2, mins.map((v, k) => (k === q ? mid : v)), maxs);
  };
  walk(0, lo, hi);
  return { dim, split };
}

function scaled(s: State, x: Sample): number[] {
  return s.features.map((f, k) => {
    const v = x[f];
    const lo = s.min[k]!;
    const span = s.max[k]! - lo;
    if (v === undefined || !Number.isFinite(v) || !(span > 0)) return 0.5;
    return (v - lo) / span;
  });
}

const defaults: HstParams = { nTrees: 25, height: 8, windowSize: 250, sizeLimit: 0.1 * 250, seed: 42 };

/** @example const d = hst.create({ nTrees: 10, height: 6, seed: 7 }); */
export const hst: DetectorDef<HstParams> = {
  name: 'hst',
  summary: 'Half-Space Trees: mass in random axis-aligned half-spaces, reference vs latest window.',
  defaults,
  create(params?: Partial<HstParams>, opts?: CreateOptions): Detector {
    const p = { ...defaults, ...params };
    if (!(p.height >= 1 && p.nTrees >= 1)) throw new Error('hst.height, hst.nTrees: must be at least 1');
    const s: State = opts?.state
      ? cloneState(opts.state as State)
      : { rng: p.seed >>> 0, features: [], min: [], max: [], dim: [], split: [], r: [], l: [], count: 0, ready: false };
    const nodes = 2 ** (p.height + 1) - 1;
    const internal = 2 ** p.height - 1;
    const maxScore = p.nTrees * p.windowSize * (2 ** (p.height + 1) - 1);

    const init = (x: Sample): void => {
      s.features = Object.keys(x).filter((k) => Number.isFinite(x[k])).sort();
      s.min = s.features.map((f) => x[f]!);
      s.max = s.features.map((f) => x[f]!);
      for (let t = 0; t < p.nTrees; t++) {
        const tree = buildTree(s, p.height, Math.max(1, s.features.length));
        s.dim.push(tree.dim);
        s.split.push(tree.split);
        s.r.push(new Array<number>(nodes).fill(0));
        s.l.push(new Array<number>(nodes).fill(0));
      }
    };

    return {
      scoreOne(x) {
        if (!s.ready) return 0;
        const v = scaled(s, x);
        let score = 0;
        for (let t = 0; t < p.nTrees; t++) {
          const dim = s.dim[t]!;
          const split = s.split[t]!;
          const r = s.r[t]!;
          let node = 0;
          for (let depth = 0; ; depth++) {
            score += r[node]! * 2 ** depth;
            if (node >= internal || r[node]! < p.sizeLimit) break;
            node = v[dim[node]!]! < split[node]! ? 2 * node + 1 : 2 * node + 2;
          }
        }
        return Math.min(1, Math.max(0, 1 - score / maxScore));
      },
      learnOne(x) {
        if (s.features.length === 0) init(x);
        s.features.forEach((f, k) => {
          const val = x[f];
          if (val === undefined || !Number.isFinite(val)) return;
          if (val < s.min[k]!) s.min[k] = val;
          if (val > s.max[k]!) s.max[k] = val;
        });
        const v = scaled(s, x);
        for (let t = 0; t < p.nTrees; t++) {
          const dim = s.dim[t]!;
          const split = s.split[t]!;
          const l = s.l[t]!;
          let node = 0;
          for (;;) {
            l[node]!++;
            if (node >= internal) break;
            node = v[dim[node]!]! < split[node]! ? 2 * node + 1 : 2 * node + 2;
          }
        }
        if (++s.count % p.windowSize === 0) {
          // End of a window: latest masses become the reference (paper, Algorithm 2).
          s.r = s.l;
          s.l = s.r.map(() => new Array<number>(nodes).fill(0));
          s.ready = true;
        }
      },
      snapshot: () => cloneState(s),
    };
  },
};
