/**
 * Tensor conversion for the Open Inference Protocol v2 (KServe "Predict Protocol - Version 2",
 * /work/shared/reference/open-inference-protocol-v2.md): JSON `$request_input` → typed arrays, model
 * outputs → `$response_output`. Data may be nested or flat, always row-major ("Tensor Data").
 */

import { AppError } from '../errors.ts';
import type { NamedTensor, TensorInfo } from '../models/runtime.ts';

/** [Tensor Data Types] ↔ onnxruntime type names. */
const TO_RUNTIME: Record<string, string> = {
  BOOL: 'bool', UINT8: 'uint8', UINT16: 'uint16', UINT32: 'uint32', UINT64: 'uint64', INT8: 'int8', INT16: 'int16',
  INT32: 'int32', INT64: 'int64', FP16: 'float16', FP32: 'float32', FP64: 'float64', BYTES: 'string', BF16: 'bfloat16',
};
const TO_OIP: Record<string, string> = Object.fromEntries(Object.entries(TO_RUNTIME).map(([k, v]) => [v, k]));

export const OIP_DATATYPES = Object.keys(TO_RUNTIME);

export interface RequestInput {
  name: string;
  shape: number[];
  datatype: string;
  parameters?: Record<string, unknown>;
  data: unknown[];
}

export interface ResponseOutput {
  name: string;
  shape: number[];
  datatype: string;
  data: Array<number | string | boolean>;
}

const bad = (message: string): AppError => new AppError('BAD_REQUEST', message);

/** `$metadata_tensor`: variable-size dimensions are -1. */
export function metadataTensor(t: TensorInfo): { name: string; datatype: string; shape: number[] } {
  return { name: t.name, datatype: TO_OIP[t.type] ?? t.type.toUpperCase(), shape: t.shape.map((d) => (typeof d === 'number' && d >= 0 ? d : -1)) };
}

/** Flattens nested data and checks it holds exactly shape's element count. */
export function flatten(input: RequestInput): unknown[] {
  const flat = input.data.flat(Infinity as 1) as unknown[];
  const count = input.shape.reduce((a, b) => a * b, 1);
  if (flat.length !== count) {
    throw bad(`input "${input.name}": shape [${input.shape.join(', ')}] holds ${count} elements but data has ${flat.length}`);
  }
  return flat;
}

/** Converts an input to the model's declared element type (the protocol lets the server coerce). */
export function toNamedTensor(input: RequestInput, declared: TensorInfo): NamedTensor {
  const values = flatten(input);
  const type = declared.type;
  const requested = TO_RUNTIME[input.datatype];
  if (requested === 'string' || type === 'string') {
    if (requested !== type) throw bad(`input "${input.name}" is ${input.datatype} but the model takes ${TO_OIP[type] ?? type}`);
    return { name: input.name, type, shape: input.shape, data: values.map(String) };
  }
  const numbers = values.map((v, i) => {
    if (typeof v === 'boolean') return v ? 1 : 0;
    if (typeof v !== 'number' || !Number.isFinite(v)) throw bad(`input "${input.name}": element ${i} is ${JSON.stringify(v)}, not a finite number`);
    return v;
  });
  return { name: input.name, type, shape: input.shape, data: typedArray(type, numbers, input.name) };
}

function typedArray(type: string, numbers: number[], name: string): NamedTensor['data'] {
  switch (type) {
    case 'float32': return Float32Array.from(numbers);
    case 'float64': return Float64Array.from(numbers);
    case 'int8': return Int8Array.from(numbers);
    case 'int16': return Int16Array.from(numbers);
    case 'int32': return Int32Array.from(numbers);
    case 'uint8': return Uint8Array.from(numbers);
    case 'uint16': return Uint16Array.from(numbers);
    case 'uint32': return Uint32Array.from(numbers);
    case 'bool': return Uint8Array.from(numbers, (n) => (n ? 1 : 0));
    case 'int64': return BigInt64Array.from(numbers, (n) => BigInt(Math.trunc(n)));
    case 'uint64': return BigUint64Array.from(numbers, (n) => BigInt(Math.trunc(n)));
    default: throw bad(`input "${name}" is ${TO_OIP[type] ?? type}, which streamscore cannot send as JSON`);
  }
}

/** A model output as `$response_output`; 64-bit integers become JSON numbers. */
export function responseOutput(t: NamedTensor): ResponseOutput {
  const datatype = TO_OIP[t.type] ?? t.type.toUpperCase();
  const data = Array.from(t.data as ArrayLike<number | bigint | string | boolean>, (v) =>
    typeof v === 'bigint' ? Number(v) : t.type === 'bool' ? Boolean(v) : (v as number | string | boolean),
  );
  return { name: t.name, shape: t.shape, datatype, data };
}
