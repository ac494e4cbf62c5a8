/**
 * Aggregated Mondrian Forest for regression (Mourtada, Gaïffas & Scornet, JRSS-B 2021) with
 * River's `forest.AMFRegressor` defaults: 10 Mondrian trees (tree/mondrian.ts), nodes predict the
 * running mean of their targets, pay the square loss ½(ŷ − y)² into their aggregation weights
 * (step 1), and the forest averages its trees. River's `replant` makes the node moved down by a
 * split *share* the mean of the split above it (one object, updated through either); we keep the
 * means in a per-tree pool so that sharing survives a snapshot. `paperSplit` gives it a copy.
 */

import { mondrianForest, mondrianPredict, type MondrianOps, type MTree } from './tree/mondrian.ts';
import type { LearnerSpec, Regressor } from './types.ts';
import { isNum, jsonCopy } from './util.ts';

export const amfRegressorDefaults = { nEstimators: 10, step: 1, useAggregation: true, paperSplit: false, seed: 42 };

type P = typeof amfRegressorDefaults;
/** Pool of running means [n, mean]; a node's statistics are an index into it. */
type Pool = Array<[number, number]>;
type Tree = MTree<number, Pool>;

const meanOf = (t: Tree, s: number) => t.extra[s]![1];

function meanOps(p: P): MondrianOps<number, number, Pool> {
  const fresh = (t: Tree, from?: [number, number]) => t.extra.push(from ? [...from] : [0, 0]) - 1;
  return {
    empty: (t) => fresh(t),
    pure: () => false, // River's regressor has no purity rule
    loss: (t, node, y) => (meanOf(t, node.s) - y) ** 2 / 2,
    learn: (t, s, y) => {
      const m = t.extra[s]!;
      m[0] += 1;
      m[1] += (y - m[1]) / m[0];
    },
    split: (t, s) => ({ stay: s, moved: p.paperSplit ? fresh(t, t.extra[s]) : s }),
  };
}

/**
 * @example
 * const amf = amfRegressor.create({ seed: 42 });
 * amf.learnOne({ a: 0.1 }, 3); amf.predictOne({ a: 0.2 });
 */
export const amfRegressor: LearnerSpec<Regressor> = {
  kind: 'regressor',
  summary: 'Aggregated Mondrian forest regressor: online Mondrian trees averaging aggregated node means (River AMFRegressor)',
  defaults: amfRegressorDefaults,
  create(params = {}, opts = {}) {
    const p = { ...amfRegressorDefaults, ...params } as P;
    // Each tree's root holds mean 0 of its own pool.
    const forest = mondrianForest<number, number, Pool>(opts.state, p.seed, p.nEstimators, () => ({ s: 0, extra: [[0, 0]] }));
    const trees: Tree[] = forest.trees;
    const ops = meanOps(p);
    return {
      kind: 'regressor',
      predictOne(x) {
        if (trees.length === 0) return 0;
        const sum = trees.reduce((acc, t) => acc + mondrianPredict(t, x, (n) => [meanOf(t, n.s)], p.useAggregation)[0]!, 0);
        return sum / trees.length;
      },
      hasPrediction: () => trees.length > 0,
      learnOne(x, y) {
        if (!isNum(y)) return;
        forest.learn(x, y, ops, p);
      },
      snapshot: () => jsonCopy({ seeder: forest.seeder(), trees: forest.treesState() }),
    };
  },
};
