/**
 * The part every model element shares (PMML 4.4 "Common Elements of Models"): MiningSchema,
 * LocalTransformations, Targets and Output around a model-specific body, compiled to one
 * `evaluate(frame)` per model. Bodies are looked up in one table by element name.
 */

import type { Body, BodyContext, CompiledModel } from './body.ts';
import type { Dictionary } from './dictionary.ts';
import { child, kids, oneOf, refuse } from './dom.ts';
import { defineDerivedFields } from './expressions.ts';
import { compileMiningModel } from './mining.ts';
import { compileMiningSchema } from './mining-schema.ts';
import { compileOutput } from './output.ts';
import { mathContext, targetInfo, type TargetInfo } from './prediction.ts';
import { compileRegressionModel } from './regression.ts';
import { readSlot, Scope, type FieldDef } from './scope.ts';
import { compileTreeModel } from './tree.ts';
import type { El } from './xml.ts';

interface BodyCompiler {
  /** Child elements this body reads, beyond the common ones. */
  readonly children: readonly string[];
  compile(ctx: BodyContext): Body;
}

/** Model types by element name: adding one is one file plus one row (issue 5 grows this table). */
const BODIES: Record<string, BodyCompiler> = {
  RegressionModel: { children: ['RegressionTable'], compile: compileRegressionModel },
  TreeModel: { children: ['Node'], compile: compileTreeModel },
  MiningModel: { children: ['Segmentation'], compile: compileMiningModel },
};

export const MODEL_ELEMENTS = [
  ...Object.keys(BODIES),
  'AnomalyDetectionModel', 'AssociationModel', 'BayesianNetworkModel', 'BaselineModel', 'ClusteringModel',
  'GaussianProcessModel', 'GeneralRegressionModel', 'NaiveBayesModel', 'NearestNeighborModel', 'NeuralNetwork',
  'RuleSetModel', 'SequenceModel', 'Scorecard', 'SupportVectorMachineModel', 'TextModel', 'TimeSeriesModel',
];

const COMMON = ['MiningSchema', 'Output', 'Targets', 'LocalTransformations'];

export interface ModelOptions {
  readonly dictionary: Dictionary;
  /** True for the document's model: its MiningSchema defines the inputs. */
  readonly top: boolean;
  /** The enclosing ensemble's target, for a segment model that does not name its own. */
  readonly inherited?: TargetInfo;
  /** Defines the TransformationDictionary's fields once the top-level inputs exist. */
  readonly prelude?: (scope: Scope) => void;
}

export function compileModel(el: El, parent: Scope, opts: ModelOptions): CompiledModel {
  const body = BODIES[el.name];
  if (!body) throw refuse(el, `model type ${el.name} is not supported yet`);
  if (el.attrs.isScorable === 'false') throw refuse(el, 'the model is marked isScorable="false"');
  const fn = oneOf(el, 'functionName', ['regression', 'classification'], 'regression');
  if (el.attrs.functionName === undefined) throw refuse(el, 'attribute functionName is required');
  const classification = fn === 'classification';
  kids(el, [...COMMON, ...body.children]);

  const scope = new Scope(parent, parent.layout);
  const schemaEl = child(el, 'MiningSchema');
  if (!schemaEl) throw refuse(el, 'a model needs a MiningSchema');
  const schema = compileMiningSchema(schemaEl, scope, opts.top ? opts.dictionary : null);
  opts.prelude?.(scope);
  const local = child(el, 'LocalTransformations');
  if (local) defineDerivedFields(local, scope);

  const rnd = mathContext(el);
  // Several targets: only an ensemble whose segments each predict one of them (a modelChain feeding
  // one target into the next) can be scored; its result fields then come from the segments.
  if (schema.targetNames.length > 1 && el.name !== 'MiningModel') throw refuse(el, 'models with several target fields are not supported yet');
  const targetName = schema.targetNames.length === 1 ? schema.targetNames[0]! : schema.targetNames.length ? null : (el.attrs.targetFieldName ?? null);
  const target = targetInfo(el, {
    name: targetName,
    optype: schema.targetOptype,
    dataField: targetName === null ? undefined : opts.dictionary.get(targetName),
    inherited: targetName === null ? opts.inherited : undefined,
    classification,
    rnd,
  });
  const compiled = body.compile({
    el,
    scope,
    target,
    classification,
    rnd,
    dictionary: opts.dictionary,
    compileNested: (nested, nestedScope, inherited) => compileModel(nested, nestedScope, { dictionary: opts.dictionary, top: false, inherited }),
  });
  scope.force();
  const output = compileOutput(child(el, 'Output'), scope, target, classification);

  const targetSlot = scope.layout.slot();
  const results = new Map<string, FieldDef>();
  for (const def of compiled.exposed ?? []) results.set(def.name, def);
  if (target.name !== null) results.set(target.name, { name: target.name, get: readSlot(targetSlot), dataType: target.dataType, optype: target.optype });
  for (const def of output.fields) results.set(def.name, def);

  return {
    element: el.name,
    classification,
    target,
    inputs: schema.inputs,
    results,
    outputs: output.fields,
    evaluate(f) {
      const p = compiled.predict(f);
      f[targetSlot] = p === null ? null : p.value;
      output.run(f, p);
      return p;
    },
  };
}
