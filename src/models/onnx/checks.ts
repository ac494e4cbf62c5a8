/**
 * What an ONNX model must satisfy before streamscore creates a session for it, and after: no external
 * data, tensor outputs only, and a signature that fits the manifest. Every refusal says what to fix.
 */

import { AppError } from '../../errors.ts';
import type { ModelManifest } from '../manifest.ts';
import type { TensorInfo } from '../runtime.ts';
import { inspectOnnx, OnnxProtoError, type OnnxInspection } from './proto.ts';

/** Input element types score() can feed from float32 feature vectors. */
export const FEEDABLE_TYPES = new Set(['float32', 'float64', 'int32', 'int64']);

const ZIPMAP_HINT =
  "re-export the classifier without ZipMap so probabilities come out as a [N, classes] tensor: skl2onnx `to_onnx(model, X, options={'zipmap': False})` (older skl2onnx: `options={id(model): {'zipmap': False}}`)";

/** Reads the model's structure without running it; refuses bytes that are not a self-contained ONNX model. */
export function inspectOrRefuse(bytes: Uint8Array): OnnxInspection {
  let inspection: OnnxInspection;
  try {
    inspection = inspectOnnx(bytes);
  } catch (err) {
    if (err instanceof OnnxProtoError) throw new AppError('MODEL_INVALID', `not a loadable ONNX model: ${err.message}`);
    throw err;
  }
  if (inspection.externalData.length > 0) {
    const list = inspection.externalData.slice(0, 3).map((e) => `"${e.tensor}" → ${e.location || '(no location)'}`).join(', ');
    // [ONNX external data] a tensor with data_location EXTERNAL names a file relative to the model's
    // directory; loaded from bytes, that path would be resolved against the server's working directory.
    throw new AppError(
      'MODEL_INVALID',
      `the model keeps ${inspection.externalData.length} tensor(s) in external data files (${list}); upload a single self-contained file: onnx.save_model(model, "model.onnx", save_as_external_data=False) (models above 2 GB cannot be uploaded)`,
    );
  }
  const nonTensor = inspection.outputs.find((o) => o.kind !== 'tensor' && o.kind !== 'unknown');
  if (nonTensor) {
    const what = nonTensor.kind === 'sequence' ? 'a sequence of maps (ZipMap)' : `a ${nonTensor.kind}`;
    throw new AppError('MODEL_INVALID', `output "${nonTensor.name}" is ${what}, which onnxruntime-node cannot return; ${ZIPMAP_HINT}`);
  }
  return inspection;
}

/** The manifest's input and output must exist with shapes and types score() can use. */
export function checkSignature(inputs: TensorInfo[], outputs: TensorInfo[], m: ModelManifest): void {
  const input = inputs.find((i) => i.name === m.inputs.tensor);
  if (!input) {
    throw new AppError('MODEL_INVALID', `manifest inputs.tensor "${m.inputs.tensor}" is not an input of the model (inputs: ${names(inputs)})`);
  }
  if (!FEEDABLE_TYPES.has(input.type)) {
    throw new AppError('MODEL_INVALID', `input "${input.name}" is ${input.type}; streamscore feeds numeric features as float32, float64, int32 or int64`);
  }
  const width = m.inputs.features.length;
  const declared = input.shape[1];
  const rankOk = input.shape.length === 2 || (input.shape.length === 1 && width === 1);
  if (!rankOk || (input.shape.length === 2 && typeof declared === 'number' && declared >= 0 && declared !== width)) {
    throw new AppError(
      'MODEL_INVALID',
      `input "${input.name}" has shape [${input.shape.join(', ')}] but the manifest lists ${width} features; expected [N, ${width}]`,
    );
  }
  const others = inputs.filter((i) => i.name !== input.name);
  if (others.length > 0) {
    throw new AppError('MODEL_INVALID', `the model has further inputs (${names(others)}); streamscore feeds one [N, features] tensor, "${input.name}"`);
  }
  const output = outputs.find((o) => o.name === m.output.tensor);
  if (!output) {
    throw new AppError('MODEL_INVALID', `manifest output.tensor "${m.output.tensor}" is not an output of the model (outputs: ${names(outputs)})`);
  }
  if (output.type === 'string' || output.type === 'non-tensor') {
    throw new AppError('MODEL_INVALID', `output "${output.name}" is ${output.type}; point output.tensor at a numeric output (a probability, value or score tensor), not the label`);
  }
  const columns = output.shape.length === 2 ? output.shape[1] : 1;
  if (typeof columns === 'number' && columns >= 0 && m.output.column >= columns) {
    throw new AppError('MODEL_INVALID', `output.column ${m.output.column} is outside output "${output.name}" [${output.shape.join(', ')}]`);
  }
}

function names(list: TensorInfo[]): string {
  return list.map((i) => i.name).join(', ') || 'none';
}
