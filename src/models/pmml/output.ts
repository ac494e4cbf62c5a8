/**
 * Output (PMML 4.4 "Output"): result fields computed from a model's prediction after it scores —
 * predictedValue, predictedDisplayValue, probability, confidence, entityId, transformedValue and
 * decision. Each is written to a frame slot and is visible to the OutputFields after it.
 */

import { kids, num, oneOf, refuse, req } from './dom.ts';
import { compileExpr, convert, expressionChild } from './expressions.ts';
import type { Prediction, TargetInfo } from './prediction.ts';
import { readSlot, Scope, type FieldDef } from './scope.ts';
import { dataTypeAttr, keyOf, opTypeAttr, parseAs, type Frame, type Getter, type Value } from './values.ts';
import type { El } from './xml.ts';

export interface CompiledOutput {
  /** Fills every OutputField's slot for this row from the prediction (null: all missing). */
  readonly run: (f: Frame, p: Prediction | null) => void;
  readonly fields: FieldDef[];
}

const FEATURES = [
  'predictedValue', 'predictedDisplayValue', 'probability', 'confidence', 'entityId', 'transformedValue', 'decision',
  'affinity', 'clusterAffinity', 'entityAffinity', 'clusterId', 'reasonCode', 'ruleValue',
] as const;
type Feature = (typeof FEATURES)[number];

type Compute = (f: Frame, p: Prediction) => Value;

export function compileOutput(
  output: El | undefined,
  scope: Scope,
  target: TargetInfo,
  opts: { classification: boolean; targets?: readonly string[]; bySegment?: boolean },
): CompiledOutput {
  const { classification } = opts;
  if (!output) return { run: () => {}, fields: [] };
  // Later OutputFields may read earlier ones by name; the model's own fields stay visible.
  const outScope = new Scope(scope, scope.layout);
  const steps: Array<{ slot: number; compute: Compute }> = [];
  const fields: FieldDef[] = [];
  for (const of of kids(output, ['OutputField'])) {
    const name = req(of, 'name');
    const feature = oneOf<Feature>(of, 'feature', FEATURES, 'predictedValue');
    const segmentId = of.attrs.segmentId;
    if (segmentId !== undefined && !opts.bySegment) throw refuse(of, 'OutputField segmentId is supported for selectAll ensembles only');
    const rank = num(of, 'rank', 1);
    if (!(Number.isInteger(rank) && rank >= 1)) throw refuse(of, `rank="${of.attrs.rank}" is not a positive integer`);
    if (rank !== 1 && feature !== 'entityId' && feature !== 'reasonCode' && feature !== 'ruleValue' && feature !== 'affinity' && feature !== 'entityAffinity') throw refuse(of, `rank with feature="${feature}" is not supported yet`);
    if ((of.attrs.isMultiValued ?? '0') !== '0') throw refuse(of, 'isMultiValued OutputFields are not supported yet');
    const targetField = of.attrs.targetField;
    const other = targetField !== undefined && targetField !== target.name;
    if (other && !opts.targets?.includes(targetField)) throw refuse(of, `targetField "${targetField}" is not this model's target`);
    let compute = feature === 'transformedValue' || feature === 'decision' ? expression(of, outScope) : featureOf(of, feature, { target, classification, rank });
    if (segmentId !== undefined) {
      // selectAll: the feature of that segment's own prediction (missing when it was not scored).
      const own = compute;
      compute = (f, p) => {
        const sub = p.bySegment?.get(segmentId);
        return sub ? own(f, sub) : null;
      };
    }
    if (other) {
      // A multi-target model: the feature of that target's own prediction.
      const own = compute;
      compute = (f, p) => {
        const sub = p.byTarget?.get(targetField!);
        return sub ? own(f, sub) : null;
      };
    }
    const dataType = dataTypeAttr(of);
    if (dataType) {
      const raw = compute;
      compute = (f, p) => {
        const v = raw(f, p);
        return v === null ? null : convert(dataType, v, name);
      };
    }
    const slot = scope.layout.slot();
    steps.push({ slot, compute });
    const def: FieldDef = { name, get: readSlot(slot), dataType, optype: opTypeAttr(of) };
    outScope.define(def, of, true);
    fields.push(def);
  }
  return {
    fields,
    run: (f, p) => {
      // "If the target value is missing, then the result delivered by this OutputField is missing"
      for (const s of steps) f[s.slot] = p === null ? null : s.compute(f, p);
    },
  };
}

function expression(of: El, scope: Scope): Compute {
  const exprEl = expressionChild(of);
  if (!exprEl) throw refuse(of, `feature="${of.attrs.feature}" needs an expression`);
  const get: Getter = compileExpr(exprEl, scope).get;
  return (f) => get(f);
}

function featureOf(of: El, feature: Exclude<Feature, 'transformedValue' | 'decision'>, opts: { target: TargetInfo; classification: boolean; rank: number }): Compute {
  const { target, classification, rank } = opts;
  switch (feature) {
    case 'predictedValue':
      return (_f, p) => p.value;
    case 'predictedDisplayValue':
      return (_f, p) => p.display ?? target.display.get(keyOf(p.value)) ?? p.value;
    case 'entityId':
      return (_f, p) => (rank === 1 ? (p.entityId ?? p.entityIds?.[0] ?? null) : (p.entityIds?.[rank - 1] ?? null));
    case 'clusterId':
      return (_f, p) => p.clusterId ?? null;
    case 'ruleValue':
      return ruleValue(of, rank);
    case 'reasonCode':
      return (_f, p) => p.reasonCodes?.[rank - 1] ?? null;
    case 'affinity':
    case 'clusterAffinity':
    case 'entityAffinity': {
      // "value" names the entity; without it, the winning (or rank-th) entity's affinity.
      const fixed = of.attrs.value;
      return (_f, p) => {
        const id = fixed ?? (rank === 1 ? (p.entityId ?? p.entityIds?.[0]) : p.entityIds?.[rank - 1]);
        return id === undefined ? null : (p.affinities?.get(id) ?? null);
      };
    }
    case 'probability':
    case 'confidence': {
      if (!classification) throw refuse(of, `feature="${feature}" needs a classification model`);
      // "If the value attribute is not specified, then the predicted categorical value is used"
      const fixed = of.attrs.value === undefined ? undefined : keyOf(parseAs(target.dataType, of.attrs.value) ?? of.attrs.value);
      const pick = feature === 'confidence' ? (p: Prediction) => p.confidences ?? p.probs : (p: Prediction) => p.probs;
      return (_f, p) => {
        const category = fixed ?? keyOf(p.value);
        const dist = pick(p);
        if (!dist) return category === keyOf(p.value) ? 1 : 0;
        return dist.get(category) ?? 0;
      };
    }
  }
}

const RULE_FEATURES = ['ruleId', 'support', 'confidence', 'lift', 'leverage', 'affinity'] as const;

/**
 * ruleValue (PMML 4.4 "Output", association rules): the rank-th rule of the chosen algorithm's list,
 * ordered by rankBasis (stable: equal values keep document order), and one of its measures.
 */
function ruleValue(of: El, rank: number): Compute {
  const asked = oneOf(of, 'ruleFeature', [...RULE_FEATURES, 'antecedent', 'consequent', 'rule'], 'consequent');
  if (!(RULE_FEATURES as readonly string[]).includes(asked)) throw refuse(of, `ruleFeature="${asked}" (an item set) is not supported yet`);
  const ruleFeature = asked as (typeof RULE_FEATURES)[number];
  const algorithm = oneOf(of, 'algorithm', ['recommendation', 'exclusiveRecommendation', 'ruleAssociation'], 'exclusiveRecommendation');
  const basis = oneOf(of, 'rankBasis', ['confidence', 'support', 'lift', 'leverage', 'affinity'], 'confidence');
  const descending = oneOf(of, 'rankOrder', ['descending', 'ascending'], 'descending') === 'descending';
  return (_f, p) => {
    const list = p.rules?.[algorithm];
    if (!list || list.length < rank) return null;
    const ranked = [...list].sort((a, b) => {
      const d = (a[basis] ?? NaN) - (b[basis] ?? NaN);
      return descending ? -d : d;
    });
    const r = ranked[rank - 1]!;
    const v = ruleFeature === 'ruleId' ? r.id : r[ruleFeature];
    return v ?? null;
  };
}
