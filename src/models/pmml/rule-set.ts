/**
 * RuleSetModel (PMML 4.4 "RuleSet"): SimpleRules (nested in CompoundRules) with predicates; the
 * first RuleSelectionMethod decides among the rules that fire — firstHit, weightedMax (the heaviest
 * rule) or weightedSum (the category with the largest total weight, confidence = total / rules fired).
 */

import type { Body, BodyContext } from './body.ts';
import { child, kids, num, oneOf, refuse, req } from './dom.ts';
import { compilePredicate, PREDICATES, type Pred } from './predicates.ts';
import type { Prediction } from './prediction.ts';
import { keyOf, parseAs, type Frame, type Value } from './values.ts';
import type { El } from './xml.ts';

export const RULE_SET_CHILDREN = ['RuleSet'];

interface Rule {
  readonly pred: Pred;
  /** SimpleRule: its answer; CompoundRule: undefined (see `children`). */
  readonly score?: Value;
  readonly id?: string;
  readonly weight: number;
  readonly confidence: number;
  readonly children: readonly Rule[];
}

export function compileRuleSetModel(ctx: BodyContext): Body {
  const { el, scope, target } = ctx;
  if (!ctx.classification) throw refuse(el, 'a RuleSetModel must be a classification model');
  const rs = child(el, 'RuleSet');
  if (!rs) throw refuse(el, 'a RuleSetModel needs a RuleSet');
  const parts = kids(rs, ['RuleSelectionMethod', 'ScoreDistribution', 'SimpleRule', 'CompoundRule']);
  const methodEl = parts.find((p) => p.name === 'RuleSelectionMethod');
  if (!methodEl) throw refuse(rs, 'a RuleSet needs a RuleSelectionMethod');
  const criterion = oneOf(methodEl, 'criterion', ['firstHit', 'weightedSum', 'weightedMax'], 'firstHit');
  const parse = (s: string): Value => parseAs(target.dataType, s) ?? s;
  const build = (r: El): Rule => {
    const predEl = r.children.find((c) => (PREDICATES as readonly string[]).includes(c.name));
    if (!predEl) throw refuse(r, 'a rule needs a predicate');
    const pred = compilePredicate(predEl, scope);
    if (r.name === 'CompoundRule') {
      const children = kids(r, [...PREDICATES, 'SimpleRule', 'CompoundRule']).filter((c) => c.name === 'SimpleRule' || c.name === 'CompoundRule').map(build);
      return { pred, weight: 1, confidence: 1, children };
    }
    kids(r, [...PREDICATES, 'ScoreDistribution']);
    return { pred, score: parse(req(r, 'score')), id: r.attrs.id, weight: num(r, 'weight', 1), confidence: num(r, 'confidence', 1), children: [] };
  };
  const rules = parts.filter((p) => p.name === 'SimpleRule' || p.name === 'CompoundRule').map(build);
  const defaultScore = rs.attrs.defaultScore === undefined ? undefined : parse(rs.attrs.defaultScore);
  const fallback: Prediction | null =
    defaultScore === undefined ? null : { value: defaultScore, confidences: new Map([[keyOf(defaultScore), num(rs, 'defaultConfidence', 0)]]) };

  /** The SimpleRules that fire, in document order; firstHit stops at the first. */
  const fired: Rule[] = [];
  const collect = (list: readonly Rule[], f: Frame, first: boolean): boolean => {
    for (const r of list) {
      if (r.pred(f) !== true) continue;
      if (r.score === undefined) {
        if (collect(r.children, f, first) && first) return true;
        continue;
      }
      fired.push(r);
      if (first) return true;
    }
    return false;
  };
  const single = (r: Rule): Prediction => ({ value: r.score!, entityId: r.id, confidences: new Map([[keyOf(r.score!), r.confidence]]) });

  return {
    predict(f) {
      fired.length = 0;
      collect(rules, f, criterion === 'firstHit');
      if (fired.length === 0) return fallback;
      if (criterion === 'firstHit') return single(fired[0]!);
      if (criterion === 'weightedMax') {
        let best = fired[0]!;
        for (const r of fired) if (r.weight > best.weight) best = r;
        return single(best);
      }
      const sums = new Map<string, { score: Value; total: number }>();
      for (const r of fired) {
        const k = keyOf(r.score!);
        const s = sums.get(k) ?? { score: r.score!, total: 0 };
        s.total += r.weight;
        sums.set(k, s);
      }
      let best: { score: Value; total: number } | undefined;
      for (const s of sums.values()) if (!best || s.total > best.total) best = s;
      const confidences = new Map([...sums].map(([k, s]) => [k, s.total / fired.length]));
      return { value: best!.score, confidences };
    },
  };
}
