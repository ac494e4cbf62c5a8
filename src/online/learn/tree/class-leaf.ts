/**
 * The leaves of the Hoeffding tree classifiers (River's `LeafNaiveBayesAdaptive`): class counts,
 * per-feature Gaussian observers, naive-Bayes/majority prediction, the Hoeffding split attempt and
 * the JSON form. Shared by the plain and the adaptive tree.
 */

import { binarySplit, gaussPdf, splitPoints, splitterUpdate, type Gauss, type Splitter } from './gaussian-splitter.ts';
import { infoGain, infoGainRange, type Dist } from './info-gain.ts';
import type { ClassLabel, Features } from '../types.ts';
import { sample, type LearnerRng } from '../rng.ts';
import { isNum } from '../util.ts';
import { byMerit, descend as descendTree, sideOf, type TreeBranch, type TreeNode } from './nodes.ts';

/** The split and leaf settings the classifier trees share. */
export interface LeafParams {
  gracePeriod: number;
  delta: number;
  tau: number;
  leafPrediction: string;
  nSplits: number;
  minBranchFraction: number;
  maxFeatures: number | null;
  /** null: unlimited. */
  maxDepth: number | null;
}

export interface Leaf {
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

export type Branch = TreeBranch<Leaf>;

export type Node = TreeNode<Leaf>;

export const total = (d: Dist) => [...d.values()].reduce((a, b) => a + b, 0);
export const newLeaf = (stats: Dist, depth: number): Leaf => ({ type: 'leaf', depth, stats, active: true, lastSplitAt: total(stats), mcCorrect: 0, nbCorrect: 0, splitters: new Map() });

/** Argmax in the map's order; the first key wins ties (Python's `max`). */
export function best(d: Map<string, number>): string | null {
  let k: string | null = null;
  let v = -Infinity;
  for (const [kk, vv] of d) if (vv > v) (k = kk), (v = vv);
  return k;
}

export function normalise(d: Dist): Dist {
  const s = total(d);
  return s > 0 ? new Map([...d].map(([k, v]) => [k, v / s])) : new Map(d);
}

/** River's `do_naive_bayes_prediction`: log prior + Σ log pdf, then log-sum-exp. */
export function naiveBayes(x: Features, leaf: Leaf): Dist {
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

export function leafPrediction(x: Features, leaf: Leaf, mode: string): Dist {
  const nb = mode === 'nb' || (mode === 'nba' && leaf.nbCorrect >= leaf.mcCorrect);
  return leaf.active && nb ? naiveBayes(x, leaf) : normalise(leaf.stats);
}

export const descend = (root: Node, x: Features) => descendTree(root, x, (l: Leaf) => total(l.stats));
export const childSide = (branch: Branch, x: Features) => sideOf(branch, x, (l: Leaf) => total(l.stats));

interface Suggestion {
  merit: number;
  feature: string | null;
  threshold: number;
  children: Dist[];
}


export function attemptSplit(p: LeafParams, leaf: Leaf): Branch | null {
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

/**
 * After a leaf learned: an active leaf at `maxDepth` deactivates; otherwise, once `gracePeriod`
 * weight has arrived since its last attempt, it attempts a split. The branch to put in its place, or null.
 */
export function growLeaf(p: LeafParams, leaf: Leaf): Branch | null {
  if (!leaf.active) return null;
  if (leaf.depth >= (p.maxDepth ?? Infinity)) {
    leaf.active = false;
    return null;
  }
  const seen = total(leaf.stats);
  if (seen - leaf.lastSplitAt < p.gracePeriod) return null;
  const branch = attemptSplit(p, leaf);
  leaf.lastSplitAt = seen;
  return branch;
}

/** River orders its probability dict by `sorted(classes)`; ties then go to the smallest label. */
export function sortLabels(labels: ClassLabel[]): ClassLabel[] {
  const numeric = labels.every((l) => typeof l !== 'string');
  return [...labels].sort((a, b) => (numeric ? Number(a) - Number(b) : String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0));
}

// JSON form: Maps become entry arrays so that key order survives (integer-like keys would not).
export type LeafJson = Omit<Leaf, 'stats' | 'splitters'> & { stats: Array<[string, number]>; splitters: Array<[string, Array<[string, Gauss]>]> };
export type BranchJson = Omit<Branch, 'children'> & { children: [NodeJson, NodeJson] };
export type NodeJson = LeafJson | BranchJson;

export const toJson = (n: Node): NodeJson =>
  n.type === 'branch'
    ? { ...n, children: [toJson(n.children[0]), toJson(n.children[1])] }
    : { ...n, stats: [...n.stats], splitters: [...n.splitters].map(([f, sp]) => [f, [...sp]]) };

export function fromJson(o: NodeJson): Node {
  if (o.type === 'branch') return { ...o, children: [fromJson(o.children[0]), fromJson(o.children[1])] };
  return { ...o, stats: new Map(o.stats), splitters: new Map(o.splitters.map(([f, sp]) => [f, new Map(sp)])) };
}

/**
 * Updates a leaf with one weighted sample: the nba accuracy counters (each predictor is scored
 * before the update, as River does), the class counts and, while active, the observers of the
 * leaf's features (a random subset drawn on first use when `maxFeatures` is set).
 */
export function learnAtLeaf(p: LeafParams, leaf: Leaf, x: Features, key: string, w: number, rng: LearnerRng): void {
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
}

/** Class probabilities in River's order (sorted labels), from the leaf `x` reaches. */
export function leafProba(labels: Iterable<ClassLabel>, dist: Dist | null): Array<[ClassLabel, number]> {
  return sortLabels([...labels]).map((l) => [l, dist?.get(String(l)) ?? 0]);
}
