/**
 * What a model returns for one row, and the target it predicts: Targets rescaling and defaults
 * (PMML 4.4 "Targets"), category order, and the float/double math context of a model.
 */

import type { DataFieldDef } from './dictionary.ts';
import { child, kids, num, oneOf, refuse } from './dom.ts';
import { keyOf, parseAs, type DataType, type OpType, type Value } from './values.ts';
import type { El } from './xml.ts';

/** One model's answer for one row; a missing prediction is `null`, never a Prediction. */
export interface Prediction {
  /** The predicted value: a number (regression) or a category typed as the target field. */
  readonly value: Value;
  /** Classification: probability by category key. */
  readonly probs?: ReadonlyMap<string, number>;
  /** TreeModel: ScoreDistribution confidences by category key. */
  readonly confidences?: ReadonlyMap<string, number>;
  /** The winning entity's id (tree Node, cluster, rule, nearest neighbor). */
  readonly entityId?: string;
  /** Entity ids best first, for OutputField rank (nearest neighbors). */
  readonly entityIds?: readonly string[];
  /** Affinity (distance or similarity) by entity id: clusters, neighbors. */
  readonly affinities?: ReadonlyMap<string, number>;
  /** The winning cluster's 1-based position (clusterId). */
  readonly clusterId?: number;
  /** predictedDisplayValue when the model names its answer itself (a Cluster name). */
  readonly display?: string;
  /** Scorecard reason codes, most important first (reasonCode with rank). */
  readonly reasonCodes?: readonly string[];
  /** AssociationModel: the rules that apply to the basket, per output algorithm, in document order. */
  readonly rules?: Readonly<Record<'recommendation' | 'exclusiveRecommendation' | 'ruleAssociation', readonly AssociationRule[]>>;
  /** selectAll: each scored segment's answer by segment id (OutputField segmentId picks one). */
  readonly bySegment?: ReadonlyMap<string, Prediction>;
  /** A multi-target model's answer per target field (OutputField targetField picks one). */
  readonly byTarget?: ReadonlyMap<string, Prediction>;
}

/** One AssociationRule with its measures (PMML 4.4 "Association Rules"). */
export interface AssociationRule {
  readonly id: string;
  readonly support: number;
  readonly confidence: number;
  readonly lift?: number;
  readonly leverage?: number;
  readonly affinity?: number;
}

export interface TargetInfo {
  /** null for a segment model without its own target field (its value feeds the ensemble). */
  readonly name: string | null;
  readonly dataType: DataType;
  readonly optype: OpType;
  /** The target's declared categories, in order (DataField Values); empty when undeclared. */
  readonly categories: readonly Value[];
  /** displayValue by category key (DataField Value, overridden by TargetValue). */
  readonly display: ReadonlyMap<string, string>;
  /** Rescales a regression result: min/max, rescaleFactor, rescaleConstant, castInteger. */
  readonly rescale: (x: number) => number;
  /** The rescaleConstant when it is the whole rescaling (factor 1, no bounds, no cast), else undefined. */
  readonly offset?: number;
  /** The prediction used when the model cannot score (TargetValue defaultValue or priorProbability). */
  readonly fallback: Prediction | null;
}

/** Rounding after each arithmetic step: identity for double, Math.fround for x-mathContext="float". */
export type Rnd = (x: number) => number;
const identity: Rnd = (x) => x;
/** The double math context's Rnd, for bodies that take a faster path when no rounding is needed. */
export const identityRnd = identity;

export function mathContext(model: El): Rnd {
  const v = model.attrs['x-mathContext'] ?? model.attrs.mathContext ?? 'double';
  if (v === 'float') return Math.fround;
  if (v !== 'double') throw refuse(model, `x-mathContext="${v}" is not float or double`);
  return identity;
}

/**
 * Resolves the target: type and categories from the DataDictionary (or the enclosing model's
 * target for a segment without one), rescaling and defaults from Targets.
 */
export function targetInfo(
  model: El,
  opts: { name: string | null; optype?: OpType; dataField?: DataFieldDef; inherited?: TargetInfo; classification: boolean; rnd: Rnd },
): TargetInfo {
  const { name, dataField, inherited, classification, rnd } = opts;
  const dataType = dataField?.dataType ?? inherited?.dataType ?? (classification ? 'string' : 'double');
  const optype = opts.optype ?? dataField?.optype ?? inherited?.optype ?? (classification ? 'categorical' : 'continuous');
  const categories = dataField?.valid ?? inherited?.categories ?? [];
  const display = new Map(dataField?.display ?? inherited?.display ?? []);
  const targetsEl = child(model, 'Targets');
  const target = targetsEl ? kids(targetsEl, ['Target']).find((t) => t.attrs.field === undefined || t.attrs.field === name) : undefined;
  if (!target) return { name, dataType, optype, categories, display, rescale: identity, fallback: null };

  const rescale = rescaler(target, rnd);
  const plain = ['min', 'max', 'rescaleFactor', 'castInteger'].every((a) => target.attrs[a] === undefined || (a === 'rescaleFactor' && num(target, a) === 1));
  const offset = plain ? rnd(num(target, 'rescaleConstant', 0)) : undefined;
  let fallback: Prediction | null = null;
  const priors = new Map<string, number>();
  const labels = new Map<string, Value>();
  for (const tv of kids(target, ['TargetValue'])) {
    if (tv.attrs.value !== undefined) {
      const label = parseAs(dataType, tv.attrs.value) ?? tv.attrs.value;
      if (tv.attrs.displayValue !== undefined) display.set(keyOf(label), tv.attrs.displayValue);
      const prior = num(tv, 'priorProbability');
      if (prior !== undefined) {
        priors.set(keyOf(label), prior);
        labels.set(keyOf(label), label);
      }
    }
    const dflt = num(tv, 'defaultValue');
    if (dflt !== undefined && !classification) fallback = { value: rescale(dflt) };
  }
  if (classification && priors.size) {
    // "If one or more RegressionTable elements cannot be evaluated, the predictions are the priorProbability values"
    const total = [...priors.values()].reduce((s, p) => s + p, 0);
    const probs = new Map([...priors].map(([k, p]) => [k, total === 1 ? p : p / total]));
    fallback = classify(probs, (k) => labels.get(k) ?? k);
  }
  return { name, dataType, optype, categories, display, rescale, offset, fallback };
}

/** Target min/max, then rescaleFactor and rescaleConstant, then castInteger (the order of JPMML and the spec). */
function rescaler(t: El, rnd: Rnd): (x: number) => number {
  const min = num(t, 'min', -Infinity);
  const max = num(t, 'max', Infinity);
  const factor = rnd(num(t, 'rescaleFactor', 1));
  const constant = rnd(num(t, 'rescaleConstant', 0));
  const castInteger = t.attrs.castInteger === undefined ? undefined : oneOf(t, 'castInteger', ['round', 'ceiling', 'floor'], 'round');
  const cast = castInteger === 'round' ? (x: number) => Math.floor(x + 0.5) : castInteger === 'ceiling' ? Math.ceil : castInteger === 'floor' ? Math.floor : identity;
  if (min === -Infinity && max === Infinity && factor === 1 && constant === 0 && cast === identity) return identity;
  return (x) => {
    let y = Math.min(Math.max(x, min), max);
    if (factor !== 1) y = rnd(y * factor);
    if (constant !== 0) y = rnd(y + constant);
    return cast(y);
  };
}

/** The category with the highest probability (the first one on ties, in map order). */
export function classify(probs: ReadonlyMap<string, number>, label: (key: string) => Value, extra?: Partial<Prediction>): Prediction {
  let best: string | undefined;
  let bestP = -Infinity;
  for (const [k, p] of probs) {
    if (p > bestP) {
      best = k;
      bestP = p;
    }
  }
  return { value: best === undefined ? null : label(best), probs, ...extra };
}

/** Parses a category key back into the target's type ("1" → 1 for an integer target). */
export function labelOf(target: TargetInfo): (key: string) => Value {
  return (k) => parseAs(target.dataType, k) ?? k;
}
