/** The contract between the model shell (model.ts) and each model body (regression, tree, mining). */

import type { Dictionary } from './dictionary.ts';
import type { InputField } from './mining-schema.ts';
import type { Prediction, Rnd, TargetInfo } from './prediction.ts';
import type { FieldDef, Scope } from './scope.ts';
import type { Frame } from './values.ts';
import type { El } from './xml.ts';

export interface CompiledModel {
  readonly element: string;
  readonly classification: boolean;
  readonly target: TargetInfo;
  /** Top level only: the active MiningFields the caller supplies. */
  readonly inputs: InputField[];
  /** Result fields by name: the target, the OutputFields, and outputs a selectFirst/modelChain exposes. */
  readonly results: ReadonlyMap<string, FieldDef>;
  /** The OutputFields alone (a modelChain declares them to the segments after this one). */
  readonly outputs: readonly FieldDef[];
  /** Scores the row in the frame: writes the target and output slots, returns the prediction. */
  evaluate(f: Frame): Prediction | null;
}

/** What a model body gets to compile itself with. */
export interface BodyContext {
  readonly el: El;
  readonly scope: Scope;
  readonly target: TargetInfo;
  readonly classification: boolean;
  /** Every target field the MiningSchema names (several for a multi-target NearestNeighborModel). */
  readonly targets: readonly string[];
  /** Top level only: the active fields' raw slots (to run training instances through the transformations). */
  readonly inputs: readonly InputField[];
  /** The model's functionName (regression, classification, clustering, …). */
  readonly functionName: string;
  readonly rnd: Rnd;
  readonly dictionary: Dictionary;
  /** Compiles a Segment's model in the ensemble's scope (MiningModel only). */
  readonly compileNested: (el: El, scope: Scope, inherited: TargetInfo) => CompiledModel;
}

export interface Body {
  predict(f: Frame): Prediction | null;
  /** True when predictions carry `bySegment` (selectAll): OutputField segmentId may pick one. */
  readonly bySegment?: boolean;
  /** Result fields of nested models the ensemble exposes as its own (selectFirst, modelChain). */
  readonly exposed?: readonly FieldDef[];
}
