/** The shipped demo model: its manifest validates, matches the file, and the file runs in onnxruntime. */

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { Value } from '@sinclair/typebox/value';
import { ManifestSchema, type ModelManifest } from '../../src/models/manifest.ts';
import { MODEL_FEATURES } from '../../src/train/dataset.ts';
import { scoreOnnx } from '../../src/train/onnx-score.ts';

const DIR = new URL('../../models/motor-health/1/', import.meta.url);

test('manifest.json validates and describes model.onnx', async () => {
  const manifest = JSON.parse(await readFile(new URL('manifest.json', DIR), 'utf8')) as ModelManifest;
  assert.ok(Value.Check(ManifestSchema, manifest), JSON.stringify([...Value.Errors(ManifestSchema, manifest)][0]));
  const bytes = await readFile(new URL('model.onnx', DIR));
  assert.is(manifest.size, bytes.byteLength);
  assert.is(manifest.sha256, createHash('sha256').update(bytes).digest('hex'));
  assert.equal(manifest.inputs.features, MODEL_FEATURES);
  assert.equal(Object.keys(manifest.inputs.missing ?? {}), MODEL_FEATURES);
  assert.ok((manifest.metrics?.rocAuc ?? 0) >= 0.95);
});

test('the missing-value means score as healthy; a stuck vibration sensor scores as a fault', async () => {
  const manifest = JSON.parse(await readFile(new URL('manifest.json', DIR), 'utf8')) as ModelManifest;
  const bytes = await readFile(new URL('model.onnx', DIR));
  const healthy = [60.1, 0.15, 59.8, 60.4, 60.2, 2.2, 0.12, 1.95, 2.5, 2.3, 12, 0.12, 11.8, 12.3, 12.1];
  const stuck = [...healthy];
  stuck.splice(5, 5, 2.2, 0, 2.2, 2.2, 2.2);
  const [pHealthy, pStuck] = await scoreOnnx(bytes, { x: [...healthy, ...stuck], cols: 15 });
  assert.ok(pHealthy! < 0.2, `healthy ${pHealthy}`);
  assert.ok(pStuck! > 0.8, `stuck ${pStuck}`);
  assert.is(Object.keys(manifest.inputs.missing!).length, 15);
});

test.run();
