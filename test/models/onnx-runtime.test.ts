/** The ONNX runtime on the shipped model: scores batches, and refuses broken models with a reason. */

import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { AppError } from '../../src/errors.ts';
import type { ModelManifest } from '../../src/models/manifest.ts';
import { loadOnnx } from '../../src/models/onnx/runtime.ts';
import { singleFile } from '../../src/models/runtime.ts';

const DIR = new URL('../../models/motor-health/1/', import.meta.url);
const bytes = new Uint8Array(readFileSync(new URL('model.onnx', DIR)));
const manifest = JSON.parse(readFileSync(new URL('manifest.json', DIR), 'utf8')) as ModelManifest;
const width = manifest.inputs.features.length;

async function refusal(b: Uint8Array, m: ModelManifest): Promise<string> {
  try {
    const model = await loadOnnx(singleFile('model.onnx', b), m);
    await model.dispose();
  } catch (err) {
    assert.instance(err, AppError);
    assert.is((err as AppError).status, 422);
    return (err as Error).message;
  }
  assert.unreachable('the model was accepted');
  return '';
}

test('loads, describes its tensors and scores a batch: one probability per row, same as row by row', async () => {
  const model = await loadOnnx(singleFile('model.onnx', bytes), manifest);
  assert.equal(model.inputs.map((i) => i.name), [manifest.inputs.tensor]);
  assert.ok(model.outputs.some((o) => o.name === manifest.output.tensor));
  const rows = 7;
  const batch = new Float32Array(rows * width);
  for (let i = 0; i < batch.length; i++) batch[i] = ((i * 7919) % 97) / 10;
  const all = Array.from(await model.score(batch, rows));
  assert.is(all.length, rows);
  for (const p of all) assert.ok(p >= 0 && p <= 1, String(p));
  for (let r = 0; r < rows; r++) {
    const one = await model.score(batch.slice(r * width, (r + 1) * width), 1);
    assert.ok(Math.abs(one[0]! - all[r]!) < 1e-6);
  }
  await model.dispose();
});

test('garbage and truncated bytes are refused as not loadable', async () => {
  assert.match(await refusal(new TextEncoder().encode('definitely not onnx'), manifest), /not a loadable ONNX model/);
  assert.match(await refusal(bytes.slice(0, Math.floor(bytes.length / 2)), manifest), /not a loadable ONNX model/);
});

test('a manifest that does not fit the model is refused, naming what the model has', async () => {
  const wrongInput = { ...manifest, inputs: { ...manifest.inputs, tensor: 'x' } };
  assert.match(await refusal(bytes, wrongInput), new RegExp(`inputs.tensor "x" is not an input of the model \\(inputs: ${manifest.inputs.tensor}\\)`));
  const wrongOutput = { ...manifest, output: { ...manifest.output, tensor: 'y' } };
  assert.match(await refusal(bytes, wrongOutput), /output.tensor "y" is not an output/);
  const tooFew = { ...manifest, inputs: { ...manifest.inputs, features: manifest.inputs.features.slice(1) } };
  assert.match(await refusal(bytes, tooFew), new RegExp(`expected \\[N, ${width - 1}\\]`));
});

test.run();
