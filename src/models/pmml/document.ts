/**
 * A PMML document compiled for scoring: parse safely, read the DataDictionary and the global
 * TransformationDictionary, compile the model, and score rows through one reusable frame.
 */

import type { CompiledModel } from './body.ts';
import { readDictionary } from './dictionary.ts';
import { child, kids, refuse } from './dom.ts';
import { defineDerivedFields } from './expressions.ts';
import type { InputField } from './mining-schema.ts';
import { compileModel, MODEL_ELEMENTS } from './model.ts';
import type { Prediction, TargetInfo } from './prediction.ts';
import { Layout, Scope } from './scope.ts';
import type { DataType, Frame, Getter, Value } from './values.ts';
import { parseXml, type XmlLimits } from './xml.ts';

export interface PmmlEvaluator {
  /** The model element (TreeModel, MiningModel, …) and whether it classifies. */
  readonly element: string;
  readonly classification: boolean;
  /** The active MiningFields, in MiningSchema order: what `run` takes. */
  readonly inputs: readonly InputField[];
  readonly target: TargetInfo;
  /** Every result field: the target (when named), OutputFields, and exposed segment outputs. */
  readonly results: ReadonlyArray<{ readonly name: string; readonly dataType?: DataType }>;
  /** Reads a result field from a frame after `run`; undefined when no such field. */
  result(name: string): Getter | undefined;
  newFrame(): Frame;
  /**
   * Scores one row: `values[i]` is the raw value of `inputs[i]` (CSV text, a number, or null for
   * missing). Throws EvalError when the row is invalid for the model (e.g. returnInvalid).
   * An AssociationModel scores a group of rows: its item input takes the group's values as an array.
   */
  run(f: Frame, values: ArrayLike<Value | readonly Value[]>): Prediction | null;
}

/**
 * Compiles a PMML document; throws AppError('MODEL_INVALID') naming the element to fix.
 *
 * @example
 * const ev = compilePmml(bytes);
 * const f = ev.newFrame();
 * ev.run(f, ['5.1', '3.5', '1.4', '0.2']); // inputs in ev.inputs order
 * const species = ev.result('Species')!(f);
 */
export function compilePmml(bytes: Uint8Array, limits?: XmlLimits): PmmlEvaluator {
  const root = parseXml(bytes, limits);
  const parts = kids(root, ['DataDictionary', 'TransformationDictionary', ...MODEL_ELEMENTS]);
  const dictEl = child(root, 'DataDictionary');
  if (!dictEl) throw refuse(root, 'a PMML document needs a DataDictionary');
  const dictionary = readDictionary(dictEl);
  const models = parts.filter((p) => MODEL_ELEMENTS.includes(p.name));
  // A document may hold several models; like JPMML's default we score the first one.
  const modelEl = models[0];
  if (!modelEl) throw refuse(root, 'the document has no model');
  const transformations = child(root, 'TransformationDictionary');

  const layout = new Layout();
  const model: CompiledModel = compileModel(modelEl, new Scope(null, layout), {
    dictionary,
    top: true,
    prelude: (scope) => {
      if (transformations) defineDerivedFields(transformations, scope);
    },
  });
  const inputs = model.inputs;
  return {
    element: model.element,
    classification: model.classification,
    inputs,
    target: model.target,
    results: [...model.results.values()].map((d) => ({ name: d.name, dataType: d.dataType })),
    result: (name) => model.results.get(name)?.get,
    newFrame: () => new Array<Value | undefined>(layout.size).fill(undefined),
    run(f, values) {
      f.fill(undefined);
      // A basket (array) is read only by the AssociationModel body, straight from its raw slot.
      for (let i = 0; i < inputs.length; i++) f[inputs[i]!.rawSlot] = (values[i] ?? null) as Value;
      return model.evaluate(f);
    },
  };
}
