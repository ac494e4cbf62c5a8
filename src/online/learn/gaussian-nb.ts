/**
 * Gaussian naive Bayes (River's `naive_bayes.GaussianNB`): per class and feature, a running
 * mean and sample variance (ddof 1); log-likelihoods summed with River's 1e-9 floor on each pdf.
 */

import type { ClassLabel, Classifier, Features, LearnerSpec, Proba } from './types.ts';
import { argmax, dict, fromState, isNum, jsonCopy } from './util.ts';

/** Welford state of one (class, feature) Gaussian. */
interface Gauss {
  n: number;
  mean: number;
  s: number;
}

interface ClassStats {
  label: ClassLabel;
  count: number;
  features: Record<string, Gauss>;
}

function pdf(g: Gauss | undefined, v: number): number {
  if (!g || g.n < 2) return 0;
  const variance = g.s / (g.n - 1);
  if (!variance) return 0;
  return Math.exp((v - g.mean) ** 2 / (-2 * variance)) / Math.sqrt(2 * Math.PI * variance);
}

/**
 * Classes keep first-seen order, which decides ties as in River. Empty → `{}` (not scored).
 *
 * @example
 * const nb = gaussianNB.create();
 * nb.learnOne({ a: 1 }, 'x'); nb.learnOne({ a: 5 }, 'y'); nb.predictOne({ a: 1.2 });
 */
export const gaussianNB: LearnerSpec<Classifier> = {
  kind: 'classifier',
  summary: 'Gaussian naive Bayes, multiclass (River GaussianNB)',
  defaults: {},
  create(_params = {}, opts = {}) {
    const classes = fromState<ClassStats[]>(opts.state, 'classes', []).map((c) => ({ ...c, features: dict(c.features) }));
    const byKey = new Map(classes.map((c) => [String(c.label), c]));

    function predictProbaOne(x: Features): Proba {
      if (classes.length === 0) return {};
      const total = classes.reduce((s, c) => s + c.count, 0);
      const jll = classes.map((c) => {
        let ll = Math.log(c.count / total);
        for (const k in x) {
          const v = x[k];
          if (isNum(v)) ll += Math.log(1e-9 + pdf(c.features[k], v));
        }
        return ll;
      });
      // log-sum-exp, as scipy computes it: shift by the max.
      const max = Math.max(...jll);
      const lse = max + Math.log(jll.reduce((s, l) => s + Math.exp(l - max), 0));
      const out: Proba = {};
      classes.forEach((c, i) => (out[String(c.label)] = Math.exp(jll[i]! - lse)));
      return out;
    }

    return {
      kind: 'classifier',
      predictProbaOne,
      predictOne(x) {
        const best = argmax(predictProbaOne(x));
        return best === null ? null : byKey.get(best)!.label;
      },
      learnOne(x, y) {
        let c = byKey.get(String(y));
        if (!c) {
          c = { label: y, count: 0, features: dict<Gauss>() };
          classes.push(c);
          byKey.set(String(y), c);
        }
        c.count += 1;
        for (const k in x) {
          const v = x[k];
          if (!isNum(v)) continue;
          const g = (c.features[k] ??= { n: 0, mean: 0, s: 0 });
          g.n += 1;
          const old = g.mean;
          g.mean += (v - old) / g.n;
          g.s += (v - old) * (v - g.mean);
        }
      },
      snapshot: () => jsonCopy({ classes }),
    };
  },
};
