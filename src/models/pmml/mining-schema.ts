/**
 * MiningSchema (PMML 4.4 "MiningSchema"): which fields a model reads and how each input is
 * treated before use — missing values, invalid values (outside the DataDictionary's Values or
 * Intervals) and outliers — compiled to one lazily evaluated slot per treated field.
 */

import { inInterval, type DataFieldDef, type Dictionary } from './dictionary.ts';
import { kids, num, oneOf, refuse, req } from './dom.ts';
import { lazySlot, type FieldDef, type Scope } from './scope.ts';
import { castTo, EvalError, opTypeAttr, parseAs, type DataType, type OpType, type Value } from './values.ts';
import type { El } from './xml.ts';

/** An input of the top-level model: where the caller writes its raw value. */
export interface InputField {
  readonly name: string;
  readonly dataType: DataType;
  readonly optype: OpType;
  readonly rawSlot: number;
  /** usageType="group": rows sharing its value form one input (an AssociationModel basket). */
  readonly group?: true;
}

export interface MiningSchema {
  /** The targets (usageType target/predicted) the model names, usually one. */
  readonly targetNames: readonly string[];
  readonly targetOptype?: OpType;
  /** Top-level only: the active fields, in MiningSchema order. */
  readonly inputs: InputField[];
}

const USAGE = ['active', 'predicted', 'target', 'supplementary', 'group', 'order', 'frequencyWeight', 'analysisWeight'] as const;

/**
 * Defines the model's fields in `scope`. At the top level (`dictionary` given) every active field
 * gets a raw slot the caller fills; nested models read their parent's already-prepared values and
 * only re-treat a field when their MiningField asks for a different treatment.
 */
export function compileMiningSchema(el: El, scope: Scope, top: Dictionary | null): MiningSchema {
  const targetNames: string[] = [];
  let targetOptype: OpType | undefined;
  const inputs: InputField[] = [];
  for (const mf of kids(el, ['MiningField'])) {
    const name = req(mf, 'name');
    const usage = oneOf(mf, 'usageType', USAGE, 'active');
    if (usage === 'predicted' || usage === 'target') {
      targetNames.push(name);
      targetOptype ??= opTypeAttr(mf);
      continue;
    }
    if (usage === 'frequencyWeight' || usage === 'analysisWeight') continue; // training-only fields
    if (top) {
      const df = top.get(name);
      if (!df) throw refuse(mf, `field "${name}" is not in the DataDictionary`);
      if (usage === 'supplementary') {
        // Descriptive only: never an input, missing if something reads it.
        scope.define({ name, get: () => null, dataType: df.dataType, optype: df.optype }, mf);
        continue;
      }
      const rawSlot = scope.layout.slot();
      const optype = opTypeAttr(mf) ?? df.optype;
      inputs.push({ name, dataType: df.dataType, optype, rawSlot, ...(usage === 'group' ? { group: true as const } : {}) });
      const prepare = preparer(mf, df.dataType, df);
      scope.define({ name, dataType: df.dataType, optype, values: df.valid, get: lazySlot(scope.layout.slot(), (f) => prepare(f[rawSlot] ?? null)) }, mf);
      continue;
    }
    const parent = scope.parent?.find(name);
    if (!parent) throw refuse(mf, `field "${name}" is not defined by the enclosing model`);
    const optype = opTypeAttr(mf);
    if (isDefault(mf)) {
      if (optype && optype !== parent.optype) scope.define({ ...parent, optype }, mf);
      continue;
    }
    const prepare = preparer(mf, parent.dataType ?? 'double', undefined);
    scope.define({ ...parent, optype: optype ?? parent.optype, get: lazySlot(scope.layout.slot(), (f) => prepare(parent.get(f))) }, mf);
  }
  return { targetNames, targetOptype, inputs };
}

/** A nested MiningField that asks for nothing beyond what the enclosing model already applied. */
function isDefault(mf: El): boolean {
  const a = mf.attrs;
  return (
    a.missingValueReplacement === undefined &&
    a.missingValueTreatment !== 'returnInvalid' &&
    a.invalidValueReplacement === undefined &&
    (a.invalidValueTreatment === undefined || a.invalidValueTreatment === 'returnInvalid' || a.invalidValueTreatment === 'asIs') &&
    (a.outliers === undefined || a.outliers === 'asIs')
  );
}

type Status = 'valid' | 'invalid' | 'missing';

/**
 * The treatment of one input value: parse it as the field's type, classify it valid / invalid /
 * missing against the DataDictionary, then apply the MiningField's treatment for that class.
 */
export function preparer(mf: El, dataType: DataType, df: DataFieldDef | undefined): (raw: Value) => Value {
  const replacement = (attr: string): Value | undefined => {
    const s = mf.attrs[attr];
    if (s === undefined) return undefined;
    const v = parseAs(dataType, s);
    if (v === undefined) throw refuse(mf, `${attr}="${s}" is not a ${dataType}`);
    return v;
  };
  const missingReplacement = replacement('missingValueReplacement');
  const invalidReplacement = replacement('invalidValueReplacement');
  const missingTreatment = mf.attrs.missingValueTreatment ?? 'asIs';
  const invalidTreatment = oneOf(mf, 'invalidValueTreatment', ['returnInvalid', 'asIs', 'asMissing', 'asValue'], 'returnInvalid');
  const outliers = oneOf(mf, 'outliers', ['asIs', 'asMissingValues', 'asExtremeValues'], 'asIs');
  const low = num(mf, 'lowValue');
  const high = num(mf, 'highValue');
  if (outliers !== 'asIs' && low === undefined && high === undefined) throw refuse(mf, `outliers="${outliers}" needs lowValue or highValue`);
  const name = mf.attrs.name!;
  // Declared values as typed values (SameValueZero sets): no per-row string conversion of numbers.
  const valid = df && df.valid.length ? new Set<Value>(df.valid) : undefined;
  const typed = (texts: ReadonlySet<string>): Set<Value> => new Set([...texts].map((t) => parseAs(dataType, t)).filter((v): v is Value => v !== undefined));
  const missingValues = df ? typed(df.missingText) : new Set<Value>();
  const invalidValues = df ? typed(df.invalidText) : new Set<Value>();
  const markers = missingValues.size + invalidValues.size > 0 || (df?.missingText.size ?? 0) + (df?.invalidText.size ?? 0) > 0;

  const onMissing = (): Value => {
    if (missingTreatment === 'returnInvalid') throw new EvalError(`field "${name}" requires a value`);
    return missingReplacement ?? null;
  };
  const status = (raw: Value, v: Value | undefined): Status => {
    if (df) {
      if (markers) {
        // Declared missing/invalid Values match the raw text ("?", "N/A") or the parsed value (-999, NaN).
        if ((typeof raw === 'string' && df.missingText.has(raw)) || (v !== undefined && missingValues.has(v))) return 'missing';
        if ((typeof raw === 'string' && df.invalidText.has(raw)) || (v !== undefined && invalidValues.has(v))) return 'invalid';
      }
      if (v === undefined) return 'invalid';
      // Declared Values first, then Intervals; with valid Values declared, anything else is invalid.
      if (valid?.has(v)) return 'valid';
      if (df.intervals.length && typeof v === 'number') return df.intervals.some((i) => inInterval(i, v)) ? 'valid' : 'invalid';
      if (valid) return 'invalid';
    }
    return v === undefined ? 'invalid' : 'valid';
  };
  const onValid = (v: Value): Value => {
    if (outliers === 'asIs' || typeof v !== 'number') return v;
    const below = low !== undefined && v < low;
    const above = high !== undefined && v > high;
    if (!below && !above) return v;
    if (outliers === 'asMissingValues') return onMissing();
    return below ? low! : high!;
  };
  const onInvalid = (raw: Value, v: Value | undefined): Value => {
    switch (invalidTreatment) {
      case 'returnInvalid':
        throw new EvalError(`field "${name}" cannot take the value ${JSON.stringify(raw)}`);
      case 'asMissing':
        return onMissing();
      case 'asValue':
      case 'asIs':
        if (invalidReplacement !== undefined) return invalidReplacement;
        if (v === undefined) throw new EvalError(`field "${name}" cannot take the value ${JSON.stringify(raw)}`);
        return v;
    }
  };

  return (raw) => {
    if (raw === null || (typeof raw === 'number' && Number.isNaN(raw))) return onMissing();
    const v = castTo(dataType, raw);
    const s = status(raw, v ?? undefined);
    if (s === 'missing') return onMissing();
    if (s === 'invalid') return onInvalid(raw, v);
    return onValid(v!);
  };
}
