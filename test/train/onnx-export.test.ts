/** ONNX export: a tiny known MLP run through onnxruntime-node gives the TypeScript forward pass's outputs. */

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import onnxProto from 'onnx-proto';
import type { onnx as Onnx } from 'onnx-proto';
import { createRng } from '../../src/sim/rng.ts';
import { createMlp, type Mlp } from '../../src/train/mlp.ts';
import { exportMlpOnnx } from '../../src/train/onnx-export.ts';
import { scoreOnnx } from '../../src/train/onnx-score.ts';
import { standardize, type Standardizer } from '../../src/train/standardize.ts';

const { onnx } = onnxProto;

/** 3 inputs → 4 tanh → 1, weights written out so a failure can be recomputed by hand. */
function knownMlp(): Mlp {
  const mlp = createMlp({ inputs: 3, hidden: 4 }, { rng: createRng(0) });
  mlp.layers.w1.set([0.5, -1.2, 0.3, 1.1, 0.4, -0.7, -0.9, 0.2, 0.8, 0.05, 1.5, -0.6]);
  mlp.layers.b1.set([0.1, -0.3, 0.25, 0]);
  mlp.layers.w2.set([1.3, -0.8, 2.1, -1.7]);
  mlp.layers.b2.set([-0.2]);
  return mlp;
}

const scaler: Standardizer = { mean: Float64Array.from([60, 2.2, 12]), std: Float64Array.from([4, 0.5, 1.5]) };

const X = [
  [60, 2.2, 12],
  [55.5, 1.6, 10.2],
  [72.3, 4.9, 13.8],
  [64.1, 2.05, 11.9],
  [0, 0, 0],
  [95, 8, 16],
];

test('onnxruntime output = TypeScript forward pass (to 1e-5), standardization inside the graph', async () => {
  const mlp = knownMlp();
  const bytes = exportMlpOnnx(mlp, scaler);
  const flat = X.flat();
  const fromOrt = await scoreOnnx(bytes, { x: flat, cols: 3 });
  const z = standardize(flat, scaler);
  assert.is(fromOrt.length, X.length);
  for (let r = 0; r < X.length; r++) {
    const expected = mlp.predict(z, r * 3);
    assert.ok(Math.abs(fromOrt[r]! - expected) < 1e-5, `row ${r}: ort ${fromOrt[r]} vs ts ${expected}`);
  }
  // row 0 is the mean itself: standardized to zeros, so p = sigmoid(b2 + Σ w2·tanh(b1))
  const byHand = 1 / (1 + Math.exp(-(-0.2 + 1.3 * Math.tanh(0.1) - 0.8 * Math.tanh(-0.3) + 2.1 * Math.tanh(0.25))));
  assert.ok(Math.abs(fromOrt[0]! - byHand) < 1e-6);
});

test('the model declares IR 8, opset 13, features [N, 3] → probability [N, 1]', () => {
  const model = onnx.ModelProto.decode(exportMlpOnnx(knownMlp(), scaler, { featureNames: ['a', 'b', 'c'] }));
  assert.is(Number(model.irVersion), 8);
  assert.equal(model.opsetImport.map((o) => [o.domain, Number(o.version)]), [['', 13]]);
  const dims = (v: Onnx.IValueInfoProto): Array<string | number> =>
    v.type!.tensorType!.shape!.dim!.map((d) => d.dimParam || Number(d.dimValue));
  const graph = model.graph!;
  const [input, output] = [graph.input![0]!, graph.output![0]!];
  assert.is(input.name, 'features');
  assert.equal(dims(input), ['N', 3]);
  assert.is(output.name, 'probability');
  assert.equal(dims(output), ['N', 1]);
  assert.equal(graph.node!.map((n) => n.opType), ['Sub', 'Div', 'Gemm', 'Tanh', 'Gemm', 'Sigmoid']);
  assert.equal(model.metadataProps.map((p) => [p.key, p.value]), [['features', '["a","b","c"]']]);
});

test('same weights, same bytes; custom tensor names are honoured', async () => {
  assert.equal(exportMlpOnnx(knownMlp(), scaler), exportMlpOnnx(knownMlp(), scaler));
  const bytes = exportMlpOnnx(knownMlp(), scaler, { inputName: 'x', outputName: 'p' });
  const p = await scoreOnnx(bytes, { x: X[1]!, cols: 3, inputName: 'x', outputName: 'p' });
  assert.is(p.length, 1);
});

test('a scaler of the wrong width is refused', () => {
  const bad: Standardizer = { mean: new Float64Array(2), std: new Float64Array(2) };
  assert.throws(() => exportMlpOnnx(knownMlp(), bad), /2 columns, the mlp 3 inputs/);
});

test.run();
