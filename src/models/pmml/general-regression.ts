/**
 * GeneralRegressionModel (PMML 4.4 "General Regression"): parameters built from predictors through
 * the PPMatrix, weighted by the ParamMatrix betas; generalLinear, generalizedLinear (link functions),
 * multinomialLogistic, ordinalMultinomial and CoxRegression (baseline cumulative hazard per stratum).
 */

import type { Body, BodyContext } from './body.ts';
import { child, kids, num, oneOf, refuse, req } from './dom.ts';
import { LINKS } from './math.ts';
import { classify, labelOf, type Prediction } from './prediction.ts';
import type { Scope } from './scope.ts';
import { asNumber, equalsLiteral, keyOf, parseAs, type Frame, type Value } from './values.ts';
import type { El } from './xml.ts';

const MODEL_TYPES = ['regression', 'generalLinear', 'generalizedLinear', 'multinomialLogistic', 'ordinalMultinomial', 'CoxRegression'] as const;
const LINK_FUNCTIONS = ['identity', 'log', 'logit', 'probit', 'cloglog', 'loglog', 'cauchit', 'power', 'oddspower', 'logc', 'negbin'] as const;
type LinkFunction = (typeof LINK_FUNCTIONS)[number];

/** A parameter's value for the row: the product of its PPCells' contributions; null when an input is missing. */
type Param = (f: Frame) => number | null;

export const GENERAL_REGRESSION_CHILDREN = ['ParameterList', 'FactorList', 'CovariateList', 'PPMatrix', 'PCovMatrix', 'ParamMatrix', 'EventValues', 'BaseCumHazardTables'];

export function compileGeneralRegressionModel(ctx: BodyContext): Body {
  const { el, scope, target } = ctx;
  const modelType = oneOf(el, 'modelType', MODEL_TYPES, 'regression');
  if (el.attrs.modelType === undefined) throw refuse(el, 'attribute modelType is required');
  const paramEls = listOf(el, 'ParameterList', 'Parameter');
  const names = paramEls.map((p) => req(p, 'name'));
  const referencePoints = paramEls.map((p) => num(p, 'referencePoint', 0));
  const factors = new Set(predictorNames(child(el, 'FactorList')));
  const covariates = new Set(predictorNames(child(el, 'CovariateList')));

  // PPMatrix: parameter → the cells that build it.
  const cells = new Map<string, El[]>();
  for (const c of listOf(el, 'PPMatrix', 'PPCell')) {
    if (c.attrs.targetCategory !== undefined) throw refuse(c, 'PPCell targetCategory is not supported yet');
    const list = cells.get(req(c, 'parameterName')) ?? [];
    list.push(c);
    cells.set(req(c, 'parameterName'), list);
  }
  const params: Param[] = names.map((name) => compileParam(cells.get(name) ?? [], { factors, covariates, scope }));

  // ParamMatrix: betas per target category ('' for the shared ones).
  const betas = new Map<string, Float64Array>();
  const betaOf = (category: string): Float64Array => {
    let b = betas.get(category);
    if (!b) betas.set(category, (b = new Float64Array(names.length)));
    return b;
  };
  for (const pc of listOf(el, 'ParamMatrix', 'PCell')) {
    const at = names.indexOf(req(pc, 'parameterName'));
    if (at < 0) throw refuse(pc, `parameter "${pc.attrs.parameterName}" is not in the ParameterList`);
    const cat = pc.attrs.targetCategory === undefined ? '' : keyOf(parseAs(target.dataType, pc.attrs.targetCategory) ?? pc.attrs.targetCategory);
    const beta = num(pc, 'beta', NaN);
    if (Number.isNaN(beta)) throw refuse(pc, 'attribute beta is required');
    betaOf(cat)[at] = beta;
  }

  const xs = new Float64Array(names.length);
  /** Fills xs for the row; false when a needed input is missing. */
  const fill = (f: Frame): boolean => {
    for (let i = 0; i < params.length; i++) {
      const x = params[i]!(f);
      if (x === null) return false;
      xs[i] = x;
    }
    return true;
  };
  const dot = (b: Float64Array, shift = false): number => {
    let s = 0;
    for (let i = 0; i < b.length; i++) if (b[i] !== 0) s += b[i]! * (shift ? xs[i]! - referencePoints[i]! : xs[i]!);
    return s;
  };

  if (modelType === 'CoxRegression') return cox(ctx, { fill, dot: () => dot(betaOf(''), true) });

  if (!ctx.classification) {
    const shared = betaOf('');
    const link = modelType === 'generalizedLinear' ? linkOf(el) : (eta: number) => eta;
    const offset = offsetOf(el, 'offsetVariable', 'offsetValue', ctx);
    const trials = offsetOf(el, 'trialsVariable', 'trialsValue', ctx, 1);
    return {
      predict(f) {
        if (!fill(f)) return target.fallback;
        const o = offset(f);
        const n = trials(f);
        if (o === null || n === null) return target.fallback;
        return { value: target.rescale(link(dot(shared) + o) * n) };
      },
    };
  }

  // Classification: the categories in the target's declared order, else the ParamMatrix's.
  const declared = target.categories.map(keyOf);
  const keys = declared.length ? declared : [...betas.keys()].filter((k) => k !== '');
  const reference = el.attrs.targetReferenceCategory;
  const label = labelOf(target);
  if (modelType === 'multinomialLogistic' || modelType === 'generalLinear' || modelType === 'regression') {
    // Softmax with the reference category (no betas) at 0.
    const rows = keys.map((k) => (k === reference ? null : (betas.get(k) ?? null)));
    return {
      predict(f) {
        if (!fill(f)) return target.fallback;
        const ys = rows.map((b) => (b === null ? 0 : dot(b)));
        const max = Math.max(...ys);
        const es = ys.map((y) => Math.exp(y - max));
        const sum = es.reduce((s, e) => s + e, 0);
        return classify(new Map(keys.map((k, i) => [k, es[i]! / sum])), label);
      },
    };
  }
  if (modelType === 'generalizedLinear') {
    // Binary: the inverse link gives the probability of the first category that is not the reference.
    if (keys.length !== 2) throw refuse(el, 'a generalizedLinear classification needs a binary target');
    const event = reference !== undefined ? keys.find((k) => k !== reference)! : keys[1]!;
    const other = keys.find((k) => k !== event)!;
    const link = linkOf(el);
    const shared = betas.get(event) ?? betaOf('');
    return {
      predict(f) {
        if (!fill(f)) return target.fallback;
        const p = link(dot(shared));
        return classify(new Map(keys.map((k) => [k, k === event ? p : 1 - p])), label);
      },
    };
  }
  // ordinalMultinomial: P(Y ≤ k) = link(θ_k + Σ β·x), categories in order.
  const link = LINKS[oneOf(el, 'cumulativeLink', ['logit', 'probit', 'cloglog', 'loglog', 'cauchit'], 'logit')];
  const shared = betaOf('');
  const intercepts = keys.slice(0, -1).map((k) => betas.get(k) ?? new Float64Array(names.length));
  return {
    predict(f) {
      if (!fill(f)) return target.fallback;
      const base = dot(shared);
      const probs = new Map<string, number>();
      let below = 0;
      intercepts.forEach((b, i) => {
        const cum = link(base + dot(b));
        probs.set(keys[i]!, cum - below);
        below = cum;
      });
      probs.set(keys[keys.length - 1]!, 1 - below);
      return classify(probs, label);
    },
  };
}

/** The `item` children of the optional `container` child of `el`. */
function listOf(el: El, container: string, item: string): El[] {
  const c = child(el, container);
  return c ? kids(c, [item]) : [];
}

function predictorNames(list: El | undefined): string[] {
  if (!list) return [];
  return kids(list, ['Predictor']).map((p) => {
    if (p.attrs.contrastMatrixType !== undefined || p.children.some((c) => c.name === 'Matrix')) throw refuse(p, 'contrast matrices are not supported yet');
    return req(p, 'name');
  });
}

/** One parameter: Π over its PPCells of [factor = value] (0/1) or covariate^value; no cells: 1 (the intercept). */
function compileParam(cells: El[], opts: { factors: Set<string>; covariates: Set<string>; scope: Scope }): Param {
  const parts = cells.map((c) => {
    const name = req(c, 'predictorName');
    const def = opts.scope.resolve(name, c);
    if (opts.factors.has(name)) {
      const eq = equalsLiteral(def.dataType, req(c, 'value'));
      return (f: Frame): number | null => {
        const v = def.get(f);
        return v === null ? null : eq(v) ? 1 : 0;
      };
    }
    if (!opts.covariates.has(name)) throw refuse(c, `predictor "${name}" is neither a factor nor a covariate`);
    const exponent = num(c, 'value', 1);
    return (f: Frame): number | null => {
      const v = def.get(f);
      if (v === null) return null;
      const x = asNumber(v);
      return exponent === 1 ? x : Math.pow(x, exponent);
    };
  });
  if (parts.length === 0) return () => 1;
  return (f) => {
    let p = 1;
    for (const part of parts) {
      const x = part(f);
      if (x === null) return null;
      p *= x;
    }
    return p;
  };
}

/** offsetVariable / trialsVariable (a field) or offsetValue / trialsValue (a constant). */
function offsetOf(el: El, variable: string, value: string, ctx: BodyContext, fallback = 0): (f: Frame) => number | null {
  const field = el.attrs[variable];
  if (field !== undefined) {
    const get = ctx.scope.resolve(field, el).get;
    return (f) => {
      const v = get(f);
      return v === null ? null : asNumber(v);
    };
  }
  const c = num(el, value, fallback);
  return () => c;
}

/** Inverse link functions of generalizedLinear (PMML 4.4 "General Regression", linkFunction). */
function linkOf(el: El): (eta: number) => number {
  const fn: LinkFunction = oneOf(el, 'linkFunction', LINK_FUNCTIONS, 'identity');
  const a = num(el, 'linkParameter', NaN);
  switch (fn) {
    case 'identity':
      return (eta) => eta;
    case 'log':
      return Math.exp;
    case 'logc':
      return (eta) => 1 - Math.exp(eta);
    case 'power':
      if (Number.isNaN(a)) throw refuse(el, 'linkFunction="power" needs linkParameter');
      return a === 0 ? Math.exp : (eta) => Math.pow(eta, 1 / a);
    case 'oddspower':
      if (Number.isNaN(a)) throw refuse(el, 'linkFunction="oddspower" needs linkParameter');
      return a === 0 ? LINKS.logit : (eta) => 1 / (1 + Math.pow(1 + a * eta, -1 / a));
    case 'negbin':
      if (Number.isNaN(a)) throw refuse(el, 'linkFunction="negbin" needs distParameter');
      return (eta) => 1 / (a * (Math.exp(-eta) - 1));
    default:
      return LINKS[fn];
  }
}

/**
 * CoxRegression: hazard = H₀(t)·exp(Σ β·(x − referencePoint)), H₀ the cumulative hazard of the
 * last BaselineCell at or before t in the row's stratum; 0 before the first cell, missing past maxTime.
 */
function cox(ctx: BodyContext, lin: { fill: (f: Frame) => boolean; dot: () => number }): Body {
  const { el, scope, target } = ctx;
  const time = scope.resolve(req(el, 'endTimeVariable'), el).get;
  const tables = child(el, 'BaseCumHazardTables');
  if (!tables) throw refuse(el, 'CoxRegression needs BaseCumHazardTables');
  const readCells = (s: El): { times: number[]; hazards: number[]; maxTime: number } => {
    const cells = kids(s, ['BaselineCell']).map((c) => ({ t: num(c, 'time', NaN), h: num(c, 'cumHazard', NaN) })).sort((a, b) => a.t - b.t);
    return { times: cells.map((c) => c.t), hazards: cells.map((c) => c.h), maxTime: num(s, 'maxTime', Infinity) };
  };
  const strataVar = el.attrs.baselineStrataVariable;
  const strata = new Map<string, ReturnType<typeof readCells>>();
  let single: ReturnType<typeof readCells> | undefined;
  const strataEls = kids(tables, ['BaselineStratum', 'BaselineCell']);
  if (strataVar !== undefined) {
    const def = scope.resolve(strataVar, el);
    for (const s of strataEls.filter((s) => s.name === 'BaselineStratum')) strata.set(keyOf(parseAs(def.dataType ?? 'string', req(s, 'value')) ?? req(s, 'value')), readCells(s));
  } else single = { ...readCells(tables), maxTime: num(tables, 'maxTime', Infinity) };
  const stratumGet = strataVar !== undefined ? scope.resolve(strataVar, el).get : undefined;
  return {
    predict(f): Prediction | null {
      const t = time(f);
      if (t === null) return target.fallback;
      let table = single;
      if (stratumGet) {
        const s: Value = stratumGet(f);
        table = s === null ? undefined : strata.get(keyOf(s));
      }
      if (!table) return target.fallback;
      const x = asNumber(t);
      if (x > table.maxTime) return target.fallback;
      let h = 0;
      for (let i = 0; i < table.times.length && table.times[i]! <= x; i++) h = table.hazards[i]!;
      if (!lin.fill(f)) return target.fallback;
      return { value: target.rescale(h * Math.exp(lin.dot())) };
    },
  };
}
