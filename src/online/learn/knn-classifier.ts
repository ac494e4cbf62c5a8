/**
 * k-nearest-neighbours over a sliding window (River's `neighbors.KNNClassifier`, exact search
 * instead of River's approximate SWINN graph): votes weighted by 1/distance, an exact match wins.
 */

import type { ClassLabel, Classifier, Features, LearnerSpec, Proba } from './types.ts';
import { fromState, jsonCopy, LabelBook, numeric } from './util.ts';

export const knnClassifierDefaults = { nNeighbors: 5, windowSize: 1000, weighted: true };

/** A stored sample: values dense over the feature index at the time it was learned (missing = 0). */
interface Item {
  v: number[];
  y: ClassLabel;
}

/** Euclidean distance between dense vectors; positions past either end count as 0. */
function distance(q: number[], v: number[], extra: number): number {
  let s = extra;
  const n = Math.max(q.length, v.length);
  for (let i = 0; i < n; i++) {
    const d = (q[i] ?? 0) - (v[i] ?? 0);
    s += d * d;
  }
  return Math.sqrt(s);
}

/**
 * @example
 * const knn = knnClassifier.create({ nNeighbors: 3 });
 * knn.learnOne({ a: 0 }, 'x'); knn.predictOne({ a: 0.1 }); // 'x'
 */
export const knnClassifier: LearnerSpec<Classifier> = {
  kind: 'classifier',
  summary: 'k-nearest neighbours over a sliding window, exact search (River KNNClassifier)',
  defaults: knnClassifierDefaults,
  create(params = {}, opts = {}) {
    const p = { ...knnClassifierDefaults, ...params };
    const window = fromState<Item[]>(opts.state, 'window', []);
    const features = fromState<string[]>(opts.state, 'features', []);
    const index = new Map(features.map((f, i) => [f, i]));
    /** Dense form of x over known features; `extra` is Σ² of features no stored sample has. */
    const dense = (x: Features, grow: boolean): { v: number[]; extra: number } => {
      const v: number[] = new Array(features.length).fill(0);
      let extra = 0;
      for (const [k, val] of numeric(x)) {
        let i = index.get(k);
        if (i === undefined && grow) index.set(k, (i = features.push(k) - 1));
        if (i === undefined) extra += val * val;
        else v[i] = val;
      }
      return { v, extra };
    };
    const labels = new LabelBook(fromState<ClassLabel[]>(opts.state, 'labels', []));

    function predictProbaOne(x: Features): Proba {
      if (labels.size === 0) return {};
      const q = dense(x, false);
      // The k nearest in window order: a strictly closer item displaces; ties keep the older one.
      const near: Array<{ it: Item; d: number }> = [];
      for (const it of window) {
        const d = distance(q.v, it.v, q.extra);
        if (near.length === p.nNeighbors && d >= near[near.length - 1]!.d) continue;
        let i = near.length;
        while (i > 0 && near[i - 1]!.d > d) i--;
        near.splice(i, 0, { it, d });
        if (near.length > p.nNeighbors) near.pop();
      }
      const out: Proba = {};
      for (const l of labels.keys()) out[l] = 0;
      if (near.length === 0) return out;
      if (near[0]!.d === 0) return { ...out, [String(near[0]!.it.y)]: 1 };
      for (const { it, d } of near) out[String(it.y)]! += p.weighted ? 1 / d : 1;
      const total = Object.values(out).reduce((a, b) => a + b, 0);
      for (const k in out) out[k]! /= total;
      return out;
    }

    return {
      kind: 'classifier',
      predictProbaOne,
      predictOne(x) {
        return labels.mostLikely(predictProbaOne(x));
      },
      learnOne(x, y) {
        labels.remember(y);
        window.push({ v: dense(x, true).v, y });
        if (window.length > p.windowSize) window.shift();
      },
      snapshot: () => jsonCopy({ window, features, labels: labels.toJSON() }),
    };
  },
};
