/**
 * Every runtime in the RUNTIMES table, one contract: the same logistic model in each format scores
 * the same random batch alike (1e-5), leaves its input untouched, refuses garbage as MODEL_INVALID,
 * and disposes cleanly. A new runtime must bring its fixture here.
 */

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { AppError } from '../../src/errors.ts';
import { RUNTIMES } from '../../src/models/runtimes.ts';
import { singleFile, type LoadedModel } from '../../src/models/runtime.ts';
import { createRng } from '../../src/sim/rng.ts';
import { logisticIn, reference, type Logistic } from './logistic.ts';

const FORMATS = ['onnx', 'pmml', 'tfjs'] as const;
const MODEL: Logistic = { w: [0.8, -1.3, 0.05, 2.1, -0.4, 0.9, -2.2, 0.33], b: -0.25 };
const ROWS = 64;
const WIDTH = MODEL.w.length;

const rng = createRng(7);
const batch = new Float32Array(ROWS * WIDTH).map(() => rng.between(-3, 3));
const expected = reference(MODEL, batch, ROWS);
const models = new Map<string, LoadedModel>();

test('every registered runtime has a conformance fixture', () => {
  assert.equal(Object.keys(RUNTIMES).sort(), [...FORMATS].sort());
});

for (const format of FORMATS) {
  test(`${format}: loads the logistic model and matches σ(w·x + b) to 1e-5 on a random batch`, async () => {
    const { artifact, manifest } = await logisticIn(format, MODEL);
    const model = await RUNTIMES[format]!(artifact, manifest);
    models.set(format, model);
    const copy = batch.slice();
    const out = await model.score(batch, ROWS);
    assert.is(out.length, ROWS);
    for (let r = 0; r < ROWS; r++) assert.ok(Math.abs(out[r]! - expected[r]!) < 1e-5, `${format} row ${r}: ${out[r]} vs ${expected[r]}`);
    assert.equal(batch, copy, 'the input batch is not mutated');
    const one = await model.score(batch.subarray(5 * WIDTH, 6 * WIDTH), 1);
    assert.ok(Math.abs(one[0]! - out[5]!) < 1e-6, 'a batch of one equals the same row in a batch');
  });

  test(`${format}: garbage bytes are refused as MODEL_INVALID (422)`, async () => {
    const { manifest } = await logisticIn(format, MODEL);
    const garbage = new Uint8Array(256).map((_, i) => (i * 37 + 11) & 0xff);
    try {
      await RUNTIMES[format]!(singleFile('model', garbage), manifest);
      assert.unreachable('garbage was accepted');
    } catch (err) {
      assert.instance(err, AppError);
      assert.is((err as AppError).code, 'MODEL_INVALID');
      assert.is((err as AppError).status, 422);
    }
  });
}

test('all runtimes agree with each other to 1e-5, then dispose', async () => {
  const outs = await Promise.all(FORMATS.map((f) => models.get(f)!.score(batch, ROWS)));
  for (let r = 0; r < ROWS; r++) {
    const values = outs.map((o) => o[r]!);
    assert.ok(Math.max(...values) - Math.min(...values) < 1e-5, `row ${r}: ${values.join(' / ')}`);
  }
  for (const model of models.values()) await model.dispose();
});

test.run();
