/**
 * Hoeffding tree (VFDT; Domingos & Hulten, "Mining High-Speed Data Streams", KDD 2000) as River's
 * `tree.HoeffdingTreeClassifier` runs it by default: Gaussian numeric observers, info gain,
 * δ = 1e-7, τ = 0.05, grace period 200, adaptive naive-Bayes leaves ("nba", Gama et al. 2003).
 * Numeric features only: strings are ignored (one-hot them upstream).
 */

import { binarySplit, gaussPdf, splitPoints, splitterUpdate, type Gauss, type Splitter } from './tree/gaussian-splitter.ts';
import { infoGain, infoGainRange, type Dist } from './tree/info-gain.ts';
import type { ClassLabel, Classifier, Features, LearnerSpec, Proba } from './types.ts';
import { createLearnerRng, sample } from './rng.ts';
import { isNum, jsonCopy } from './util.ts';
import { byMerit, descend as descendTree, type TreeBranch, type TreeNode } from './tree/nodes.ts';

export const hoeffdingTreeClassifierDefaults = {
  gracePeriod: 200,
  /** null: unlimited (JSON-safe). */
  maxDepth: null as number | null,
  delta: 1e-7,
  tau: 0.05,
  leafPrediction: 'nba',
  nSplits: 10,
  minBranchFraction: 0.01,
  /** Random subspace per leaf (ARF); null observes every feature. */
  maxFeatures: null as number | null,
  seed: 0,
};

interface Leaf {
  type: 'leaf';
  depth: number;
  stats: Dist;
  active: boolean;
  lastSplitAt: number;
  mcCorrect: number;
  nbCorrect: number;
  splitters: Map<string, Splitter>;
  /** The leaf's random feature subset, drawn on its first sample when `maxFeatures` is set. */
  features?: string[];
}

type Branch = TreeBranch<Leaf>;

type Node = TreeNode<Leaf>;

const total = (d: Dist) => [...d.values()].reduce((a, b) => a + b, 0);
const newLeaf = (stats: Dist, depth: number): Leaf => ({ type: 'leaf', depth, stats, active: true, lastSplitAt: total(stats), mcCorrect: 0, nbCorrect: 0, splitters: new Map() });

/** Argmax in the map's order; the first key wins ties (Python's `max`). */
function best(d: Map<string, number>): string | null {
  let k: string | null = null;
  let v = -Infinity;
  for (const [kk, vv] of d) if (vv > v) (k = kk), (v = vv);
  return k;
}

function normalise(d: Dist): Dist {
  const s = total(d);
  return s > 0 ? new Map([...d].map(([k, v]) => [k, v / s])) : new Map(d);
}

/** River's `do_naive_bayes_prediction`: log prior + Σ log pdf, then log-sum-exp. */
function naiveBayes(x: Features, leaf: Leaf): Dist {
  const sum = total(leaf.stats);
  if (leaf.stats.size === 0 || sum === 0) return new Map();
  const votes = new Map<string, number>();
  for (const [c, w] of leaf.stats) {
    if (!(w > 0)) {
      votes.set(c, 0);
      continue;
    }
    let ll = Math.log(w / sum);
    for (const [f, sp] of leaf.splitters) {
      const v = x[f];
      if (!isNum(v)) continue;
      const g = sp.get(c);
      const p = g ? gaussPdf(g, v) : 0;
      if (p > 0) ll += Math.log(p);
    }
    votes.set(c, ll);
  }
  const max = Math.max(...votes.values());
  let acc = 0;
  for (const v of votes.values()) acc += Math.exp(v - max);
  const lse = max + Math.log(acc);
  return new Map([...votes].map(([k, v]) => [k, Math.exp(v - lse)]));
}

function leafPrediction(x: Features, leaf: Leaf, mode: string): Dist {
  const nb = mode === 'nb' || (mode === 'nba' && leaf.nbCorrect >= leaf.mcCorrect);
  return leaf.active && nb ? naiveBayes(x, leaf) : normalise(leaf.stats);
}

const descend = (root: Node, x: Features) => descendTree(root, x, (l: Leaf) => total(l.stats));

interface Suggestion {
  merit: number;
  feature: string | null;
  threshold: number;
  children: Dist[];
}

type P = typeof hoeffdingTreeClassifierDefaults;

function attemptSplit(p: P, leaf: Leaf): Branch | null {
  let nonZero = 0;
  for (const w of leaf.stats.values()) if (w !== 0) nonZero++;
  if (nonZero < 2) return null;
  // The null split (merit −∞) comes first, as River adds it under merit pre-pruning.
  const suggestions: Suggestion[] = [{ merit: -Infinity, feature: null, threshold: 0, children: [] }];
  for (const [f, sp] of leaf.splitters) {
    let s: Suggestion = { merit: -Infinity, feature: null, threshold: 0, children: [] };
    for (const t of splitPoints(sp, p.nSplits)) {
      const post = binarySplit(sp, t);
      const merit = infoGain(leaf.stats, post, p.minBranchFraction);
      if (merit > s.merit) s = { merit, feature: f, threshold: t, children: post };
    }
    suggestions.push(s);
  }
  suggestions.sort(byMerit);
  const n = total(leaf.stats);
  const range = infoGainRange(leaf.stats);
  const bound = Math.sqrt((range * range * Math.log(1 / p.delta)) / (2 * n));
  const top = suggestions[suggestions.length - 1]!;
  const second = suggestions[suggestions.length - 2]!;
  if (!(top.merit - second.merit > bound || bound < p.tau)) return null;
  if (top.feature === null) {
    leaf.active = false; // pre-pruning: "no split" won
    return null;
  }
  const [l, r] = top.children as [Dist, Dist];
  return { type: 'branch', depth: leaf.depth, feature: top.feature, threshold: top.threshold, weight: n, children: [newLeaf(l, leaf.depth + 1), newLeaf(r, leaf.depth + 1)] };
}

/** River orders its probability dict by `sorted(classes)`; ties then go to the smallest label. */
function sortLabels(labels: ClassLabel[]): ClassLabel[] {
  const numeric = labels.every((l) => typeof l !== 'string');
  return [...labels].sort((a, b) => (numeric ? Number(a) - Number(b) : String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0));
}

// JSON form: Maps become entry arrays so that key order survives (integer-like keys would not).
type LeafJson = Omit<Leaf, 'stats' | 'splitters'> & { stats: Array<[string, number]>; splitters: Array<[string, Array<[string, Gauss]>]> };
type BranchJson = Omit<Branch, 'children'> & { children: [NodeJson, NodeJson] };
type NodeJson = LeafJson | BranchJson;

const toJson = (n: Node): NodeJson =>
  n.type === 'branch'
    ? { ...n, children: [toJson(n.children[0]), toJson(n.children[1])] }
    : { ...n, stats: [...n.stats], splitters: [...n.splitters].map(([f, sp]) => [f, [...sp]]) };

function fromJson(o: NodeJson): Node {
  if (o.type === 'branch') return { ...o, children: [fromJson(o.children[0]), fromJson(o.children[1])] };
  return { ...o, stats: new Map(o.stats), splitters: new Map(o.splitters.map(([f, sp]) => [f, new Map(sp)])) };
}

/**
 * @example
 * const ht = hoeffdingTreeClassifier.create({ gracePeriod: 50 });
 * ht.learnOne({ a: 1 }, 'x'); ht.predictOne({ a: 1 }); // 'x'
 */
/** The classifier plus weighted learning, for ensembles. */
export type WeightedClassifier = Classifier & { learnWeighted(x: Features, y: ClassLabel, w: number): void };

export const hoeffdingTreeClassifier: LearnerSpec<WeightedClassifier> = {
  kind: 'classifier',
  summary: 'Hoeffding tree (VFDT) with adaptive naive-Bayes leaves (River HoeffdingTreeClassifier)',
  defaults: hoeffdingTreeClassifierDefaults,
  create(params = {}, opts = {}) {
    const p = { ...hoeffdingTreeClassifierDefaults, ...params } as P;
    const st = opts.state as { root?: unknown; labels?: ClassLabel[]; rng?: number } | undefined;
    let root: Node | null = st?.root ? fromJson(jsonCopy(st.root as NodeJson)) : null;
    const labels = new Map<string, ClassLabel>((st?.labels ?? []).map((l) => [String(l), l]));
    const rng = createLearnerRng(typeof st?.rng === 'number' ? st.rng : p.seed);

    function predictDist(x: Features): Array<[ClassLabel, number]> {
      const sorted = sortLabels([...labels.values()]);
      if (!root) return sorted.map((l) => [l, 0]);
      const pred = leafPrediction(x, descend(root, x).leaf, p.leafPrediction);
      return sorted.map((l) => [l, pred.get(String(l)) ?? 0]);
    }

    /** One sample with weight `w` (online bagging passes Poisson weights). */
    function learnWeighted(x: Features, y: ClassLabel, w: number): void {
      const key = String(y);
      if (!labels.has(key)) labels.set(key, y);
      root ??= newLeaf(new Map(), 0);
      const { leaf, parent, side, clean } = descend(root, x);
      if (leaf.active && p.leafPrediction === 'nba') {
        const mc = best(leaf.stats);
        if (leaf.stats.size === 0 || mc === key) leaf.mcCorrect += w;
        const nb = best(naiveBayes(x, leaf));
        if (nb !== null && nb === key) leaf.nbCorrect += w;
      }
      leaf.stats.set(key, (leaf.stats.get(key) ?? 0) + w);
      if (!leaf.active) return;
      if (p.maxFeatures !== null && !leaf.features) {
        leaf.features = sample(rng, Object.keys(x).filter((f) => isNum(x[f])).sort(), p.maxFeatures);
      }
      for (const f of leaf.features ?? Object.keys(x)) {
        const v = x[f];
        if (!isNum(v)) continue;
        let sp = leaf.splitters.get(f);
        if (!sp) leaf.splitters.set(f, (sp = new Map()));
        splitterUpdate(sp, v, key, w);
      }
      if (!clean) return; // River learns off the usual path without attempting a split
      if (leaf.depth >= (p.maxDepth ?? Infinity)) {
        leaf.active = false;
        return;
      }
      const seen = total(leaf.stats);
      if (seen - leaf.lastSplitAt < p.gracePeriod) return;
      const branch = attemptSplit(p, leaf);
      leaf.lastSplitAt = seen;
      if (!branch) return;
      if (parent) parent.children[side] = branch;
      else root = branch;
    }

    return {
      kind: 'classifier',
      predictProbaOne(x) {
        const out: Proba = {};
        for (const [l, v] of predictDist(x)) out[String(l)] = v;
        return out;
      },
      predictOne(x) {
        let arg: ClassLabel | null = null;
        let v = -Infinity;
        for (const [l, pv] of predictDist(x)) if (pv > v) (arg = l), (v = pv);
        return arg;
      },
      learnOne: (x, y) => learnWeighted(x, y, 1),
      learnWeighted,
      snapshot: () => jsonCopy({ root: root ? toJson(root) : null, labels: [...labels.values()], rng: rng.state() }),
    };
  },
};
