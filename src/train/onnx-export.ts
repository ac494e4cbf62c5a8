/** Writes a trained Mlp, with its standardization, as an ONNX model built from onnx-proto's protobuf classes. */

import onnxProto from 'onnx-proto';
import type { onnx as Onnx } from 'onnx-proto';
import type { Mlp } from './mlp.ts';
import type { Standardizer } from './standardize.ts';

const { onnx } = onnxProto;

export interface OnnxExportOptions {
  /** Input tensor, float32 [N, inputs]; default `features`. */
  inputName?: string;
  /** Output tensor, float32 [N, 1], P(positive); default `probability`. */
  outputName?: string;
  /** Feature names in column order, stored in metadata_props as `features` (JSON). */
  featureNames?: string[];
  graphName?: string;
  docString?: string;
}

/** ai.onnx opset 13: Sub/Div/Gemm/Tanh/Sigmoid are all stable there; IR 8 is what onnx 1.10 writes. */
const OPSET = 13;
const IR_VERSION = 8;
const FLOAT = onnx.TensorProto.DataType.FLOAT;

function tensor(name: string, dims: number[], values: ArrayLike<number>): Onnx.ITensorProto {
  // float_data is packed float32; Array.from keeps the message independent of the caller's buffer
  return { name, dims, dataType: FLOAT, floatData: Array.from(values) };
}

function valueInfo(name: string, dims: Array<number | string>): Onnx.IValueInfoProto {
  const dim = dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d }));
  return { name, type: { tensorType: { elemType: FLOAT, shape: { dim } } } };
}

function node(opType: string, input: string[], output: string, attribute: Onnx.IAttributeProto[] = []): Onnx.INodeProto {
  return { opType, input, output: [output], name: output, attribute };
}

const transB: Onnx.IAttributeProto = { name: 'transB', type: onnx.AttributeProto.AttributeType.INT, i: 1 };

/**
 * The graph computes `sigmoid(W2·tanh(W1·((x − mean) / std) + b1) + b2)` row by row, so the
 * serving side feeds raw window features and the scaler can never drift from the weights.
 * Deterministic: the same weights give the same bytes (no timestamps inside).
 *
 * @example
 * const bytes = exportMlpOnnx(mlp, scaler, { featureNames: MODEL_FEATURES });
 * await writeFile('model.onnx', bytes);
 */
export function exportMlpOnnx(mlp: Mlp, scaler: Standardizer, opts: OnnxExportOptions = {}): Uint8Array {
  const { inputs, hidden } = mlp.shape;
  if (scaler.mean.length !== inputs || scaler.std.length !== inputs) {
    throw new RangeError(`scaler has ${scaler.mean.length} columns, the mlp ${inputs} inputs`);
  }
  const input = opts.inputName ?? 'features';
  const output = opts.outputName ?? 'probability';
  const { w1, b1, w2, b2 } = mlp.layers;

  const graph: Onnx.IGraphProto = {
    name: opts.graphName ?? 'mlp',
    input: [valueInfo(input, ['N', inputs])],
    output: [valueInfo(output, ['N', 1])],
    initializer: [
      tensor('scaler_mean', [inputs], scaler.mean),
      tensor('scaler_std', [inputs], scaler.std),
      tensor('w1', [hidden, inputs], w1),
      tensor('b1', [hidden], b1),
      tensor('w2', [1, hidden], w2),
      tensor('b2', [1], b2),
    ],
    node: [
      node('Sub', [input, 'scaler_mean'], 'centered'),
      node('Div', ['centered', 'scaler_std'], 'standardized'),
      node('Gemm', ['standardized', 'w1', 'b1'], 'hidden_linear', [transB]),
      node('Tanh', ['hidden_linear'], 'hidden'),
      node('Gemm', ['hidden', 'w2', 'b2'], 'logit', [transB]),
      node('Sigmoid', ['logit'], output),
    ],
  };
  const model = onnx.ModelProto.create({
    irVersion: IR_VERSION,
    opsetImport: [{ domain: '', version: OPSET }],
    producerName: 'streamscore-train',
    producerVersion: '1',
    docString: opts.docString ?? '',
    graph,
    metadataProps: opts.featureNames ? [{ key: 'features', value: JSON.stringify(opts.featureNames) }] : [],
  });
  const problem = onnx.ModelProto.verify(model);
  if (problem) throw new Error(`onnx export: ${problem}`);
  return onnx.ModelProto.encode(model).finish();
}
