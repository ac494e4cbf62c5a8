/**
 * NaiveBayesModel (PMML 4.4 "Naive Bayes"): P(Tk | x) ∝ count(Tk) · Π P(xᵢ | Tk), with
 * P(xᵢ | Tk) = PairCounts count / class total for discrete inputs and a density for continuous ones
 * (TargetValueStats); a zero count (or density below it) becomes `threshold`. Missing inputs are skipped.
 */

import type { Body, BodyContext } from './body.ts';
import { child, kids, num, refuse, req } from './dom.ts';
import { compileExpr, expressionChild } from './expressions.ts';
import { classify, labelOf } from './prediction.ts';
import { asNumber, dataTypeAttr, keyOf, parseAs, type Frame, type Getter, type Value } from './values.ts';
import type { El } from './xml.ts';

export const NAIVE_BAYES_CHILDREN = ['BayesInputs', 'BayesOutput'];

/** Multiplies each class's likelihood for one input into `acc` (classes in `keys` order). */
type Input = (f: Frame, acc: Float64Array) => void;

export function compileNaiveBayesModel(ctx: BodyContext): Body {
  const { el, scope, target } = ctx;
  if (!ctx.classification) throw refuse(el, 'a NaiveBayesModel must be a classification model');
  const threshold = num(el, 'threshold', NaN);
  if (Number.isNaN(threshold)) throw refuse(el, 'attribute threshold is required');
  const outputEl = child(el, 'BayesOutput');
  if (!outputEl) throw refuse(el, 'a NaiveBayesModel needs a BayesOutput');
  const priors = counts(kids(outputEl, ['TargetValueCounts'])[0], target.dataType);
  const keys = [...priors.keys()];
  const inputsEl = child(el, 'BayesInputs');
  const inputs: Input[] = inputsEl ? kids(inputsEl, ['BayesInput']).map((bi) => compileInput(bi, { ctx, keys, priors, threshold })) : [];
  const label = labelOf(target);
  const acc = new Float64Array(keys.length);
  return {
    predict(f) {
      for (let i = 0; i < keys.length; i++) acc[i] = priors.get(keys[i]!)!;
      for (const input of inputs) input(f, acc);
      let sum = 0;
      for (let i = 0; i < keys.length; i++) sum += acc[i]!;
      return classify(new Map(keys.map((k, i) => [k, acc[i]! / sum])), label);
    },
  };
}

/** TargetValueCounts as count by class key. */
function counts(el: El | undefined, dataType: Parameters<typeof parseAs>[0]): Map<string, number> {
  if (!el) return new Map();
  return new Map(kids(el, ['TargetValueCount']).map((c) => [keyOf(parseAs(dataType, req(c, 'value')) ?? req(c, 'value')), num(c, 'count', 0)]));
}

function compileInput(bi: El, opts: { ctx: BodyContext; keys: string[]; priors: Map<string, number>; threshold: number }): Input {
  const { ctx, keys, threshold } = opts;
  const parts = kids(bi, ['DerivedField', 'PairCounts', 'TargetValueStats']);
  const derived = parts.find((p) => p.name === 'DerivedField');
  const def = ctx.scope.resolve(req(bi, 'fieldName'), bi);
  let get: Getter = def.get;
  let dataType = def.dataType;
  if (derived) {
    const exprEl = expressionChild(derived);
    if (!exprEl) throw refuse(derived, 'a DerivedField needs an expression');
    const expr = compileExpr(exprEl, ctx.scope);
    get = expr.get;
    dataType = dataTypeAttr(derived) ?? expr.dataType;
  }
  const stats = parts.find((p) => p.name === 'TargetValueStats');
  if (stats) {
    const densities = new Map(kids(stats, ['TargetValueStat']).map((s) => [keyOf(parseAs(ctx.target.dataType, req(s, 'value')) ?? req(s, 'value')), density(s)]));
    const perClass = keys.map((k) => densities.get(k));
    return (f, acc) => {
      const v = get(f);
      if (v === null) return;
      const x = asNumber(v);
      for (let i = 0; i < perClass.length; i++) {
        const d = perClass[i];
        if (d) acc[i]! *= Math.max(d(x), threshold);
      }
    };
  }
  // Discrete: P(x | Tk) = count(x, Tk) / Σₓ count(x, Tk) over this input's PairCounts.
  const table = new Map<string, Float64Array>();
  const totals = new Float64Array(keys.length);
  for (const pc of parts.filter((p) => p.name === 'PairCounts')) {
    const c = counts(kids(pc, ['TargetValueCounts'])[0], ctx.target.dataType);
    const row = Float64Array.from(keys, (k) => c.get(k) ?? 0);
    row.forEach((n, i) => (totals[i]! += n));
    const raw = req(pc, 'value');
    table.set(keyOf(dataType ? (parseAs(dataType, raw) ?? raw) : raw), row);
  }
  return (f, acc) => {
    const v: Value = get(f);
    if (v === null) return;
    const row = table.get(keyOf(v));
    // A value never seen in training tells nothing: the input is skipped like a missing one.
    if (!row) return;
    for (let i = 0; i < keys.length; i++) {
      const n = row[i]!;
      acc[i]! *= n === 0 ? threshold : n / totals[i]!;
    }
  };
}

/** A TargetValueStat's continuous distribution as a density function. */
function density(s: El): (x: number) => number {
  const d = kids(s, ['GaussianDistribution', 'PoissonDistribution', 'UniformDistribution', 'AnyDistribution'])[0];
  if (!d) throw refuse(s, 'a TargetValueStat needs a distribution');
  switch (d.name) {
    case 'GaussianDistribution': {
      const mean = num(d, 'mean', NaN);
      const variance = num(d, 'variance', NaN);
      return (x) => Math.exp(-((x - mean) * (x - mean)) / (2 * variance)) / Math.sqrt(2 * Math.PI * variance);
    }
    case 'PoissonDistribution': {
      const mean = num(d, 'mean', NaN);
      return (x) => {
        if (!Number.isInteger(x) || x < 0) return 0;
        let logP = -mean + x * Math.log(mean);
        for (let i = 2; i <= x; i++) logP -= Math.log(i);
        return Math.exp(logP);
      };
    }
    case 'UniformDistribution': {
      const lower = num(d, 'lower', NaN);
      const upper = num(d, 'upper', NaN);
      return (x) => (x >= lower && x <= upper ? 1 / (upper - lower) : 0);
    }
    default:
      throw refuse(d, `<${d.name}> is not supported yet`);
  }
}
