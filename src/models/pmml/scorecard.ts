/**
 * Scorecard (PMML 4.4 "Scorecard"): initialScore + the partial score of the first matching
 * Attribute of every Characteristic. Reason codes rank characteristics by how far their points
 * fall below (pointsBelow) or rise above (pointsAbove) the baseline; only positive gaps count.
 */

import type { Body, BodyContext } from './body.ts';
import { child, kids, num, oneOf, refuse } from './dom.ts';
import { compileExpr, expressionChild } from './expressions.ts';
import { compilePredicate, PREDICATES, type Pred } from './predicates.ts';
import { asNumber, type Frame } from './values.ts';
import type { El } from './xml.ts';

export const SCORECARD_CHILDREN = ['Characteristics'];

interface Attribute {
  readonly pred: Pred;
  readonly points: (f: Frame) => number | null;
  readonly reasonCode?: string;
}

interface Characteristic {
  readonly attributes: readonly Attribute[];
  readonly reasonCode?: string;
  readonly baseline: number;
}

export function compileScorecard(ctx: BodyContext): Body {
  const { el, target } = ctx;
  if (ctx.classification) throw refuse(el, 'a classification Scorecard is not supported yet');
  const initial = num(el, 'initialScore', 0);
  const useReasonCodes = (el.attrs.useReasonCodes ?? 'true') === 'true';
  const algorithm = oneOf(el, 'reasonCodeAlgorithm', ['pointsBelow', 'pointsAbove'], 'pointsBelow');
  const modelBaseline = num(el, 'baselineScore');
  const chars = child(el, 'Characteristics');
  if (!chars) throw refuse(el, 'a Scorecard needs Characteristics');
  const characteristics: Characteristic[] = kids(chars, ['Characteristic']).map((c) => {
    const baseline = num(c, 'baselineScore') ?? modelBaseline;
    if (useReasonCodes && baseline === undefined) throw refuse(c, 'reason codes need a baselineScore on the Characteristic or the Scorecard');
    const attributes = kids(c, ['Attribute']).map((a) => compileAttribute(a, ctx));
    if (useReasonCodes && c.attrs.reasonCode === undefined && attributes.some((a) => a.reasonCode === undefined)) {
      throw refuse(c, 'reason codes need a reasonCode on the Characteristic or each Attribute');
    }
    return { attributes, reasonCode: c.attrs.reasonCode, baseline: baseline ?? 0 };
  });

  return {
    predict(f) {
      let score = initial;
      const gaps = new Map<string, number>();
      for (const c of characteristics) {
        const a = c.attributes.find((x) => x.pred(f) === true);
        // No Attribute matches: the scorecard cannot score the row.
        if (!a) return target.fallback;
        const points = a.points(f);
        if (points === null) return target.fallback;
        score += points;
        if (useReasonCodes) {
          const code = a.reasonCode ?? c.reasonCode!;
          const gap = algorithm === 'pointsBelow' ? c.baseline - points : points - c.baseline;
          gaps.set(code, (gaps.get(code) ?? 0) + gap);
        }
      }
      if (!useReasonCodes) return { value: target.rescale(score) };
      // Stable sort: equal gaps keep the order of their characteristics.
      const reasonCodes = [...gaps].filter(([, g]) => g > 0).sort((x, y) => y[1] - x[1]).map(([code]) => code);
      return { value: target.rescale(score), reasonCodes };
    },
  };
}

function compileAttribute(a: El, ctx: BodyContext): Attribute {
  const parts = kids(a, [...PREDICATES, 'ComplexPartialScore']);
  const predEl = parts.find((p) => p.name !== 'ComplexPartialScore');
  if (!predEl) throw refuse(a, 'an Attribute needs a predicate');
  const complex = parts.find((p) => p.name === 'ComplexPartialScore');
  let points: Attribute['points'];
  if (complex) {
    const exprEl = expressionChild(complex);
    if (!exprEl) throw refuse(complex, 'a ComplexPartialScore needs an expression');
    const get = compileExpr(exprEl, ctx.scope).get;
    points = (f) => {
      const v = get(f);
      return v === null ? null : asNumber(v);
    };
  } else {
    const p = num(a, 'partialScore', NaN);
    if (Number.isNaN(p)) throw refuse(a, 'an Attribute needs a partialScore or a ComplexPartialScore');
    points = () => p;
  }
  return { pred: compilePredicate(predEl, ctx.scope), points, reasonCode: a.attrs.reasonCode };
}
