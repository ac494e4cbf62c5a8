/**
 * The part every model element shares (PMML 4.4 "Common Elements of Models"): MiningSchema,
 * LocalTransformations, Targets and Output around a model-specific body, compiled to one
 * `evaluate(frame)` per model. Bodies are looked up in one table by element name.
 */

import { ANOMALY_DETECTION_CHILDREN, compileAnomalyDetectionModel } from './anomaly-detection.ts';
import { ASSOCIATION_CHILDREN, compileAssociationModel } from './association.ts';
import type { Body, BodyContext, CompiledModel } from './body.ts';
import type { Dictionary } from './dictionary.ts';
import { child, kids, oneOf, refuse } from './dom.ts';
import { defineDerivedFields } from './expressions.ts';
import { CLUSTERING_CHILDREN, compileClusteringModel } from './clustering.ts';
import { compileGeneralRegressionModel, GENERAL_REGRESSION_CHILDREN } from './general-regression.ts';
import { compileMiningModel } from './mining.ts';
import { compileMiningSchema } from './mining-schema.ts';
import { compileNaiveBayesModel, NAIVE_BAYES_CHILDREN } from './naive-bayes.ts';
import { compileNearestNeighborModel, NEAREST_NEIGHBOR_CHILDREN } from './nearest-neighbor.ts';
import { compileNeuralNetwork, NEURAL_NETWORK_CHILDREN } from './neural-network.ts';
import { compileOutput } from './output.ts';
import { mathContext, targetInfo, type TargetInfo } from './prediction.ts';
import { compileRegressionModel } from './regression.ts';
import { compileRuleSetModel, RULE_SET_CHILDREN } from './rule-set.ts';
import { compileScorecard, SCORECARD_CHILDREN } from './scorecard.ts';
import { compileSupportVectorMachineModel, SUPPORT_VECTOR_MACHINE_CHILDREN } from './support-vector-machine.ts';
import { readSlot, Scope, type FieldDef } from './scope.ts';
import { compileTreeModel } from './tree.ts';
import type { El } from './xml.ts';

interface BodyCompiler {
  /** Child elements this body reads, beyond the common ones. */
  readonly children: readonly string[];
  /** True when the body predicts several target fields itself (exposing one result field each). */
  readonly multiTarget?: boolean;
  /** functionName values the body scores; default regression and classification. */
  readonly functions?: readonly string[];
  compile(ctx: BodyContext): Body;
}

/** Model types by element name: adding one is one file plus one row (issue 5 grows this table). */
const BODIES: Record<string, BodyCompiler> = {
  RegressionModel: { children: ['RegressionTable'], compile: compileRegressionModel },
  TreeModel: { children: ['Node'], compile: compileTreeModel },
  MiningModel: { children: ['Segmentation'], functions: ['regression', 'classification', 'clustering'], compile: compileMiningModel },
  GeneralRegressionModel: { children: GENERAL_REGRESSION_CHILDREN, compile: compileGeneralRegressionModel },
  NeuralNetwork: { children: NEURAL_NETWORK_CHILDREN, compile: compileNeuralNetwork },
  SupportVectorMachineModel: { children: SUPPORT_VECTOR_MACHINE_CHILDREN, compile: compileSupportVectorMachineModel },
  ClusteringModel: { children: CLUSTERING_CHILDREN, functions: ['clustering'], compile: compileClusteringModel },
  RuleSetModel: { children: RULE_SET_CHILDREN, compile: compileRuleSetModel },
  NaiveBayesModel: { children: NAIVE_BAYES_CHILDREN, compile: compileNaiveBayesModel },
  Scorecard: { children: SCORECARD_CHILDREN, compile: compileScorecard },
  AssociationModel: { children: ASSOCIATION_CHILDREN, functions: ['associationRules'], compile: compileAssociationModel },
  AnomalyDetectionModel: { children: ANOMALY_DETECTION_CHILDREN, compile: compileAnomalyDetectionModel },
  NearestNeighborModel: { children: NEAREST_NEIGHBOR_CHILDREN, multiTarget: true, functions: ['regression', 'classification', 'clustering', 'mixed'], compile: compileNearestNeighborModel },
};

export const MODEL_ELEMENTS = [
  ...Object.keys(BODIES),
  'BayesianNetworkModel', 'BaselineModel', 'GaussianProcessModel', 'SequenceModel', 'TextModel', 'TimeSeriesModel',
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
  const fn = oneOf(el, 'functionName', body.functions ?? ['regression', 'classification'], 'regression');
  if (el.attrs.functionName === undefined) throw refuse(el, 'attribute functionName is required');
  // Clustering answers with a category (a cluster id): it is scored and combined like classification.
  const classification = fn === 'classification' || fn === 'clustering';
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
  if (schema.targetNames.length > 1 && el.name !== 'MiningModel' && !body.multiTarget) throw refuse(el, 'models with several target fields are not supported yet');
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
    functionName: fn,
    targets: schema.targetNames,
    inputs: schema.inputs,
    rnd,
    dictionary: opts.dictionary,
    compileNested: (nested, nestedScope, inherited) => compileModel(nested, nestedScope, { dictionary: opts.dictionary, top: false, inherited }),
  });
  scope.force();
  const output = compileOutput(child(el, 'Output'), scope, target, { classification, targets: schema.targetNames, bySegment: compiled.bySegment });

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
