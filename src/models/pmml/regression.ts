/**
 * RegressionModel (PMML 4.4 "Regression"): one RegressionTable for regression, one per target
 * category for classification, turned into probabilities by normalizationMethod.
 */

import type { Body, BodyContext } from './body.ts';
import { kids, num, oneOf, refuse, req } from './dom.ts';
import { LINKS, type LinkName } from './math.ts';
import { classify, identityRnd, labelOf, type Prediction, type Rnd } from './prediction.ts';
import type { Scope } from './scope.ts';
import { asNumber, equalsLiteral, keyOf, parseAs, type Frame, type Getter } from './values.ts';
import type { El } from './xml.ts';

const METHODS = ['none', 'simplemax', 'softmax', 'logit', 'probit', 'cloglog', 'loglog', 'cauchit', 'exp'] as const;
type Method = (typeof METHODS)[number];

/** A table's linear predictor for the row, or null when a numeric input is missing. */
type Table = (f: Frame) => number | null;

export function compileRegressionModel(ctx: BodyContext): Body {
  const { el, scope, target, rnd } = ctx;
  const method = oneOf(el, 'normalizationMethod', METHODS, 'none');
  const tableEls = el.children.filter((c) => c.name === 'RegressionTable');
  const tables = tableEls.map((t) => compileTable(t, scope, rnd));
  if (!ctx.classification) {
    if (tables.length !== 1) throw refuse(el, `a regression RegressionModel needs one RegressionTable, found ${tables.length}`);
    if (method === 'simplemax') throw refuse(el, 'normalizationMethod="simplemax" needs a classification model');
    const table = tables[0]!;
    const link = method === 'none' ? undefined : LINKS[method === 'softmax' ? 'logit' : (method as LinkName)];
    return {
      predict(f) {
        const y = table(f);
        if (y === null) return target.fallback;
        return { value: target.rescale(link ? rnd(link(y)) : y) };
      },
    };
  }

  if (tables.length < 2) throw refuse(el, 'a classification RegressionModel needs a RegressionTable per category');
  const keys = tableEls.map((t) => keyOf(parseAs(target.dataType, req(t, 'targetCategory')) ?? req(t, 'targetCategory')));
  const normalize = normalizer(el, method, target.optype === 'ordinal', tableEls, rnd);
  const label = labelOf(target);
  const ys = new Float64Array(tables.length);
  return {
    predict(f): Prediction | null {
      for (let i = 0; i < tables.length; i++) {
        const y = tables[i]!(f);
        // "If one or more RegressionTable elements cannot be evaluated, then the predictions are defined by the priorProbability values"
        if (y === null) return target.fallback;
        ys[i] = y;
      }
      const ps = normalize(ys);
      const probs = new Map<string, number>();
      for (let i = 0; i < keys.length; i++) probs.set(keys[i]!, ps[i]!);
      return classify(probs, label);
    },
  };
}

/**
 * Σ coefficient·x^exponent over NumericPredictors, + coefficient of each matching
 * CategoricalPredictor, + Π-terms, + intercept (added last, as JPMML does, for identical rounding).
 */
function compileTable(t: El, scope: Scope, rnd: Rnd): Table {
  const intercept = rnd(num(t, 'intercept', 0));
  const numeric: Array<{ get: Getter; coef: number; exp: number }> = [];
  const categorical: Array<{ get: Getter; coef: number; eq: (v: NonNullable<ReturnType<Getter>>) => boolean }> = [];
  const terms: Array<{ gets: Getter[]; coef: number }> = [];
  for (const p of kids(t, ['NumericPredictor', 'CategoricalPredictor', 'PredictorTerm'])) {
    const coef = rnd(num(p, 'coefficient', NaN));
    if (Number.isNaN(coef)) throw refuse(p, 'attribute coefficient is required');
    if (p.name === 'PredictorTerm') {
      const gets = kids(p, ['FieldRef']).map((r) => scope.resolve(req(r, 'field'), r).get);
      terms.push({ gets, coef });
      continue;
    }
    const def = scope.resolve(req(p, 'name'), p);
    if (p.name === 'NumericPredictor') numeric.push({ get: def.get, coef, exp: num(p, 'exponent', 1) });
    else categorical.push({ get: def.get, coef, eq: equalsLiteral(def.dataType, req(p, 'value')) });
  }
  if (rnd === identityRnd && terms.length === 0) {
    // The common double-precision table: a plain dot product, no rounding calls.
    return (f) => {
      let sum = 0;
      for (let i = 0; i < numeric.length; i++) {
        const p = numeric[i]!;
        const v = p.get(f);
        if (v === null) return null;
        const x = typeof v === 'number' ? v : asNumber(v);
        sum += p.coef * (p.exp === 1 ? x : Math.pow(x, p.exp));
      }
      for (let i = 0; i < categorical.length; i++) {
        const p = categorical[i]!;
        const v = p.get(f);
        if (v !== null && p.eq(v)) sum += p.coef;
      }
      return sum + intercept;
    };
  }
  return (f) => {
    let sum = 0;
    for (const p of numeric) {
      const v = p.get(f);
      // "If the input value is missing, then the result evaluates to a missing value"
      if (v === null) return null;
      const x = asNumber(v);
      sum = rnd(sum + rnd(p.coef * (p.exp === 1 ? x : rnd(Math.pow(x, p.exp)))));
    }
    for (const p of categorical) {
      const v = p.get(f);
      // A missing categorical input matches no category: it contributes nothing.
      if (v !== null && p.eq(v)) sum = rnd(sum + p.coef);
    }
    for (const term of terms) {
      let product = term.coef;
      for (const g of term.gets) {
        const v = g(f);
        if (v === null) return null;
        product = rnd(product * asNumber(v));
      }
      sum = rnd(sum + product);
    }
    return rnd(sum + intercept);
  };
}

/**
 * Scores → probabilities. Binary models use the first table only: p₁ = link(y₁), p₂ = 1 − p₁.
 * Multinomial: softmax or simplemax over all tables ("none": the last is 1 − Σ others).
 * Ordinal targets are cumulative: P(≤k) = link(y_k), p_k = P(≤k) − P(≤k−1).
 */
function normalizer(el: El, method: Method, ordinal: boolean, tables: El[], rnd: Rnd): (ys: Float64Array) => Float64Array {
  const n = tables.length;
  const out = new Float64Array(n);
  const linkOf = (m: Method): ((y: number) => number) => (m === 'none' ? (y) => Math.min(Math.max(y, 0), 1) : LINKS[m as LinkName]);
  if (method === 'exp') throw refuse(el, 'normalizationMethod="exp" needs a regression model');
  if (ordinal) {
    if (method === 'softmax' || method === 'simplemax') throw refuse(el, `normalizationMethod="${method}" does not apply to an ordinal target`);
    const link = linkOf(method);
    return (ys) => {
      let below = 0;
      for (let i = 0; i < n - 1; i++) {
        const cum = rnd(link(ys[i]!));
        out[i] = rnd(cum - below);
        below = cum;
      }
      out[n - 1] = rnd(1 - below);
      return out;
    };
  }
  // A softmax over two tables whose second is empty (intercept 0, no predictors) is a logistic regression.
  const binaryLogit = method === 'softmax' && n === 2 && isEmptyTable(tables[1]!);
  if (n === 2 && (binaryLogit || (method !== 'softmax' && method !== 'simplemax'))) {
    const link = linkOf(binaryLogit ? 'logit' : method);
    return (ys) => {
      out[0] = rnd(link(ys[0]!));
      out[1] = rnd(1 - out[0]!);
      return out;
    };
  }
  if (method === 'softmax') {
    return (ys) => {
      let max = -Infinity;
      for (let i = 0; i < n; i++) max = Math.max(max, ys[i]!);
      let sum = 0;
      for (let i = 0; i < n; i++) sum += out[i] = Math.exp(ys[i]! - max);
      for (let i = 0; i < n; i++) out[i] = rnd(out[i]! / sum);
      return out;
    };
  }
  if (method === 'simplemax') {
    return (ys) => {
      let sum = 0;
      for (let i = 0; i < n; i++) sum += ys[i]!;
      for (let i = 0; i < n; i++) out[i] = rnd(ys[i]! / sum);
      return out;
    };
  }
  if (method === 'none') {
    return (ys) => {
      let sum = 0;
      for (let i = 0; i < n - 1; i++) sum += out[i] = ys[i]!;
      out[n - 1] = rnd(1 - sum);
      return out;
    };
  }
  throw refuse(el, `normalizationMethod="${method}" with ${n} categories is defined only for ordinal targets`);
}

function isEmptyTable(t: El): boolean {
  return kids(t, ['NumericPredictor', 'CategoricalPredictor', 'PredictorTerm']).length === 0 && num(t, 'intercept', 0) === 0;
}
