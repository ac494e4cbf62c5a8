/**
 * Hoeffding Adaptive Tree (HAT-ADWIN; Bifet & Gavaldà, "Adaptive Learning from Evolving Data
 * Streams", IDA 2009) with River's `tree.HoeffdingAdaptiveTreeClassifier` defaults: the Hoeffding
 * tree's leaves and splits, an ADWIN (δ 0.002) on the 0/1 error of every node; when a node's error
 * rises significantly an alternate subtree grows beside it, and once both windows hold more than
 * 300 errors the alternate replaces the node if it is better by the bound
 * √(2 e(1−e) ln(2/0.05) (1/n₁ + 1/n₂)), or is dropped if worse. Bootstrap weights Poisson(1),
 * seeded (a draw of 0 keeps weight 1, as River does).
 */

import { adwin, type AdwinDetector } from './drift/adwin.ts';
import { hoeffdingTreeClassifierDefaults, probaAndArgmax } from './hoeffding-tree-classifier.ts';
import { createLearnerRng, poisson } from './rng.ts';
import { best, childSide, descend, growLeaf, leafPrediction, leafProba, learnAtLeaf, newLeaf, normalise, total, fromJson, toJson, type Leaf, type NodeJson } from './tree/class-leaf.ts';
import type { TreeBranch } from './tree/nodes.ts';
import type { Dist } from './tree/info-gain.ts';
import type { ClassLabel, Classifier, Features, LearnerSpec, State } from './types.ts';
import { jsonCopy } from './util.ts';

export const hatClassifierDefaults = {
  ...hoeffdingTreeClassifierDefaults,
  bootstrapSampling: true,
  driftWindowThreshold: 300,
  switchSignificance: 0.05,
  adwinDelta: 0.002,
  seed: 42,
};

type P = typeof hatClassifierDefaults;
type HLeaf = Leaf & { err: AdwinDetector };
type HBranch = TreeBranch<HLeaf> & { err: AdwinDetector; alt: HNode | null };
type HNode = HLeaf | HBranch;
type Put = (n: HNode) => void;

// JSON: the plain tree's node form plus each node's ADWIN state and the alternate subtree.
type HJson = NodeJson & { err: State; alt?: HJson | null; children?: [HJson, HJson] };

/**
 * @example
 * const hat = hoeffdingAdaptiveTreeClassifier.create({ seed: 42 });
 * hat.learnOne({ a: 1 }, 'x'); hat.predictOne({ a: 1 }); // 'x'
 */
export const hoeffdingAdaptiveTreeClassifier: LearnerSpec<Classifier> = {
  kind: 'classifier',
  summary: 'Hoeffding adaptive tree: ADWIN at every node grows and swaps in alternate subtrees on drift (River HoeffdingAdaptiveTreeClassifier)',
  defaults: hatClassifierDefaults,
  create(params = {}, opts = {}) {
    const p = { ...hatClassifierDefaults, ...params } as P;
    const st = opts.state as { root?: HJson | null; labels?: ClassLabel[]; rng?: number } | undefined;
    const labels = new Map<string, ClassLabel>((st?.labels ?? []).map((l) => [String(l), l]));
    const rng = createLearnerRng(typeof st?.rng === 'number' ? st.rng : p.seed);
    const detector = (state?: State) => adwin.create({ delta: p.adwinDelta }, state ? { state } : {});
    const toLeaf = (l: Leaf): HLeaf => ({ ...l, err: detector() });

    const save = (n: HNode): HJson => {
      if (n.type === 'leaf') return { ...(toJson(n) as NodeJson), err: n.err.snapshot() } as HJson;
      return { ...n, err: n.err.snapshot(), alt: n.alt ? save(n.alt) : null, children: [save(n.children[0] as HNode), save(n.children[1] as HNode)] } as HJson;
    };
    const load = (o: HJson): HNode => {
      if (o.type === 'leaf') return { ...(fromJson(o as NodeJson) as Leaf), err: detector(o.err) };
      return { ...o, err: detector(o.err), alt: o.alt ? load(o.alt) : null, children: [load(o.children![0]), load(o.children![1])] } as unknown as HBranch;
    };
    let root: HNode | null = st?.root ? load(jsonCopy(st.root)) : null;

    const leafOf = (n: HNode, x: Features) => descend(n, x).leaf as HLeaf;
    const wrong = (dist: Dist, key: string) => best(dist) !== key;

    /** Feeds the node's error monitor; true on a significant *rise* of the error (River ignores falls). */
    function errorRose(err: AdwinDetector, isWrong: boolean): boolean {
      const before = err.estimation();
      return err.update(isWrong ? 1 : 0) && !(before > err.estimation());
    }

    // `isWrong`: whether the leaf x reaches from here predicts y wrongly. Every node on one path
    // reaches the same, still untouched leaf, so the path's first node works it out for the rest.
    function learnLeaf(leaf: HLeaf, x: Features, key: string, w: number, put: Put, isWrong: boolean): void {
      let weight = w;
      if (p.bootstrapSampling) {
        const k = poisson(rng, 1);
        if (k > 0) weight = w * k;
      }
      errorRose(leaf.err, isWrong);
      learnAtLeaf(p, leaf, x, key, weight, rng);
      const split = growLeaf(p, leaf);
      if (!split) return;
      put({ ...split, err: detector(), alt: null, children: [toLeaf(split.children[0] as Leaf), toLeaf(split.children[1] as Leaf)] });
    }

    function learnBranch(node: HBranch, x: Features, key: string, w: number, put: Put, isWrong: boolean): void {
      if (errorRose(node.err, isWrong)) node.alt = toLeaf(newLeaf(new Map(), node.depth));
      else if (node.alt && node.alt.err.width() > 0) {
        const [n1, n2] = [node.err.width(), node.alt.err.width()];
        if (n1 > p.driftWindowThreshold && n2 > p.driftWindowThreshold) {
          const [e1, e2] = [node.err.estimation(), node.alt.err.estimation()];
          const bound = Math.sqrt(2 * e1 * (1 - e1) * Math.log(2 / p.switchSignificance) * (1 / n1 + 1 / n2));
          if (bound < e1 - e2) return void put(node.alt); // the alternate is better: it takes over
          if (bound < e2 - e1) node.alt = null; // worse: pruned
        }
      }
      if (node.alt) learnNode(node.alt, x, key, w, (n) => (node.alt = n));
      const side = childSide(node, x);
      learnNode(node.children[side] as HNode, x, key, w, (n) => (node.children[side] = n), isWrong);
    }

    function learnNode(node: HNode, x: Features, key: string, w: number, put: Put, known?: boolean): void {
      const isWrong = known ?? wrong(leafPrediction(x, leafOf(node, x), p.leafPrediction), key);
      if (node.type === 'leaf') learnLeaf(node, x, key, w, put, isWrong);
      else learnBranch(node, x, key, w, put, isWrong);
    }

    /** MOA's vote: every leaf reached, in the main tree and in alternates, weighted by 1/error². */
    function votes(node: HNode, x: Features, out: Map<string, number>): void {
      if (node.type === 'branch') {
        if (node.alt) votes(node.alt, x, out);
        return votes(node.children[childSide(node, x)] as HNode, x, out);
      }
      const dist = leafPrediction(x, node, p.leafPrediction);
      const sum = total(dist);
      const e = node.err.estimation();
      const factor = sum * e * e;
      for (const [k, v] of dist) out.set(k, (out.get(k) ?? 0) + (factor > 0 ? v / factor : v));
    }

    const predictDist = (x: Features) => {
      if (!root) return leafProba(labels.values(), null);
      const out = new Map<string, number>();
      votes(root, x, out);
      return leafProba(labels.values(), normalise(out));
    };

    return {
      kind: 'classifier',
      predictProbaOne: (x) => probaAndArgmax(predictDist(x)).proba,
      predictOne: (x) => probaAndArgmax(predictDist(x)).label,
      learnOne(x, y) {
        const key = String(y);
        if (!labels.has(key)) labels.set(key, y);
        root ??= toLeaf(newLeaf(new Map(), 0));
        learnNode(root, x, key, 1, (n) => (root = n));
      },
      snapshot: () => jsonCopy({ root: root ? save(root) : null, labels: [...labels.values()], rng: rng.state() }),
    };
  },
};
