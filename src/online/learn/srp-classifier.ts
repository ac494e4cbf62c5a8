/**
 * Streaming Random Patches (Gomes, Read & Bifet, "Streaming Random Patches for Evolving Data
 * Stream Classification", ICDM 2019) as River's `ensemble.SRPClassifier` runs it by default: 10
 * Hoeffding trees (grace 50, δ 0.01), each on a fixed feature subspace of round(0.6·M) features
 * (for M ≤ 20 the first combinations in lexicographic order, dealt out in shuffled order) and
 * online bagging (each tree learns the sample Poisson(6) times); per tree an ADWIN warning
 * (δ 1e-4) starts a background tree on a fresh random subspace and an ADWIN drift (δ 1e-5)
 * swaps it in. Unlike ARF the detectors watch the tree's error *after* it learned the sample,
 * and a tree that drew k = 0 skips the sample entirely (River's order). Votes are weighted by
 * each tree's prequential accuracy (weight 1 while it is 0). Seeded with our own generator.
 */

import { accuracyVote } from './arf-classifier.ts';
import { adwin } from './drift/adwin.ts';
import type { DriftDetector } from './drift/detector.ts';
import { hoeffdingTreeClassifier, type WeightedClassifier } from './hoeffding-tree-classifier.ts';
import { createLearnerRng, poisson, sample } from './rng.ts';
import type { ClassLabel, Classifier, Features, LearnerSpec, Proba, State } from './types.ts';
import { LabelBook } from './util.ts';

export const srpClassifierDefaults = {
  nModels: 10,
  /** A fraction of the features (0, 1], or a count ≥ 2. */
  subspaceSize: 0.6,
  lambda: 6,
  gracePeriod: 50,
  delta: 0.01,
  driftDelta: 1e-5,
  warningDelta: 1e-4,
  seed: 42,
};

type P = typeof srpClassifierDefaults;

interface Member {
  tree: WeightedClassifier;
  /** null: every feature (River's "resampling" when the subspace would hold them all). */
  features: string[] | null;
  n: number;
  correct: number;
  drift: DriftDetector;
  warning: DriftDetector;
  background: Member | null;
}

type MemberState = Omit<Member, 'tree' | 'drift' | 'warning' | 'background'> & { tree: State; drift: State; warning: State; background: MemberState | null };

/** River's subspace size: round(M·f), at least 2 (a fraction), or the count itself. */
export function subspaceK(m: number, size: number): number {
  if (size > 0 && size <= 1) {
    const k = Math.round(m * size);
    return k < 2 ? k + 1 : k;
  }
  return Math.round(size);
}

/** The first `count` k-combinations of `items` in lexicographic order, cycling (Python's itertools). */
export function firstCombinations<T>(items: T[], k: number, count: number): T[][] {
  const out: T[][] = [];
  let idx = Array.from({ length: k }, (_, i) => i);
  while (out.length < count) {
    out.push(idx.map((i) => items[i]!));
    let i = k - 1;
    while (i >= 0 && idx[i] === items.length - k + i) i--;
    if (i < 0) idx = Array.from({ length: k }, (_, j) => j);
    else {
      idx[i]! += 1;
      for (let j = i + 1; j < k; j++) idx[j] = idx[j - 1]! + 1;
    }
  }
  return out;
}

const subset = (x: Features, features: string[] | null): Features => {
  if (!features) return x;
  const out: Features = {};
  for (const f of features) if (f in x) out[f] = x[f]!;
  return out;
};

/**
 * @example
 * const srp = srpClassifier.create({ seed: 42 });
 * srp.learnOne({ a: 1, b: 2, c: 3 }, true); srp.predictOne({ a: 1, b: 2, c: 3 });
 */
export const srpClassifier: LearnerSpec<Classifier> = {
  kind: 'classifier',
  summary: 'Streaming random patches: bagged Hoeffding trees on random feature subspaces with ADWIN drift replacement (River SRPClassifier)',
  defaults: srpClassifierDefaults,
  create(params = {}, opts = {}) {
    const p = { ...srpClassifierDefaults, ...params } as P;
    const st = opts.state as { members?: MemberState[]; rng?: number; labels?: ClassLabel[] } | undefined;
    const rng = createLearnerRng(st?.rng ?? p.seed);
    const labels = new LabelBook(st?.labels);
    const tree = (state?: State) => hoeffdingTreeClassifier.create({ gracePeriod: p.gracePeriod, delta: p.delta }, state ? { state } : {});
    const detector = (delta: number, state?: State) => adwin.create({ delta }, state ? { state } : {});
    const member = (features: string[] | null): Member => ({ tree: tree(), features, n: 0, correct: 0, drift: detector(p.driftDelta), warning: detector(p.warningDelta), background: null });
    const load = (m: MemberState): Member => ({ ...m, tree: tree(m.tree), drift: detector(p.driftDelta, m.drift), warning: detector(p.warningDelta, m.warning), background: m.background ? load(m.background) : null });
    const save = (m: Member): MemberState => ({ ...m, tree: m.tree.snapshot(), drift: m.drift.snapshot(), warning: m.warning.snapshot(), background: m.background ? save(m.background) : null });
    const members: Member[] = (st?.members ?? []).map(load);
    const redraw = (m: Member, x: Features) => (m.features ? sample(rng, Object.keys(x), m.features.length) : null);

    function init(x: Features): void {
      const all = Object.keys(x);
      const k = subspaceK(all.length, p.subspaceSize);
      if (!(k > 0 && k < all.length)) {
        for (let i = 0; i < p.nModels; i++) members.push(member(null));
        return;
      }
      const spaces = all.length <= 20 ? firstCombinations(all, k, p.nModels) : Array.from({ length: p.nModels }, () => sample(rng, all, k));
      const order = sample(rng, spaces.map((_, i) => i), spaces.length);
      for (const i of order) members.push(member(spaces[i]!));
    }

    /** One member's step after its vote was scored (`xs`: x on its subspace): learn k times, feed the background, watch drift. */
    function train(m: Member, i: number, x: Features, xs: Features, y: ClassLabel, k: number): void {
      for (let j = 0; j < k; j++) m.tree.learnWeighted(xs, y, 1);
      if (m.background) {
        const bx = subset(x, m.background.features);
        for (let j = 0; j < k; j++) m.background.tree.learnWeighted(bx, y, 1);
      }
      const err = String(m.tree.predictOne(xs)) === String(y) ? 0 : 1;
      if (m.warning.update(err)) {
        m.background = member(redraw(m, x));
        m.warning = detector(p.warningDelta);
      }
      if (m.drift.update(err)) members[i] = m.background ?? member(redraw(m, x));
    }

    function predictProbaOne(x: Features): Proba {
      if (labels.size === 0 || members.length === 0) return {};
      return accuracyVote(labels, members.map((m) => [m, m.tree.predictProbaOne(subset(x, m.features))]));
    }

    return {
      kind: 'classifier',
      predictProbaOne,
      predictOne: (x) => labels.mostLikely(predictProbaOne(x)),
      learnOne(x, y) {
        labels.remember(y);
        if (members.length === 0) init(x);
        members.forEach((m, i) => {
          const xs = subset(x, m.features);
          const pred = m.tree.predictOne(xs);
          if (pred !== null) {
            m.n += 1;
            if (String(pred) === String(y)) m.correct += 1;
          }
          const k = poisson(rng, p.lambda);
          if (k > 0) train(m, i, x, xs, y, k);
        });
      },
      snapshot: () => ({ rng: rng.state(), labels: labels.toJSON(), members: members.map(save) }),
    };
  },
};
