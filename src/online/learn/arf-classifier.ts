/**
 * Adaptive random forest (Gomes et al., "Adaptive random forests for evolving data stream
 * classification", Machine Learning 2017), after River's `forest.ARFClassifier` defaults: 10
 * Hoeffding trees on random feature subsets (√n per leaf), online bagging with Poisson(6) weights,
 * ADWIN warning (δ 0.01) → background tree, ADWIN drift (δ 0.001) → replace the tree; votes
 * weighted by each tree's prequential accuracy. Seeded; not bit-identical to River's numpy draws.
 */

import { adwin } from './drift/adwin.ts';
import type { DriftDetector } from './drift/detector.ts';
import { hoeffdingTreeClassifier, type WeightedClassifier } from './hoeffding-tree-classifier.ts';
import { createLearnerRng, poisson } from './rng.ts';
import type { ClassLabel, Classifier, Features, LearnerSpec, Proba, State } from './types.ts';
import { isNum, LabelBook } from './util.ts';

export const arfClassifierDefaults = {
  nModels: 10,
  lambda: 6,
  gracePeriod: 50,
  delta: 0.01,
  tau: 0.05,
  driftDelta: 0.001,
  warningDelta: 0.01,
  seed: 42,
};

interface Member {
  tree: WeightedClassifier;
  n: number;
  correct: number;
  drift: DriftDetector;
  warning: DriftDetector;
  background: WeightedClassifier | null;
}

interface MemberState {
  tree: State;
  n: number;
  correct: number;
  drift: State;
  warning: State;
  background: State | null;
}

/**
 * The ensembles' vote (River's ARF and SRP): each member's probabilities weighted by its
 * prequential accuracy — with weight 1, not 0, while that accuracy is still 0 (River's
 * `metric_value > 0` guard) — summed and normalised.
 */
export function accuracyVote(labels: LabelBook, votes: Array<[{ n: number; correct: number }, Proba]>): Proba {
  const out: Proba = {};
  for (const l of labels.keys()) out[l] = 0;
  for (const [m, proba] of votes) {
    const acc = m.n ? m.correct / m.n : 0;
    for (const k in proba) out[k] = (out[k] ?? 0) + (acc > 0 ? acc : 1) * proba[k]!;
  }
  const total = Object.values(out).reduce((a, b) => a + b, 0);
  if (total > 0) for (const k in out) out[k]! /= total;
  return out;
}

/**
 * @example
 * const arf = arfClassifier.create({ seed: 7 });
 * arf.learnOne({ a: 1, b: 2 }, true); arf.predictProbaOne({ a: 1, b: 2 });
 */
export const arfClassifier: LearnerSpec<Classifier> = {
  kind: 'classifier',
  summary: 'Adaptive random forest: bagged Hoeffding trees with ADWIN drift replacement (River ARFClassifier)',
  defaults: arfClassifierDefaults,
  create(params = {}, opts = {}) {
    const p = { ...arfClassifierDefaults, ...params };
    const st = opts.state as { members?: MemberState[]; rng?: number; nFeatures?: number; labels?: ClassLabel[] } | undefined;
    const rng = createLearnerRng(st?.rng ?? p.seed);
    let nFeatures = st?.nFeatures ?? 0;
    const labels = new LabelBook(st?.labels);
    // Each tree gets its own seed from the forest's stream, so the forest is reproducible.
    // A restored tree resumes its own generator, so only a new tree draws from the forest's.
    const newTree = (state?: State) =>
      hoeffdingTreeClassifier.create(
        { gracePeriod: p.gracePeriod, delta: p.delta, tau: p.tau, maxFeatures: Math.max(1, Math.round(Math.sqrt(nFeatures))), seed: state ? 0 : Math.floor(rng.uniform() * 2 ** 32) },
        state ? { state } : {},
      );
    const detector = (delta: number, state?: State) => adwin.create({ delta }, state ? { state } : {});
    const members: Member[] = (st?.members ?? []).map((m) => ({
      tree: newTree(m.tree),
      n: m.n,
      correct: m.correct,
      drift: detector(p.driftDelta, m.drift),
      warning: detector(p.warningDelta, m.warning),
      background: m.background ? newTree(m.background) : null,
    }));
    const fresh = (): Member => ({ tree: newTree(), n: 0, correct: 0, drift: detector(p.driftDelta), warning: detector(p.warningDelta), background: null });

    function predictProbaOne(x: Features): Proba {
      if (labels.size === 0) return {};
      return accuracyVote(labels, members.map((m) => [m, m.tree.predictProbaOne(x)]));
    }

    return {
      kind: 'classifier',
      predictProbaOne,
      predictOne(x) {
        return labels.mostLikely(predictProbaOne(x));
      },
      learnOne(x, y) {
        labels.remember(y);
        if (members.length === 0) {
          nFeatures = Object.keys(x).filter((f) => isNum(x[f])).length;
          for (let i = 0; i < p.nModels; i++) members.push(fresh());
        }
        members.forEach((m, i) => {
          const wrong = String(m.tree.predictOne(x)) !== String(y);
          m.n += 1;
          if (!wrong) m.correct += 1;
          const k = poisson(rng, p.lambda);
          if (k > 0) {
            m.tree.learnWeighted(x, y, k);
            m.background?.learnWeighted(x, y, k);
          }
          if (m.warning.update(wrong ? 1 : 0)) m.background = newTree();
          if (m.drift.update(wrong ? 1 : 0)) {
            members[i] = { ...fresh(), tree: m.background ?? newTree() };
          }
        });
      },
      snapshot: () => ({
        rng: rng.state(),
        nFeatures,
        labels: labels.toJSON(),
        members: members.map((m) => ({ tree: m.tree.snapshot(), n: m.n, correct: m.correct, drift: m.drift.snapshot(), warning: m.warning.snapshot(), background: m.background?.snapshot() ?? null })),
      }),
    };
  },
};
