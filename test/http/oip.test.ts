/**
 * The Open Inference Protocol v2 (KServe "Predict Protocol - Version 2"): requests shaped exactly as
 * the protocol's document shows them (`$inference_request`, `$metadata_model_response`, …), against
 * the shipped ONNX model, an uploaded scikit-learn style classifier, and the score() path that every
 * other format (PMML, TF.js) takes.
 */

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { linearClassifierOnnx } from '../models/onnx-fixtures.ts';
import { buildTestApp, multipart, pmmlRegression, SHIPPED_FEATURES, tfjsLayersModel, type TestApp } from './app.ts';

const it = suite<{ t: TestApp }>('/v2', { t: undefined as unknown as TestApp });
it.before(async (ctx) => {
  ctx.t = await buildTestApp();
});
it.after(async (ctx) => ctx.t.close());

const ROW_A = SHIPPED_FEATURES.map((_, i) => 60 + i);
const ROW_B = SHIPPED_FEATURES.map((_, i) => 2 + i / 10);

it('server metadata, live and ready: 200 with an empty body', async ({ t }) => {
  const meta = await t.app.inject({ url: '/v2' });
  assert.is(meta.statusCode, 200);
  assert.equal(Object.keys(meta.json()).sort(), ['extensions', 'name', 'version']);
  assert.is(meta.json().name, 'streamscore');
  assert.equal(meta.json().extensions, []);
  for (const url of ['/v2/health/live', '/v2/health/ready', '/v2/models/motor-health/ready', '/v2/models/motor-health/versions/1/ready']) {
    const res = await t.app.inject({ url });
    assert.is(res.statusCode, 200, url);
    assert.is(res.body, '', url);
  }
  for (const url of ['/v2/models/nope/ready', '/v2/models/motor-health/versions/7/ready']) {
    const res = await t.app.inject({ url });
    assert.is(res.statusCode, 404, url);
    assert.is(res.body, '');
  }
});

it('model metadata: $metadata_model_response with -1 for the variable batch dimension', async ({ t }) => {
  const res = await t.app.inject({ url: '/v2/models/motor-health' });
  assert.equal(res.json(), {
    name: 'motor-health',
    versions: ['1'],
    platform: 'onnx_onnxv1',
    inputs: [{ name: 'features', datatype: 'FP32', shape: [-1, 15] }],
    outputs: [{ name: 'probability', datatype: 'FP32', shape: [-1, 1] }],
  });
  assert.equal((await t.app.inject({ url: '/v2/models/motor-health/versions/1' })).json(), res.json());
});

it('infer: the protocol\'s example request shape → $inference_response, same numbers as the pipeline path', async ({ t }) => {
  const res = await t.app.inject({
    method: 'POST',
    url: '/v2/models/motor-health/infer',
    headers: { 'content-type': 'application/json' },
    payload: {
      id: '42',
      inputs: [{ name: 'features', shape: [2, 15], datatype: 'FP32', data: [...ROW_A, ...ROW_B] }],
      outputs: [{ name: 'probability' }],
    },
  });
  assert.is(res.statusCode, 200, res.body);
  const body = res.json();
  assert.equal(Object.keys(body).sort(), ['id', 'model_name', 'model_version', 'outputs']);
  assert.is(body.id, '42');
  assert.is(body.model_name, 'motor-health');
  assert.is(body.model_version, '1');
  assert.equal(body.outputs.map((o: any) => [o.name, o.datatype, o.shape]), [['probability', 'FP32', [2, 1]]]);
  const expected = await t.registry.resolve('motor-health', 1)!.model.score(new Float32Array([...ROW_A, ...ROW_B]), 2);
  assert.equal(body.outputs[0].data, Array.from(expected));
});

it('infer with a version in the URL, nested data, no id and no outputs: every output, a generated id', async ({ t }) => {
  const res = await t.app.inject({
    method: 'POST',
    url: '/v2/models/motor-health/versions/1/infer',
    payload: { inputs: [{ name: 'features', shape: [2, 15], datatype: 'FP64', data: [ROW_A, ROW_B] }] },
  });
  assert.is(res.statusCode, 200, res.body);
  assert.match(res.json().id, /^[0-9a-f-]{36}$/);
  assert.is(res.json().outputs[0].data.length, 2);
});

it('a scikit-learn classifier: label (INT64) and probabilities (FP32) tensors', async ({ t }) => {
  const manifest = encodeURIComponent(JSON.stringify({ inputs: { features: ['vibration_std_30s', 'temperature_max_30s'] } }));
  const put = await t.app.inject({ method: 'PUT', url: `/v1/models/clf?manifest=${manifest}`, headers: { 'content-type': 'application/octet-stream' }, payload: Buffer.from(linearClassifierOnnx({ coefficients: [1, -1], intercept: 0 })) });
  assert.is(put.statusCode, 201, put.body);
  const meta = (await t.app.inject({ url: '/v2/models/clf' })).json();
  assert.equal(meta.outputs, [{ name: 'label', datatype: 'INT64', shape: [-1] }, { name: 'probability_tensor', datatype: 'FP32', shape: [-1, 2] }]);
  const res = await t.app.inject({ method: 'POST', url: '/v2/models/clf/infer', payload: { id: 'c', inputs: [{ name: 'float_input', shape: [2, 2], datatype: 'FP32', data: [3, 0, 0, 3] }] } });
  const [label, probs] = res.json().outputs;
  assert.equal(label, { name: 'label', shape: [2], datatype: 'INT64', data: [1, 0] });
  assert.is(probs.datatype, 'FP32');
  assert.equal(probs.shape, [2, 2]);
  assert.ok(Math.abs(probs.data[1] - 1 / (1 + Math.exp(-3))) < 1e-5);
});

it('models without named tensors (PMML, TF.js) answer through score(): [rows, features] or one input per feature', async ({ t }) => {
  const version = await t.registry.ensure('motor-health', 1);
  const original = version.model;
  const plain = Object.assign(Object.create(null), version.model);
  delete plain.infer; // what a runtime without infer() looks like
  (version as { model: unknown }).model = plain;
  try {
    const meta = (await t.app.inject({ url: '/v2/models/motor-health' })).json();
    assert.equal(meta.inputs, [{ name: 'features', datatype: 'FP32', shape: [-1, 15] }]);
    assert.equal(meta.outputs, [{ name: 'probability', datatype: 'FP32', shape: [-1] }]);
    const whole = await t.app.inject({ method: 'POST', url: '/v2/models/motor-health/infer', payload: { inputs: [{ name: 'features', shape: [2, 15], datatype: 'FP32', data: [...ROW_A, ...ROW_B] }] } });
    assert.is(whole.statusCode, 200, whole.body);
    assert.equal(whole.json().outputs[0].shape, [2]);
    const perFeature = await t.app.inject({
      method: 'POST',
      url: '/v2/models/motor-health/infer',
      payload: { inputs: SHIPPED_FEATURES.map((name, c) => ({ name, shape: [2], datatype: 'FP64', data: [ROW_A[c], ROW_B[c]] })) },
    });
    assert.is(perFeature.statusCode, 200, perFeature.body);
    assert.equal(perFeature.json().outputs[0].data, whole.json().outputs[0].data);
  } finally {
    (version as { model: unknown }).model = original;
  }
});

it('PMML and TF.js models over /v2 (uploaded through /v1/models), through score()', async ({ t }) => {
  const fields = SHIPPED_FEATURES.slice(0, 3);
  const pmml = await t.app.inject({ method: 'PUT', url: '/v1/models/oip-pmml', headers: { 'content-type': 'application/xml' }, payload: pmmlRegression(fields) });
  assert.is(pmml.statusCode, 201, pmml.body);
  const meta = (await t.app.inject({ url: '/v2/models/oip-pmml' })).json();
  assert.is(meta.platform, 'streamscore_pmml');
  const perField = await t.app.inject({
    method: 'POST',
    url: '/v2/models/oip-pmml/infer',
    payload: { id: 'p', inputs: fields.map((name, i) => ({ name, shape: [2], datatype: 'FP64', data: [10 * i, 0] })) },
  });
  assert.is(perField.statusCode, 200, perField.body);
  const [out] = perField.json().outputs;
  assert.is(out.name, 'probability_1');
  // logit(-1 + Σ coefficient·x): row 1 = -1 + 0.01·10 + 0.02·20 = -0.5; row 2 = -1.
  assert.ok(Math.abs(out.data[0] - 1 / (1 + Math.exp(0.5))) < 1e-5 && Math.abs(out.data[1] - 1 / (1 + Math.exp(1))) < 1e-5, JSON.stringify(out));

  const { modelJson, shard } = tfjsLayersModel([0.5, -0.5, 1], 0);
  const form = await multipart([
    { name: 'model.json', filename: 'model.json', content: modelJson },
    { name: 'weights', filename: 'weights.bin', content: shard },
    { name: 'manifest', content: JSON.stringify({ inputs: { features: fields } }) },
  ]);
  const tfjs = await t.app.inject({ method: 'PUT', url: '/v1/models/oip-tfjs', ...form });
  assert.is(tfjs.statusCode, 201, tfjs.body);
  const tensorName = tfjs.json().manifest.inputs.tensor;
  const res = await t.app.inject({ method: 'POST', url: '/v2/models/oip-tfjs/infer', payload: { inputs: [{ name: tensorName, shape: [1, 3], datatype: 'FP32', data: [[2, 2, 1]] }] } });
  assert.is(res.statusCode, 200, res.body);
  assert.ok(Math.abs(res.json().outputs[0].data[0] - 1 / (1 + Math.exp(-1))) < 1e-5, res.body);
});

/** [Inference Response JSON Error Object]: an HTTP error status and `{"error": <string>}`, nothing else. */
const ERRORS: Array<[string, string, unknown, number, RegExp]> = [
  ['unknown model', '/v2/models/nope/infer', { inputs: [{ name: 'x', shape: [1], datatype: 'FP32', data: [1] }] }, 404, /no model named "nope"/],
  ['unknown version', '/v2/models/motor-health/versions/3/infer', { inputs: [{ name: 'x', shape: [1], datatype: 'FP32', data: [1] }] }, 404, /has no version 3/],
  ['shape and data disagree', '/v2/models/motor-health/infer', { inputs: [{ name: 'features', shape: [2, 15], datatype: 'FP32', data: ROW_A }] }, 400, /holds 30 elements but data has 15/],
  ['wrong width', '/v2/models/motor-health/infer', { inputs: [{ name: 'features', shape: [1, 3], datatype: 'FP32', data: [1, 2, 3] }] }, 400, /inference failed/],
  ['unknown input', '/v2/models/motor-health/infer', { inputs: [{ name: 'x', shape: [1], datatype: 'FP32', data: [1] }] }, 400, /unexpected input "x"; the model takes features/],
  ['unknown output', '/v2/models/motor-health/infer', { inputs: [{ name: 'features', shape: [1, 15], datatype: 'FP32', data: ROW_A }], outputs: [{ name: 'logits' }] }, 400, /unknown output logits/],
  ['strings for a float input', '/v2/models/motor-health/infer', { inputs: [{ name: 'features', shape: [1, 15], datatype: 'BYTES', data: ROW_A.map(String) }] }, 400, /is BYTES but the model takes FP32/],
  ['a missing datatype', '/v2/models/motor-health/infer', { inputs: [{ name: 'features', shape: [1, 15], data: ROW_A }] }, 400, /datatype/],
  ['an unknown datatype', '/v2/models/motor-health/infer', { inputs: [{ name: 'features', shape: [1, 15], datatype: 'FLOAT', data: ROW_A }] }, 400, /datatype/],
  ['no inputs', '/v2/models/motor-health/infer', { id: '1' }, 400, /inputs/],
];

for (const [what, url, payload, status, message] of ERRORS) {
  it(`infer error: ${what} → ${status} {"error": "..."}`, async ({ t }) => {
    const res = await t.app.inject({ method: 'POST', url, payload: payload as object });
    assert.is(res.statusCode, status, res.body);
    assert.equal(Object.keys(res.json()), ['error']);
    assert.type(res.json().error, 'string');
    assert.match(res.json().error, message);
  });
}

it('metadata errors have the same shape', async ({ t }) => {
  const res = await t.app.inject({ url: '/v2/models/nope' });
  assert.is(res.statusCode, 404);
  assert.equal(Object.keys(res.json()), ['error']);
});

it.run();
