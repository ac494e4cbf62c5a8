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

const FEATURES = ['predictedValue', 'predictedDisplayValue', 'probability', 'confidence', 'entityId', 'transformedValue', 'decision'] as const;
type Feature = (typeof FEATURES)[number];

type Compute = (f: Frame, p: Prediction) => Value;

export function compileOutput(output: El | undefined, scope: Scope, target: TargetInfo, classification: boolean): CompiledOutput {
  if (!output) return { run: () => {}, fields: [] };
  // Later OutputFields may read earlier ones by name; the model's own fields stay visible.
  const outScope = new Scope(scope, scope.layout);
  const steps: Array<{ slot: number; compute: Compute }> = [];
  const fields: FieldDef[] = [];
  for (const of of kids(output, ['OutputField'])) {
    const name = req(of, 'name');
    const feature = oneOf<Feature>(of, 'feature', FEATURES, 'predictedValue');
    if (of.attrs.segmentId !== undefined) throw refuse(of, 'OutputField segmentId is not supported yet');
    if (num(of, 'rank', 1) !== 1) throw refuse(of, 'OutputField rank other than 1 is not supported yet');
    const targetField = of.attrs.targetField;
    if (targetField !== undefined && targetField !== target.name) throw refuse(of, `targetField "${targetField}" is not this model's target`);
    let compute = feature === 'transformedValue' || feature === 'decision' ? expression(of, outScope) : featureOf(of, feature, target, classification);
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

function featureOf(of: El, feature: Exclude<Feature, 'transformedValue' | 'decision'>, target: TargetInfo, classification: boolean): Compute {
  switch (feature) {
    case 'predictedValue':
      return (_f, p) => p.value;
    case 'predictedDisplayValue':
      return (_f, p) => target.display.get(keyOf(p.value)) ?? p.value;
    case 'entityId':
      return (_f, p) => p.entityId ?? null;
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
