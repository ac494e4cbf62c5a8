/**
 * Hoeffding tree (VFDT; Domingos & Hulten, "Mining High-Speed Data Streams", KDD 2000) as River's
 * `tree.HoeffdingTreeClassifier` runs it by default: Gaussian numeric observers, info gain,
 * δ = 1e-7, τ = 0.05, grace period 200, adaptive naive-Bayes leaves ("nba", Gama et al. 2003).
 * Numeric features only: strings are ignored (one-hot them upstream).
 */

import { descend, fromJson, growLeaf, leafPrediction, leafProba, learnAtLeaf, newLeaf, toJson, type Node, type NodeJson } from './tree/class-leaf.ts';
import type { ClassLabel, Classifier, Features, LearnerSpec, Proba } from './types.ts';
import { createLearnerRng } from './rng.ts';
import { jsonCopy } from './util.ts';

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

type P = typeof hoeffdingTreeClassifierDefaults;

/** Probabilities as River's dict (sorted labels) and its argmax (first wins ties). */
export function probaAndArgmax(dist: Array<[ClassLabel, number]>): { proba: Proba; label: ClassLabel | null } {
  const proba: Proba = {};
  let label: ClassLabel | null = null;
  let v = -Infinity;
  for (const [l, pv] of dist) {
    proba[String(l)] = pv;
    if (pv > v) (label = l), (v = pv);
  }
  return { proba, label };
}

/** The classifier plus weighted learning, for ensembles. */
export type WeightedClassifier = Classifier & { learnWeighted(x: Features, y: ClassLabel, w: number): void };

/**
 * @example
 * const ht = hoeffdingTreeClassifier.create({ gracePeriod: 50 });
 * ht.learnOne({ a: 1 }, 'x'); ht.predictOne({ a: 1 }); // 'x'
 */
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

    const predictDist = (x: Features) => leafProba(labels.values(), root ? leafPrediction(x, descend(root, x).leaf, p.leafPrediction) : null);

    /** One sample with weight `w` (online bagging passes Poisson weights). */
    function learnWeighted(x: Features, y: ClassLabel, w: number): void {
      const key = String(y);
      if (!labels.has(key)) labels.set(key, y);
      root ??= newLeaf(new Map(), 0);
      const { leaf, parent, side, clean } = descend(root, x);
      learnAtLeaf(p, leaf, x, key, w, rng);
      if (!clean) return; // River learns off the usual path without attempting a split
      const branch = growLeaf(p, leaf);
      if (!branch) return;
      if (parent) parent.children[side] = branch;
      else root = branch;
    }

    return {
      kind: 'classifier',
      predictProbaOne: (x) => probaAndArgmax(predictDist(x)).proba,
      predictOne: (x) => probaAndArgmax(predictDist(x)).label,
      learnOne: (x, y) => learnWeighted(x, y, 1),
      learnWeighted,
      snapshot: () => jsonCopy({ root: root ? toJson(root) : null, labels: [...labels.values()], rng: rng.state() }),
    };
  },
};
