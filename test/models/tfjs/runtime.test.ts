/** The TF.js runtime: layers and graph models from model.json + shards, no tensor leaks, refusals that say why. */

import * as tf from '@tensorflow/tfjs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { AppError } from '../../../src/errors.ts';
import type { ModelManifest } from '../../../src/models/manifest.ts';
import type { Artifact } from '../../../src/models/runtime.ts';
import { loadTfjs } from '../../../src/models/tfjs/runtime.ts';
import { ensureBackend } from '../../../src/models/tfjs/backend.ts';
import { logisticGraph, logisticLayers } from './helpers.ts';

const W = [0.5, -1.25, 2];
const B = -0.3;
const expected = (row: number[]): number => 1 / (1 + Math.exp(-(row.reduce((s, x, i) => s + x * W[i]!, 0) + B)));

function manifest(input: string, output: string, features = ['a', 'b', 'c']): ModelManifest {
  return { name: 'm', version: 1, format: 'tfjs', inputs: { tensor: input, features }, output: { tensor: output, kind: 'probability', column: 0 } };
}

async function refusal(artifact: Artifact, m: ModelManifest): Promise<string> {
  try {
    const model = await loadTfjs(artifact, m);
    await model.dispose();
  } catch (err) {
    assert.instance(err, AppError);
    assert.is((err as AppError).status, 422);
    return (err as Error).message;
  }
  assert.unreachable('accepted');
  return '';
}

test.before(async () => {
  await ensureBackend(); // the default choice: tfjs-node is not installed here, so wasm
});

const ROWS = [[1, 2, 3], [0, 0, 0], [-2, 0.5, 1.5], [10, 1, -3]];
const batch = new Float32Array(ROWS.flat());

test('a layers model saved by TF.js (weights beside model.json in a folder) scores like the formula, on wasm', async () => {
  const artifact = await logisticLayers(W, B, 'uploads/m/');
  const model = await loadTfjs(artifact, manifest('score', 'score'));
  assert.is(tf.getBackend(), 'wasm');
  assert.equal(model.inputs[0]!.shape, [-1, 3]);
  const out = await model.score(batch, ROWS.length);
  ROWS.forEach((row, r) => assert.ok(Math.abs(out[r]! - expected(row)) < 1e-6, `row ${r}`));
  await model.dispose();
});

test('a graph model (Placeholder → MatMul → BiasAdd → Sigmoid) scores the same', async () => {
  const model = await loadTfjs(logisticGraph(W, B), manifest('x', 'probability'));
  const out = await model.score(batch, ROWS.length);
  ROWS.forEach((row, r) => assert.ok(Math.abs(out[r]! - expected(row)) < 1e-6, `row ${r}`));
  await model.dispose();
});

test('scoring many batches leaves no tensors behind; dispose frees the weights', async () => {
  const artifact = await logisticLayers(W, B);
  const before = tf.memory().numTensors;
  const layers = await loadTfjs(artifact, manifest('score', 'score'));
  const graph = await loadTfjs(logisticGraph(W, B), manifest('x', 'probability'));
  const loaded = tf.memory().numTensors;
  const big = new Float32Array(256 * 3).map((_, i) => (i % 7) - 3);
  for (let i = 0; i < 300; i++) {
    await layers.score(big, 1 + (i % 256));
    await graph.score(big, 1 + (i % 256));
  }
  assert.is(tf.memory().numTensors, loaded);
  await layers.dispose();
  await graph.dispose();
  assert.is(tf.memory().numTensors, before);
});

test('broken artifacts are refused: garbage, no topology, missing or short weight files', async () => {
  const good = await logisticLayers(W, B);
  const m = manifest('score', 'score');
  const garbage = new TextEncoder().encode('definitely not json');
  assert.match(await refusal({ main: garbage, files: new Map([['model.json', garbage]]) }, m), /model.json is not valid JSON/);
  const empty = new TextEncoder().encode('{"format":"layers-model"}');
  assert.match(await refusal({ main: empty, files: new Map([['model.json', empty]]) }, m), /needs "modelTopology" and "weightsManifest"/);
  assert.match(await refusal({ main: good.main, files: new Map([['model.json', good.main]]) }, m), /weight file ".\/group1-shard1of1.bin", which is not among the uploaded files/);
  const short = new Map(good.files);
  short.set('group1-shard1of1.bin', good.files.get('group1-shard1of1.bin')!.slice(0, 4));
  assert.match(await refusal({ main: good.main, files: short }, m), /not a loadable TF.js model/);
});

test('a manifest that does not fit the model is refused, naming the model tensors', async () => {
  const artifact = await logisticLayers(W, B);
  assert.match(await refusal(artifact, manifest('nope', 'score')), /inputs.tensor "nope" is not an input of the model \(inputs: .*score/);
  assert.match(await refusal(artifact, manifest('score', 'nope')), /output.tensor "nope" is not an output/);
  assert.match(await refusal(artifact, manifest('score', 'score', ['a', 'b'])), /expected \[N, 2\]/);
  assert.match(await refusal(artifact, { ...manifest('score', 'score'), output: { tensor: 'score', kind: 'probability', column: 3 } }), /output.column 3 is out of range/);
});

test.run();
