/**
 * One logistic regression, p = σ(w·x + b), written in every model format the service loads: ONNX
 * (MatMul → Add → Sigmoid), PMML (RegressionModel, logit) and TF.js (Dense, sigmoid). Shared by the
 * runtime conformance suite and the runtime benchmark.
 */

import onnxProto from 'onnx-proto';
import type { ModelManifest } from '../../src/models/manifest.ts';
import { singleFile, type Artifact } from '../../src/models/runtime.ts';
import { ensureBackend } from '../../src/models/tfjs/backend.ts';
import { logisticLayers } from '../models/tfjs/helpers.ts';

const { onnx } = onnxProto;

export interface Logistic {
  readonly w: readonly number[];
  readonly b: number;
}

export const featureNames = (n: number): string[] => Array.from({ length: n }, (_, i) => `f${i}`);

/** The reference: σ(w·x + b) in double precision, row-major batch. */
export function reference(model: Logistic, batch: Float32Array, rows: number): Float64Array {
  const n = model.w.length;
  const out = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    let z = model.b;
    for (let i = 0; i < n; i++) z += model.w[i]! * batch[r * n + i]!;
    out[r] = 1 / (1 + Math.exp(-z));
  }
  return out;
}

export function onnxLogistic(model: Logistic): Uint8Array {
  const n = model.w.length;
  const FLOAT = onnx.TensorProto.DataType.FLOAT;
  const info = (name: string, dims: Array<number | string>) => ({
    name,
    type: { tensorType: { elemType: FLOAT, shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) } } },
  });
  const proto = onnx.ModelProto.create({
    irVersion: 8,
    opsetImport: [{ domain: '', version: 13 }],
    producerName: 'streamscore-tests',
    graph: {
      name: 'logistic',
      input: [info('features', ['N', n])],
      output: [info('probability', ['N', 1])],
      initializer: [
        { name: 'w', dims: [n, 1], dataType: FLOAT, floatData: [...model.w] },
        { name: 'b', dims: [1], dataType: FLOAT, floatData: [model.b] },
      ],
      node: [
        { opType: 'MatMul', input: ['features', 'w'], output: ['z0'], name: 'z0' },
        { opType: 'Add', input: ['z0', 'b'], output: ['z'], name: 'z' },
        { opType: 'Sigmoid', input: ['z'], output: ['probability'], name: 'probability' },
      ],
    },
  });
  return onnx.ModelProto.encode(proto).finish();
}

export function pmmlLogistic(model: Logistic): Uint8Array {
  const names = featureNames(model.w.length);
  const fields = names.map((f) => `<DataField name="${f}" optype="continuous" dataType="double"/>`).join('');
  const mining = names.map((f) => `<MiningField name="${f}"/>`).join('');
  const predictors = names.map((f, i) => `<NumericPredictor name="${f}" coefficient="${model.w[i]}"/>`).join('');
  return new TextEncoder().encode(`<?xml version="1.0"?>
<PMML xmlns="http://www.dmg.org/PMML-4_4" version="4.4"><Header/>
  <DataDictionary>${fields}<DataField name="fault" optype="categorical" dataType="string"><Value value="0"/><Value value="1"/></DataField></DataDictionary>
  <RegressionModel functionName="classification" normalizationMethod="logit">
    <MiningSchema>${mining}<MiningField name="fault" usageType="target"/></MiningSchema>
    <Output><OutputField name="probability" feature="probability" value="1" dataType="double"/></Output>
    <RegressionTable targetCategory="1" intercept="${model.b}">${predictors}</RegressionTable>
    <RegressionTable targetCategory="0" intercept="0"/>
  </RegressionModel>
</PMML>`);
}

/** Artifact and manifest of the logistic model in each format. */
export async function logisticIn(format: 'onnx' | 'pmml' | 'tfjs', model: Logistic): Promise<{ artifact: Artifact; manifest: ModelManifest }> {
  const features = featureNames(model.w.length);
  const base = { name: `logistic-${format}`, version: 1, format, output: { kind: 'probability' as const, column: 0 } };
  switch (format) {
    case 'onnx':
      return { artifact: singleFile('model.onnx', onnxLogistic(model)), manifest: { ...base, inputs: { tensor: 'features', features }, output: { ...base.output, tensor: 'probability' } } };
    case 'pmml':
      return { artifact: singleFile('model.pmml', pmmlLogistic(model)), manifest: { ...base, inputs: { tensor: 'features', features }, output: { ...base.output, tensor: 'probability' } } };
    case 'tfjs':
      await ensureBackend(); // build the model on the backend the runtime will use
      return { artifact: await logisticLayers([...model.w], model.b), manifest: { ...base, inputs: { tensor: 'score', features }, output: { ...base.output, tensor: 'score' } } };
  }
}
