/** TF.js test models built with TF.js itself: a layers model saved through a capturing IOHandler, and a hand-made graph. */

import * as tf from '@tensorflow/tfjs';
import type { Artifact } from '../../../src/models/runtime.ts';

const enc = (v: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(v));

/** Saves a LayersModel the way model.save() writes it to disk: model.json + one weights file under `dir`. */
export async function saveLayers(model: tf.LayersModel, dir = ''): Promise<Artifact> {
  let captured: tf.io.ModelArtifacts | undefined;
  await model.save({
    save: async (artifacts) => {
      captured = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(0), modelTopologyType: 'JSON' } };
    },
  });
  const a = captured!;
  const weights = new Uint8Array(a.weightData as ArrayBuffer);
  const json = {
    modelTopology: a.modelTopology,
    format: 'layers-model',
    generatedBy: a.generatedBy,
    convertedBy: a.convertedBy ?? null,
    weightsManifest: [{ paths: ['./group1-shard1of1.bin'], weights: a.weightSpecs }],
  };
  const main = enc(json);
  return { main, files: new Map([[`${dir}model.json`, main], [`${dir}group1-shard1of1.bin`, weights]]) };
}

/** Logistic regression as a Dense(1, sigmoid) layer with fixed weights, saved; the builder model is freed. */
export async function logisticLayers(w: number[], b: number, dir = ''): Promise<Artifact> {
  const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [w.length], activation: 'sigmoid', name: 'score' })] });
  tf.tidy(() => model.layers[0]!.setWeights([tf.tensor2d(w, [w.length, 1]), tf.tensor1d([b])]));
  const artifact = await saveLayers(model, dir);
  model.dispose();
  return artifact;
}

/**
 * The same logistic regression as a TF.js graph model (what tfjs-converter writes for a SavedModel):
 * Placeholder → MatMul(W) → BiasAdd(b) → Sigmoid, W and b as Const nodes whose values are the weights.
 */
export function logisticGraph(w: number[], b: number): Artifact {
  const n = w.length;
  const float = { type: 'DT_FLOAT' };
  const node = (name: string, op: string, input: string[], attr: Record<string, unknown> = {}): object => ({ name, op, input, attr });
  const topology = {
    node: [
      node('x', 'Placeholder', [], { dtype: float, shape: { shape: { dim: [{ size: '-1' }, { size: String(n) }] } } }),
      node('W', 'Const', [], { dtype: float, value: { tensor: { dtype: 'DT_FLOAT', tensorShape: { dim: [{ size: String(n) }, { size: '1' }] } } } }),
      node('b', 'Const', [], { dtype: float, value: { tensor: { dtype: 'DT_FLOAT', tensorShape: { dim: [{ size: '1' }] } } } }),
      node('logits', 'MatMul', ['x', 'W'], { T: float, transpose_a: { b: false }, transpose_b: { b: false } }),
      node('biased', 'BiasAdd', ['logits', 'b'], { T: float, data_format: { s: 'TkhXQw==' } }),
      node('probability', 'Sigmoid', ['biased'], { T: float }),
    ],
    library: {},
    versions: { producer: 1 },
  };
  const weights = new Float32Array([...w, b]);
  const json = {
    format: 'graph-model',
    generatedBy: 'hand',
    convertedBy: 'streamscore tests',
    modelTopology: topology,
    weightsManifest: [{ paths: ['weights.bin'], weights: [{ name: 'W', shape: [n, 1], dtype: 'float32' }, { name: 'b', shape: [1], dtype: 'float32' }] }],
  };
  const main = enc(json);
  return { main, files: new Map([['model.json', main], ['weights.bin', new Uint8Array(weights.buffer)]]) };
}
