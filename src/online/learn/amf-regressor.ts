/**
 * Aggregated Mondrian Forest for regression (Mourtada, Gaïffas & Scornet, JRSS-B 2021) with
 * River's `forest.AMFRegressor` defaults: 10 Mondrian trees (tree/mondrian.ts), nodes predict the
 * running mean of their targets, pay the square loss ½(ŷ − y)² into their aggregation weights
 * (step 1), and the forest averages its trees. River's `replant` makes the node moved down by a
 * split *share* the mean of the split above it (one object, updated through either); we keep the
 * means in a per-tree pool so that sharing survives a snapshot. `paperSplit` gives it a copy.
 */

import { createLearnerRng } from './rng.ts';
import { emptyNode, mondrianLearn, mondrianPredict, type MondrianOps, type MTree } from './tree/mondrian.ts';
import type { LearnerSpec, Regressor } from './types.ts';
import { fromState, isNum, jsonCopy, numeric } from './util.ts';

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
    const seeder = createLearnerRng(fromState(opts.state, 'seeder', p.seed));
    const trees: Tree[] = fromState(opts.state, 'trees', []);
    const rngs = trees.map((t) => createLearnerRng(t.rng));
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
        if (trees.length === 0) {
          for (let i = 0; i < p.nEstimators; i++) {
            const seed = Math.floor(seeder.uniform() * 2 ** 32);
            trees.push({ root: emptyNode(0, 0), iteration: 0, rng: seed, extra: [[0, 0]] });
            rngs.push(createLearnerRng(seed));
          }
        }
        const nums = numeric(x);
        trees.forEach((t, i) => mondrianLearn(t, rngs[i]!, nums, x, y, ops, p));
      },
      snapshot: () => jsonCopy({ seeder: seeder.state(), trees: trees.map((t, i) => ({ ...t, rng: rngs[i]!.state() })) }),
    };
  },
};
