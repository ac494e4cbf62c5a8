/**
 * Named-tensor inference for the Open Inference Protocol: one input per active field (typed as the
 * DataDictionary declares: strings for categorical text), every result field out (probabilities,
 * labels, OutputFields). Unlike score(), a row the model rejects fails the request with its reason.
 * Not yet attached as LoadedModel.infer: /v2 currently serves PMML through score() (see the report).
 */

import { AppError } from '../../errors.ts';
import type { NamedTensor, TensorInfo } from '../runtime.ts';
import type { PmmlEvaluator } from './document.ts';
import { EvalError, type DataType, type Value } from './values.ts';

/** PMML data types as tensor element types; integer results are float64 so a missing one can be NaN. */
const COUNT = 'int64';
export const INPUT_TYPES: Record<DataType, string> = {
  double: 'float64', float: 'float32', integer: 'int64', string: 'string', boolean: 'bool', date: 'string', time: 'string', dateTime: 'string',
  'dateDaysSince[0]': COUNT, 'dateDaysSince[1960]': COUNT, 'dateDaysSince[1970]': COUNT, 'dateDaysSince[1980]': COUNT, timeSeconds: COUNT,
  'dateTimeSecondsSince[0]': COUNT, 'dateTimeSecondsSince[1960]': COUNT, 'dateTimeSecondsSince[1970]': COUNT, 'dateTimeSecondsSince[1980]': COUNT,
};
export const OUTPUT_TYPES: Record<DataType, string> = { ...INPUT_TYPES, integer: 'float64' };

export function describeTensors(evaluator: PmmlEvaluator): { inputs: TensorInfo[]; outputs: TensorInfo[] } {
  return {
    inputs: evaluator.inputs.map((i) => ({ name: i.name, shape: [-1], type: INPUT_TYPES[i.dataType] })),
    outputs: evaluator.results.map((r) => ({ name: r.name, shape: [-1], type: OUTPUT_TYPES[r.dataType ?? 'double'] })),
  };
}

export function pmmlInfer(evaluator: PmmlEvaluator): (inputs: NamedTensor[], outputNames?: string[]) => Promise<NamedTensor[]> {
  const frame = evaluator.newFrame();
  return async (inputs, outputNames) => {
    const byName = new Map(inputs.map((t) => [t.name, t]));
    const columns = evaluator.inputs.map((field) => {
      const t = byName.get(field.name);
      if (!t) throw new AppError('BAD_REQUEST', `missing input "${field.name}"; the model takes ${evaluator.inputs.map((i) => i.name).join(', ')}`);
      return t;
    });
    const rows = columns.length ? columns[0]!.data.length : 0;
    const bad = columns.find((c) => c.data.length !== rows);
    if (bad) throw new AppError('BAD_REQUEST', `input "${bad.name}" has ${bad.data.length} rows; "${columns[0]!.name}" has ${rows}`);
    const wanted = (outputNames?.length ? outputNames : evaluator.results.map((r) => r.name)).map((name) => {
      const get = evaluator.result(name);
      const info = evaluator.results.find((r) => r.name === name);
      if (!get || !info) throw new AppError('BAD_REQUEST', `unknown output "${name}"`);
      return { name, get, type: OUTPUT_TYPES[info.dataType ?? 'double'], values: new Array<Value>(rows) };
    });
    const values = new Array<Value>(columns.length);
    for (let r = 0; r < rows; r++) {
      for (let i = 0; i < columns.length; i++) values[i] = element(columns[i]!, r, evaluator.inputs[i]!.dataType);
      try {
        evaluator.run(frame, values);
      } catch (err) {
        if (err instanceof EvalError) throw new AppError('BAD_REQUEST', `row ${r}: ${err.message}`);
        throw err;
      }
      for (const w of wanted) w.values[r] = w.get(frame);
    }
    return wanted.map((w) => ({ name: w.name, type: w.type, shape: [rows], data: tensorData(w.type, w.values) }));
  };
}

function element(t: NamedTensor, r: number, type: DataType): Value {
  const v = (t.data as ArrayLike<unknown>)[r];
  if (typeof v === 'bigint') return Number(v);
  if (type === 'boolean' && typeof v === 'number') return v !== 0;
  return v as Value;
}

function tensorData(type: string, values: Value[]): NamedTensor['data'] {
  switch (type) {
    case 'string':
      return values.map((v) => (v === null ? '' : String(v)));
    case 'bool':
      return values.map((v) => v === true);
    case 'float32':
      return Float32Array.from(values, (v) => (typeof v === 'number' ? v : NaN));
    default:
      return Float64Array.from(values, (v) => (typeof v === 'number' ? v : typeof v === 'boolean' ? Number(v) : NaN));
  }
}
