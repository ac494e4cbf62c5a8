/**
 * Hoeffding tree regressor (FIMT-style; Ikonomovska et al., DMKD 2011) as River's
 * `tree.HoeffdingTreeRegressor` runs it by default: TE-BST observers, variance reduction, split
 * when second/best < 1 − ε or ε < τ, and adaptive leaves that answer with the target mean or a
 * linear model, whichever has the lower faded squared error. Numeric features only.
 */

import { linearRegression } from './linear-regression.ts';
import { ebstBestSplit, ebstInsert, ebstRemoveBad, pyRound, varianceReduction, type EbstNode, type RegSuggestion } from './tree/ebst-splitter.ts';
import { emptyVar, varUpdate, type Var } from './tree/var.ts';
import type { Features, LearnerSpec, Regressor, State } from './types.ts';
import { isNum, jsonCopy } from './util.ts';
import { byMerit, descend as descendTree, type TreeBranch, type TreeNode } from './tree/nodes.ts';

export const hoeffdingTreeRegressorDefaults = {
  gracePeriod: 200,
  /** null: unlimited (JSON-safe). */
  maxDepth: null as number | null,
  delta: 1e-7,
  tau: 0.05,
  leafPrediction: 'adaptive',
  leafModel: {} as Record<string, unknown>,
  modelSelectorDecay: 0.95,
  minSamplesSplit: 5,
  digits: 1,
};
type P = typeof hoeffdingTreeRegressorDefaults;

interface Leaf {
  type: 'leaf';
  depth: number;
  stats: Var;
  active: boolean;
  lastSplitAt: number;
  fmseMean: number;
  fmseModel: number;
  model: State;
  splitters: Record<string, EbstNode | null>;
}
type Branch = TreeBranch<Leaf>;
type Node = TreeNode<Leaf>;

const newLeaf = (stats: Var, depth: number, from?: Leaf): Leaf => ({
  type: 'leaf',
  depth,
  stats,
  active: true,
  lastSplitAt: stats.n,
  // Children inherit a copy of the parent's linear model and its error trackers (River).
  fmseMean: from?.fmseMean ?? 0,
  fmseModel: from?.fmseModel ?? 0,
  model: from ? jsonCopy(from.model) : {},
  splitters: Object.create(null) as Record<string, EbstNode | null>,
});

const descend = (root: Node, x: Features) => descendTree(root, x, (l: Leaf) => l.stats.n);

function attemptSplit(p: P, leaf: Leaf): Branch | null {
  const pre = leaf.stats;
  const suggestions: RegSuggestion[] = [{ merit: varianceReduction(pre, [pre], p.minSamplesSplit), feature: null, threshold: 0, children: [] }];
  for (const f in leaf.splitters) suggestions.push(ebstBestSplit(leaf.splitters[f] ?? null, pre, f, p.minSamplesSplit));
  suggestions.sort(byMerit);
  const bound = Math.sqrt(Math.log(1 / p.delta) / (2 * pre.n)); // merit range 1
  const top = suggestions[suggestions.length - 1]!;
  const second = suggestions[suggestions.length - 2]!;
  if (!(top.merit > 0 && (second.merit / top.merit < 1 - bound || bound < p.tau))) {
    if (top.merit > 0 && second.merit > 0) {
      const check = { ratio: second.merit / top.merit, best: top.merit, bound, minSamples: p.minSamplesSplit };
      // FIMT-DD memory management; an emptied splitter keeps its place (feature order decides ties).
      for (const f in leaf.splitters) leaf.splitters[f] = ebstRemoveBad(leaf.splitters[f]!, pre, check);
    }
    return null;
  }
  if (top.feature === null) {
    leaf.active = false;
    return null;
  }
  const [l, r] = top.children as [Var, Var];
  return { type: 'branch', depth: leaf.depth, feature: top.feature, threshold: top.threshold, weight: pre.n, children: [newLeaf(l, leaf.depth + 1, leaf), newLeaf(r, leaf.depth + 1, leaf)] };
}

/**
 * @example
 * const ht = hoeffdingTreeRegressor.create({ gracePeriod: 50 });
 * ht.learnOne({ a: 1 }, 3); ht.predictOne({ a: 1 });
 */
export const hoeffdingTreeRegressor: LearnerSpec<Regressor> = {
  kind: 'regressor',
  summary: 'Hoeffding tree regressor with adaptive mean/linear leaves (River HoeffdingTreeRegressor)',
  defaults: hoeffdingTreeRegressorDefaults,
  create(params = {}, opts = {}) {
    const p = { ...hoeffdingTreeRegressorDefaults, ...params } as P;
    let root: Node | null = (opts.state?.root as Node | undefined) ? jsonCopy(opts.state!.root as Node) : null;
    // Leaf models are kept as snapshots and rebuilt on use: one code path, always JSON-safe.
    const model = (leaf: Leaf) => linearRegression.create(p.leafModel, { state: leaf.model });

    function leafPredict(leaf: Leaf, x: Features): number {
      if (p.leafPrediction === 'mean' || (p.leafPrediction === 'adaptive' && leaf.fmseMean < leaf.fmseModel)) return leaf.stats.mean;
      return model(leaf).predictOne(x);
    }

    return {
      kind: 'regressor',
      predictOne: (x) => (root ? leafPredict(descend(root, x).leaf, x) : 0),
      learnOne(x, y) {
        root ??= newLeaf(emptyVar(), 0);
        const { leaf, parent, side, clean } = descend(root, x);
        const m = model(leaf);
        if (p.leafPrediction === 'adaptive') {
          leaf.fmseMean = p.modelSelectorDecay * leaf.fmseMean + (y - leaf.stats.mean) ** 2;
          leaf.fmseModel = p.modelSelectorDecay * leaf.fmseModel + (y - m.predictOne(x)) ** 2;
        }
        varUpdate(leaf.stats, y);
        if (leaf.active) {
          for (const f in x) {
            const v = x[f];
            if (isNum(v)) leaf.splitters[f] = ebstInsert(leaf.splitters[f] ?? null, pyRound(v, p.digits), y);
          }
        }
        if (p.leafPrediction !== 'mean') {
          m.learnOne(x, y);
          leaf.model = m.snapshot();
        }
        if (!leaf.active || !clean) return;
        if (leaf.depth >= (p.maxDepth ?? Infinity)) {
          leaf.active = false;
          return;
        }
        if (leaf.stats.n - leaf.lastSplitAt < p.gracePeriod) return;
        const branch = attemptSplit(p, leaf);
        leaf.lastSplitAt = leaf.stats.n;
        if (!branch) return;
        if (parent) parent.children[side] = branch;
        else root = branch;
      },
      snapshot: () => jsonCopy({ root }),
    };
  },
};
