/**
 * Small ONNX models built with onnx-proto for tests: a logistic model (standard ops), scikit-learn
 * style ai.onnx.ml models (LinearClassifier, LinearRegressor, TreeEnsembleClassifier/Regressor), a
 * ZipMap classifier and a model with external data. Deterministic bytes, no binary fixtures.
 */

import onnxProto from 'onnx-proto';
import type { onnx as Onnx } from 'onnx-proto';

const { onnx } = onnxProto;
const A = onnx.AttributeProto.AttributeType;
const T = onnx.TensorProto.DataType;
const ELEM: Record<string, number> = { float32: T.FLOAT, float64: T.DOUBLE, int64: T.INT64, int32: T.INT32 };

const valueInfo = (name: string, elemType: number, dims: Array<number | string>): Onnx.IValueInfoProto => ({
  name,
  type: { tensorType: { elemType, shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) } } },
});
const floats = (name: string, values: number[]): Onnx.IAttributeProto => ({ name, type: A.FLOATS, floats: values });
const ints = (name: string, values: number[]): Onnx.IAttributeProto => ({ name, type: A.INTS, ints: values });
const str = (name: string, value: string): Onnx.IAttributeProto => ({ name, type: A.STRING, s: new TextEncoder().encode(value) });

function encode(graph: Onnx.IGraphProto, opts: { ml?: boolean; metadata?: Record<string, string> } = {}): Uint8Array {
  const model = onnx.ModelProto.create({
    irVersion: 8,
    opsetImport: [{ domain: '', version: 13 }, ...(opts.ml ? [{ domain: 'ai.onnx.ml', version: 3 }] : [])],
    producerName: 'streamscore-test',
    graph,
    metadataProps: Object.entries(opts.metadata ?? {}).map(([key, value]) => ({ key, value })),
  });
  return onnx.ModelProto.encode(model).finish();
}

/** sigmoid(x · w + b) → `probability` [N, 1]; input `features` [N, w.length]. */
export function logisticOnnx(o: { weights: number[]; bias: number; inputName?: string; outputName?: string; featureNames?: string[] }): Uint8Array {
  const n = o.weights.length;
  const input = o.inputName ?? 'features';
  const output = o.outputName ?? 'probability';
  return encode(
    {
      name: 'logistic',
      input: [valueInfo(input, T.FLOAT, ['N', n])],
      output: [valueInfo(output, T.FLOAT, ['N', 1])],
      initializer: [
        { name: 'w', dims: [n, 1], dataType: T.FLOAT, floatData: o.weights },
        { name: 'b', dims: [1], dataType: T.FLOAT, floatData: [o.bias] },
      ],
      node: [
        { opType: 'MatMul', input: [input, 'w'], output: ['xw'], name: 'matmul' },
        { opType: 'Add', input: ['xw', 'b'], output: ['logit'], name: 'add' },
        { opType: 'Sigmoid', input: ['logit'], output: [output], name: 'sigmoid' },
      ],
    },
    o.featureNames ? { metadata: { features: JSON.stringify(o.featureNames) } } : {},
  );
}

/** skl2onnx LogisticRegression: `label` int64 [N] + `probabilities` float [N, 2] (or a ZipMap `output_probability`). */
export function linearClassifierOnnx(o: { coefficients: number[]; intercept: number; zipmap?: boolean; inputType?: string }): Uint8Array {
  const n = o.coefficients.length;
  const elem = ELEM[o.inputType ?? 'float32']!;
  const node: Onnx.INodeProto[] = [
    {
      opType: 'LinearClassifier', domain: 'ai.onnx.ml', name: 'clf', input: ['float_input'], output: ['label', 'probabilities'],
      attribute: [
        ints('classlabels_ints', [0, 1]),
        floats('coefficients', [...o.coefficients.map((c) => -c), ...o.coefficients]),
        floats('intercepts', [-o.intercept, o.intercept]),
        str('post_transform', 'LOGISTIC'),
        { name: 'multi_class', type: A.INT, i: 0 },
      ],
    },
  ];
  // LOGISTIC applies per class; Normalizer(L1) makes the two columns sum to 1 as skl2onnx does.
  node.push({ opType: 'Normalizer', domain: 'ai.onnx.ml', name: 'norm', input: ['probabilities'], output: ['probs_norm'], attribute: [str('norm', 'L1')] });
  const output: Onnx.IValueInfoProto[] = [valueInfo('label', T.INT64, ['N'])];
  if (o.zipmap) {
    node.push({ opType: 'ZipMap', domain: 'ai.onnx.ml', name: 'zipmap', input: ['probs_norm'], output: ['output_probability'], attribute: [ints('classlabels_int64s', [0, 1])] });
    output.push({ name: 'output_probability', type: { sequenceType: { elemType: { mapType: { keyType: T.INT64, valueType: { tensorType: { elemType: T.FLOAT } } } } } } });
  } else {
    node.push({ opType: 'Identity', name: 'id', input: ['probs_norm'], output: ['probability_tensor'] });
    output.push(valueInfo('probability_tensor', T.FLOAT, ['N', 2]));
  }
  return encode({ name: 'linear_classifier', input: [valueInfo('float_input', elem, ['N', n])], output, node }, { ml: true });
}

/**
 * ai.onnx.ml LinearRegressor: `variable` [N, 1] = x · c + b. onnxruntime implements it for float only,
 * so other input types (double, int64, int32) go through a Cast first, as skl2onnx does.
 */
export function linearRegressorOnnx(o: { coefficients: number[]; intercept: number; inputType?: string }): Uint8Array {
  const n = o.coefficients.length;
  const type = o.inputType ?? 'float32';
  const cast: Onnx.INodeProto[] = type === 'float32' ? [] : [{ opType: 'Cast', name: 'cast', input: ['input'], output: ['input_f'], attribute: [{ name: 'to', type: A.INT, i: T.FLOAT }] }];
  return encode(
    {
      name: 'linear_regressor',
      input: [valueInfo('input', ELEM[type]!, ['N', n])],
      output: [valueInfo('variable', T.FLOAT, ['N', 1])],
      node: [
        ...cast,
        { opType: 'LinearRegressor', domain: 'ai.onnx.ml', name: 'reg', input: [cast.length ? 'input_f' : 'input'], output: ['variable'], attribute: [floats('coefficients', o.coefficients), floats('intercepts', [o.intercept])] },
      ],
    },
    { ml: true },
  );
}

/** One stump on feature 0 at `threshold`: TreeEnsembleRegressor → `variable` [N, 1] (left/right leaf values). */
export function treeRegressorOnnx(o: { width: number; threshold: number; left: number; right: number }): Uint8Array {
  return encode(
    {
      name: 'tree_regressor',
      input: [valueInfo('input', T.FLOAT, ['N', o.width])],
      output: [valueInfo('variable', T.FLOAT, ['N', 1])],
      node: [{
        opType: 'TreeEnsembleRegressor', domain: 'ai.onnx.ml', name: 'trees', input: ['input'], output: ['variable'],
        attribute: [
          ints('nodes_treeids', [0, 0, 0]), ints('nodes_nodeids', [0, 1, 2]), ints('nodes_featureids', [0, 0, 0]),
          floats('nodes_values', [o.threshold, 0, 0]), { name: 'nodes_modes', type: A.STRINGS, strings: ['BRANCH_LEQ', 'LEAF', 'LEAF'].map((s) => new TextEncoder().encode(s)) },
          ints('nodes_truenodeids', [1, 0, 0]), ints('nodes_falsenodeids', [2, 0, 0]),
          ints('target_treeids', [0, 0]), ints('target_nodeids', [1, 2]), ints('target_ids', [0, 0]), floats('target_weights', [o.left, o.right]),
          { name: 'n_targets', type: A.INT, i: 1 },
        ],
      }],
    },
    { ml: true },
  );
}

/** One stump on feature 0: TreeEnsembleClassifier → `label` [N] + `probabilities` [N, 2]; above threshold → class 1 with p. */
export function treeClassifierOnnx(o: { width: number; threshold: number; p: number }): Uint8Array {
  return encode(
    {
      name: 'tree_classifier',
      input: [valueInfo('input', T.FLOAT, ['N', o.width])],
      output: [valueInfo('label', T.INT64, ['N']), valueInfo('probabilities', T.FLOAT, ['N', 2])],
      node: [{
        opType: 'TreeEnsembleClassifier', domain: 'ai.onnx.ml', name: 'trees', input: ['input'], output: ['label', 'probabilities'],
        attribute: [
          ints('classlabels_int64s', [0, 1]),
          ints('nodes_treeids', [0, 0, 0]), ints('nodes_nodeids', [0, 1, 2]), ints('nodes_featureids', [0, 0, 0]),
          floats('nodes_values', [o.threshold, 0, 0]), { name: 'nodes_modes', type: A.STRINGS, strings: ['BRANCH_LEQ', 'LEAF', 'LEAF'].map((s) => new TextEncoder().encode(s)) },
          ints('nodes_truenodeids', [1, 0, 0]), ints('nodes_falsenodeids', [2, 0, 0]),
          ints('class_treeids', [0, 0, 0, 0]), ints('class_nodeids', [1, 1, 2, 2]), ints('class_ids', [0, 1, 0, 1]),
          floats('class_weights', [o.p, 1 - o.p, 1 - o.p, o.p]),
        ],
      }],
    },
    { ml: true },
  );
}

/** A logistic model whose weight tensor points at an external file (`location`). */
export function externalDataOnnx(location = '../../etc/passwd'): Uint8Array {
  return encode({
    name: 'external',
    input: [valueInfo('features', T.FLOAT, ['N', 2])],
    output: [valueInfo('y', T.FLOAT, ['N', 1])],
    initializer: [{ name: 'w', dims: [2, 1], dataType: T.FLOAT, dataLocation: onnx.TensorProto.DataLocation.EXTERNAL, externalData: [{ key: 'location', value: location }, { key: 'length', value: '8' }] }],
    node: [{ opType: 'MatMul', input: ['features', 'w'], output: ['y'], name: 'matmul' }],
  });
}

/** A heavy MLP (width → hidden → hidden → 1, tanh, sigmoid) to measure inference cost; deterministic weights. */
export function heavyMlpOnnx(o: { width: number; hidden: number }): Uint8Array {
  const { width, hidden } = o;
  const weights = (n: number): number[] => Array.from({ length: n }, (_, i) => ((i * 7919) % 101) / 1000 - 0.05);
  const mat = (name: string, rows: number, cols: number): Onnx.ITensorProto => ({ name, dims: [rows, cols], dataType: T.FLOAT, floatData: weights(rows * cols) });
  return encode({
    name: 'heavy_mlp',
    input: [valueInfo('features', T.FLOAT, ['N', width])],
    output: [valueInfo('probability', T.FLOAT, ['N', 1])],
    initializer: [mat('w1', width, hidden), mat('w2', hidden, hidden), mat('w3', hidden, 1)],
    node: [
      { opType: 'MatMul', input: ['features', 'w1'], output: ['h1'], name: 'm1' },
      { opType: 'Tanh', input: ['h1'], output: ['a1'], name: 't1' },
      { opType: 'MatMul', input: ['a1', 'w2'], output: ['h2'], name: 'm2' },
      { opType: 'Tanh', input: ['h2'], output: ['a2'], name: 't2' },
      { opType: 'MatMul', input: ['a2', 'w3'], output: ['h3'], name: 'm3' },
      { opType: 'Sigmoid', input: ['h3'], output: ['probability'], name: 's' },
    ],
  });
}
