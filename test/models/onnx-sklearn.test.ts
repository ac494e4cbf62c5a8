/**
 * The ONNX runtime on scikit-learn style models (ai.onnx.ml): classifiers with label + probability
 * tensors, regressors, tree ensembles, float/double/int64 inputs; ZipMap and external data refused
 * with what to do instead.
 */

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { AppError } from '../../src/errors.ts';
import type { ModelManifest } from '../../src/models/manifest.ts';
import { loadOnnx } from '../../src/models/onnx/runtime.ts';
import { inspectOnnx } from '../../src/models/onnx/proto.ts';
import { singleFile } from '../../src/models/runtime.ts';
import { externalDataOnnx, linearClassifierOnnx, linearRegressorOnnx, logisticOnnx, treeClassifierOnnx, treeRegressorOnnx } from './onnx-fixtures.ts';

const FEATURES = ['a', 'b', 'c'];
const manifest = (over: { tensor: string; output: Partial<ModelManifest['output']> }): ModelManifest => ({
  name: 'm', version: 1, format: 'onnx',
  inputs: { tensor: over.tensor, features: FEATURES },
  output: { tensor: 'probability', kind: 'probability', column: 0, ...over.output },
});
const ROWS = new Float32Array([0, 0, 0, 1, 2, 3, -1, 0.5, 4]);
const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

async function refusal(bytes: Uint8Array, m: ModelManifest): Promise<string> {
  try {
    await (await loadOnnx(singleFile('model.onnx', bytes), m)).dispose();
  } catch (err) {
    assert.instance(err, AppError);
    assert.is((err as AppError).status, 422);
    return (err as Error).message;
  }
  assert.unreachable('accepted');
  return '';
}

test('LinearClassifier: P(class 1) from the probability tensor (column 1), label tensor alongside', async () => {
  const c = [0.5, -1, 0.25];
  const model = await loadOnnx(singleFile('model.onnx', linearClassifierOnnx({ coefficients: c, intercept: 0.1 })), manifest({ tensor: 'float_input', output: { tensor: 'probability_tensor', column: 1, labelTensor: 'label' } }));
  const p = Array.from(await model.score(ROWS, 3));
  for (let r = 0; r < 3; r++) {
    const z = c[0]! * ROWS[r * 3]! + c[1]! * ROWS[r * 3 + 1]! + c[2]! * ROWS[r * 3 + 2]! + 0.1;
    assert.ok(Math.abs(p[r]! - sigmoid(z)) < 1e-5, `row ${r}: ${p[r]} vs ${sigmoid(z)}`);
  }
  const [label, probs] = await model.infer!([{ name: 'float_input', type: 'float32', shape: [3, 3], data: ROWS }]);
  assert.equal(label!.name, 'label');
  assert.equal(Array.from(label!.data as BigInt64Array, Number), p.map((x) => (x > 0.5 ? 1 : 0)));
  assert.equal(probs!.shape, [3, 2]);
  await model.dispose();
});

test('float64, int64 and int32 inputs are fed from float32 features (LinearRegressor)', async () => {
  for (const inputType of ['float32', 'float64', 'int64', 'int32']) {
    const bytes = linearRegressorOnnx({ coefficients: [1, 10, 100], intercept: 0.5, inputType });
    const model = await loadOnnx(singleFile('model.onnx', bytes), manifest({ tensor: 'input', output: { tensor: 'variable', kind: 'value' } }));
    const y = Array.from(await model.score(new Float32Array([1, 2, 3, 0.25, 0, 0]), 2));
    const second = inputType.startsWith('int') ? 0.5 : 0.75; // integers: 0.25 rounds to 0
    assert.equal(y, [321.5, second], inputType);
    await model.dispose();
  }
});

test('TreeEnsembleRegressor and TreeEnsembleClassifier score per row', async () => {
  const reg = await loadOnnx(singleFile('model.onnx', treeRegressorOnnx({ width: 3, threshold: 0.5, left: -2, right: 7 })), manifest({ tensor: 'input', output: { tensor: 'variable', kind: 'value' } }));
  assert.equal(Array.from(await reg.score(ROWS, 3)), [-2, 7, -2]);
  await reg.dispose();
  const clf = await loadOnnx(singleFile('model.onnx', treeClassifierOnnx({ width: 3, threshold: 0.5, p: 0.9 })), manifest({ tensor: 'input', output: { tensor: 'probabilities', column: 1 } }));
  const p = Array.from(await clf.score(ROWS, 3));
  assert.ok(Math.abs(p[0]! - 0.1) < 1e-6 && Math.abs(p[1]! - 0.9) < 1e-6 && Math.abs(p[2]! - 0.1) < 1e-6, String(p));
  await clf.dispose();
});

test('a ZipMap output is refused, saying how to export without it', async () => {
  const message = await refusal(linearClassifierOnnx({ coefficients: [1, 1, 1], intercept: 0, zipmap: true }), manifest({ tensor: 'float_input', output: { tensor: 'label' } }));
  assert.match(message, /output "output_probability" is a sequence of maps \(ZipMap\)/);
  assert.match(message, /options=\{'zipmap': False\}/);
});

test('external data is refused before any session exists, naming the tensor and file', async () => {
  const bytes = externalDataOnnx('../../etc/passwd');
  assert.equal(inspectOnnx(bytes).externalData, [{ tensor: 'w', location: '../../etc/passwd' }]);
  const message = await refusal(bytes, { ...manifest({ tensor: 'features', output: { tensor: 'y', kind: 'value' } }), inputs: { tensor: 'features', features: ['a', 'b'] } });
  assert.match(message, /external data files \("w" → \.\.\/\.\.\/etc\/passwd\)/);
  assert.match(message, /save_as_external_data=False/);
});

test('garbage, truncated and empty bytes are refused as not loadable', async () => {
  const good = logisticOnnx({ weights: [1, 2, 3], bias: 0 });
  const m = manifest({ tensor: 'features', output: {} });
  assert.match(await refusal(new TextEncoder().encode('definitely not onnx'), m), /not a loadable ONNX model/);
  assert.match(await refusal(good.slice(0, good.length - 7), m), /not a loadable ONNX model: .*truncated/);
  assert.match(await refusal(new Uint8Array(0), m), /not a loadable ONNX model/);
});

test('inspection reads inputs, outputs, metadata and opsets without running the model', () => {
  const info = inspectOnnx(logisticOnnx({ weights: [1, 2], bias: 0, featureNames: ['x', 'y'] }));
  assert.equal(info.inputs, [{ name: 'features', kind: 'tensor', type: 'float32', shape: ['N', 2] }]);
  assert.equal(info.outputs, [{ name: 'probability', kind: 'tensor', type: 'float32', shape: ['N', 1] }]);
  assert.equal(JSON.parse(info.metadata.features!), ['x', 'y']);
  assert.equal(info.opsets, [{ domain: '', version: 13 }]);
  assert.equal([...info.initializers], ['w', 'b']);
});

test.run();
