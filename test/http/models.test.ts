/**
 * /v1/models over fastify's inject(): upload each kind (ONNX bytes, PMML XML, TF.js multipart and
 * zip, manifest as query or multipart field), describe, activate/rollback, delete, and every refusal
 * with its status and the message saying what to fix. Refusals leave the registry folder unchanged.
 */

import { zipSync } from 'fflate';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { RUNTIMES } from '../../src/models/runtimes.ts';
import { externalDataOnnx, linearClassifierOnnx, logisticOnnx } from '../models/onnx-fixtures.ts';
import { buildTestApp, multipart, pmmlRegression, SHIPPED_FEATURES, tfjsLayersModel, type TestApp } from './app.ts';

const ONNX = { 'content-type': 'application/octet-stream' };
const logistic15 = (bias: number): Buffer => Buffer.from(logisticOnnx({ weights: SHIPPED_FEATURES.map((_, i) => (i % 3) / 10), bias }));

const it = suite<{ t: TestApp }>('/v1/models', { t: undefined as unknown as TestApp });
it.before.each(async (ctx) => {
  ctx.t = await buildTestApp({ consumers: [{ pipeline: 'motor-health', role: 'model', version: 'active', features: [...SHIPPED_FEATURES, 'current_count_30s'] }], maxModelBytes: 64 * 1024 });
});
it.after.each(async (ctx) => ctx.t.close());

it('PUT ONNX bytes → 201 with the derived manifest; activate; rollback; delete', async ({ t }) => {
  const put = await t.app.inject({ method: 'PUT', url: '/v1/models/motor-health?filename=retrained.onnx&description=retrained', headers: ONNX, payload: logistic15(0.5) });
  assert.is(put.statusCode, 201, put.body);
  const body = put.json();
  assert.is(body.version, 2);
  assert.is(body.active, false);
  assert.is(put.headers.location, '/v1/models/motor-health/versions/2');
  assert.equal(body.manifest.inputs.features, SHIPPED_FEATURES);
  assert.is(body.manifest.originalFilename, 'retrained.onnx');
  assert.is(body.manifest.description, 'retrained');
  assert.ok(body.derived.length >= 1);

  const version = await t.app.inject({ url: '/v1/models/motor-health/versions/2' });
  assert.is(version.json().manifest.sha256, body.manifest.sha256);
  assert.is(version.json().loaded, true);

  const activate = await t.app.inject({ method: 'POST', url: '/v1/models/motor-health/versions/2/activate' });
  assert.equal(activate.json(), { name: 'motor-health', active: 2, previous: 1 });
  assert.is(t.registry.resolve('motor-health', 'active')?.manifest.version, 2);
  const rollback = await t.app.inject({ method: 'POST', url: '/v1/models/motor-health/versions/1/activate' });
  assert.equal(rollback.json(), { name: 'motor-health', active: 1, previous: 2 });

  const model = (await t.app.inject({ url: '/v1/models/motor-health' })).json();
  assert.equal(model.versions.map((v: any) => [v.version, v.active]), [[1, true], [2, false]]);
  const del = await t.app.inject({ method: 'DELETE', url: '/v1/models/motor-health/versions/2' });
  assert.equal(del.json(), { deleted: { name: 'motor-health', version: 2 } });
  assert.is((await t.app.inject({ url: '/v1/models/motor-health/versions/2' })).statusCode, 404);
  const list = (await t.app.inject({ url: '/v1/models' })).json();
  assert.equal(list.models.map((m: any) => [m.name, m.activeVersion, m.latestVersion]), [['motor-health', 1, 2]]);
});

it('PUT with ?activate=true and a manifest in the query; a classifier maps to its probability column', async ({ t }) => {
  const manifest = encodeURIComponent(JSON.stringify({ inputs: { features: ['vibration_std_30s', 'temperature_max_30s'] }, output: { labels: [0, 1] } }));
  const res = await t.app.inject({ method: 'PUT', url: `/v1/models/clf?activate=true&manifest=${manifest}`, headers: ONNX, payload: Buffer.from(linearClassifierOnnx({ coefficients: [1, 2], intercept: 0 })) });
  assert.is(res.statusCode, 201, res.body);
  const m = res.json().manifest;
  assert.equal(m.output, { tensor: 'probability_tensor', kind: 'probability', column: 1, labelTensor: 'label', labels: [0, 1] });
  assert.equal(m.inputs, { tensor: 'float_input', features: ['vibration_std_30s', 'temperature_max_30s'] });
  assert.is(res.json().active, true);
});

it('multipart: a .onnx file part with a manifest field', async ({ t }) => {
  const form = await multipart([
    { name: 'model', filename: 'motor.onnx', content: logistic15(1) },
    { name: 'manifest', content: JSON.stringify({ inputs: { features: SHIPPED_FEATURES }, description: 'from a form' }) },
  ]);
  const res = await t.app.inject({ method: 'PUT', url: '/v1/models/motor-health', ...form });
  assert.is(res.statusCode, 201, res.body);
  assert.is(res.json().manifest.format, 'onnx');
  assert.is(res.json().manifest.originalFilename, 'motor.onnx');
  assert.is(res.json().manifest.description, 'from a form');
});

it('PMML as application/xml: features from the MiningSchema (runs when the PMML runtime is present)', async ({ t }) => {
  const res = await t.app.inject({ method: 'PUT', url: '/v1/models/motor-pmml', headers: { 'content-type': 'application/xml' }, payload: pmmlRegression(SHIPPED_FEATURES.slice(0, 4)) });
  if (!RUNTIMES.pmml) {
    assert.is(res.statusCode, 415, res.body);
    assert.match(res.json().error.message, /format "pmml" has no runtime in this build/);
    return;
  }
  assert.is(res.statusCode, 201, res.body);
  assert.equal(res.json().manifest.inputs.features, SHIPPED_FEATURES.slice(0, 4));
  assert.equal(res.json().manifest.output.kind, 'probability');
});

it('TF.js as multipart (model.json + shard) and as a zip (runs when the TF.js runtime is present)', async ({ t }) => {
  const { modelJson, shard } = tfjsLayersModel(SHIPPED_FEATURES.map(() => 0.01), -1);
  const form = await multipart([
    { name: 'model.json', filename: 'model.json', content: modelJson },
    { name: 'weights', filename: 'weights.bin', content: shard },
  ]);
  const zip = Buffer.from(zipSync({ 'motor/model.json': new TextEncoder().encode(modelJson), 'motor/weights.bin': shard }));
  for (const req of [{ ...form }, { headers: { 'content-type': 'application/zip' }, payload: zip }]) {
    const res = await t.app.inject({ method: 'PUT', url: '/v1/models/motor-health', ...req });
    if (!RUNTIMES.tfjs) {
      assert.is(res.statusCode, 415, res.body);
      assert.match(res.json().error.message, /format "tfjs" has no runtime in this build/);
      continue;
    }
    assert.is(res.statusCode, 201, res.body);
    const m = res.json().manifest;
    assert.is(m.format, 'tfjs');
    assert.equal(m.files.map((f: any) => f.path).sort(), ['model.json', 'weights.bin']);
    assert.equal(m.inputs.features, SHIPPED_FEATURES);
  }
  // A model.json without its weights is refused by name, whatever the runtime.
  const alone = await multipart([{ name: 'model.json', filename: 'model.json', content: modelJson }]);
  const res = await t.app.inject({ method: 'PUT', url: '/v1/models/motor-health', ...alone });
  assert.is(res.statusCode, 422, res.body);
  assert.match(res.json().error.message, /weight files that were not uploaded: weights.bin/);
});

/** Each refusal: status, code, a message naming the fix, and nothing written. */
const REFUSALS: Array<[string, (t: TestApp) => Promise<{ statusCode: number; json(): any }>, number, string, RegExp]> = [
  ['garbage bytes', (t) => t.app.inject({ method: 'PUT', url: '/v1/models/motor-health', headers: ONNX, payload: Buffer.from('this is not onnx at all') }), 422, 'MODEL_INVALID', /not a loadable ONNX model/],
  ['truncated ONNX', (t) => t.app.inject({ method: 'PUT', url: '/v1/models/motor-health', headers: ONNX, payload: logistic15(0).subarray(0, 250) }), 422, 'MODEL_INVALID', /truncated/],
  ['empty body', (t) => t.app.inject({ method: 'PUT', url: '/v1/models/motor-health', headers: ONNX, payload: Buffer.alloc(0) }), 422, 'MODEL_INVALID', /body is empty/],
  ['unsupported content type', (t) => t.app.inject({ method: 'PUT', url: '/v1/models/motor-health', headers: { 'content-type': 'text/plain' }, payload: 'x' }), 415, 'UNSUPPORTED_MEDIA_TYPE', /application\/octet-stream \(ONNX\)/],
  ['JSON body', (t) => t.app.inject({ method: 'PUT', url: '/v1/models/motor-health', payload: { model: 1 } }), 415, 'UNSUPPORTED_MEDIA_TYPE', /send the model as/],
  ['ONNX with external data', (t) => t.app.inject({ method: 'PUT', url: '/v1/models/ext', headers: ONNX, payload: Buffer.from(externalDataOnnx()) }), 422, 'MODEL_INVALID', /external data files .*save_as_external_data=False/],
  ['ONNX with a ZipMap output', (t) => t.app.inject({ method: 'PUT', url: '/v1/models/zm?manifest=' + encodeURIComponent('{"inputs":{"features":["a","b"]}}'), headers: ONNX, payload: Buffer.from(linearClassifierOnnx({ coefficients: [1, 1], intercept: 0, zipmap: true })) }), 422, 'MODEL_INVALID', /ZipMap.*'zipmap': False/],
  ['PMML with a DOCTYPE', (t) => t.app.inject({ method: 'PUT', url: '/v1/models/p', headers: { 'content-type': 'text/xml' }, payload: pmmlRegression(['a'], { doctype: true }) }), 422, 'MODEL_INVALID', /DOCTYPE.*remove the <!DOCTYPE/],
  ['PMML that is not XML', (t) => t.app.inject({ method: 'PUT', url: '/v1/models/p', headers: { 'content-type': 'application/xml' }, payload: '<PMML><unclosed>' }), 422, 'MODEL_INVALID', /not a well-formed PMML document/],
  ['inputs the pipeline cannot supply', (t) => t.app.inject({ method: 'PUT', url: '/v1/models/motor-health?manifest=' + encodeURIComponent(JSON.stringify({ inputs: { features: SHIPPED_FEATURES.map((f) => f.replace('current', 'pressure')) } })), headers: ONNX, payload: logistic15(0) }), 422, 'MODEL_INVALID', /pipeline "motor-health" does not compute pressure_mean_30s/],
  ['features that cannot be derived', (t) => t.app.inject({ method: 'PUT', url: '/v1/models/fresh', headers: ONNX, payload: Buffer.from(logisticOnnx({ weights: [1, 2, 3], bias: 0 })) }), 422, 'MODEL_INVALID', /cannot tell which features feed input "features" \(3 columns\).*inputs\.features/],
  ['a manifest that is not JSON', (t) => t.app.inject({ method: 'PUT', url: '/v1/models/motor-health?manifest=%7Bnope', headers: ONNX, payload: logistic15(0) }), 400, 'BAD_REQUEST', /manifest is not valid JSON/],
  ['a manifest with unknown fields', (t) => t.app.inject({ method: 'PUT', url: '/v1/models/motor-health?manifest=' + encodeURIComponent('{"inputz":{}}'), headers: ONNX, payload: logistic15(0) }), 400, 'BAD_REQUEST', /manifest/],
  ['a name with ..', (t) => t.app.inject({ method: 'PUT', url: '/v1/models/model..v2', headers: ONNX, payload: logistic15(0) }), 400, 'BAD_REQUEST', /not allowed/],
  ['a name with an encoded /', (t) => t.app.inject({ method: 'PUT', url: '/v1/models/..%2F..%2Fetc', headers: ONNX, payload: logistic15(0) }), 400, 'BAD_REQUEST', /no '\/', '\\' or '\.\.'/],
  ['a name with a backslash', (t) => t.app.inject({ method: 'PUT', url: '/v1/models/a%5Cb', headers: ONNX, payload: logistic15(0) }), 400, 'BAD_REQUEST', /not allowed/],
  ['a body above limits.maxModelBytes', (t) => t.app.inject({ method: 'PUT', url: '/v1/models/motor-health', headers: ONNX, payload: Buffer.alloc(65 * 1024, 1) }), 413, 'MODEL_TOO_LARGE', /larger than 65536 bytes \(limits.maxModelBytes\)/],
  ['a multipart file above the limit', async (t) => t.app.inject({ method: 'PUT', url: '/v1/models/motor-health', ...(await multipart([{ name: 'm', filename: 'big.onnx', content: new Uint8Array(65 * 1024) }])) }), 413, 'MODEL_TOO_LARGE', /limits.maxModelBytes/],
  ['a zip that expands above the limit', (t) => t.app.inject({ method: 'PUT', url: '/v1/models/motor-health', headers: { 'content-type': 'application/zip' }, payload: Buffer.from(zipSync({ 'model.json': new Uint8Array(200 * 1024) })) }), 413, 'MODEL_TOO_LARGE', /expands to more than/],
  ['a zip with a path outside the model', (t) => t.app.inject({ method: 'PUT', url: '/v1/models/motor-health', headers: { 'content-type': 'application/zip' }, payload: Buffer.from(zipSync({ 'model.json': new Uint8Array(2), '../evil.bin': new Uint8Array(2) })) }), 400, 'BAD_REQUEST', /file name "\.\.\/evil\.bin" is not allowed/],
  ['bytes that are not a zip', (t) => t.app.inject({ method: 'PUT', url: '/v1/models/motor-health', headers: { 'content-type': 'application/zip' }, payload: Buffer.from('PK\u0003\u0004 and then nothing') }), 422, 'MODEL_INVALID', /not a readable zip/],
];

for (const [what, send, status, code, message] of REFUSALS) {
  it(`refused: ${what} → ${status} ${code}, nothing written`, async ({ t }) => {
    const before = t.tree();
    const res = await send(t);
    assert.is(res.statusCode, status, JSON.stringify(res.json()));
    assert.is(res.json().error.code, code);
    assert.match(res.json().error.message, message);
    assert.equal(t.tree(), before);
    assert.is(t.registry.get('motor-health').latestVersion, 1);
  });
}

it('activate/delete refusals: unknown version 404, active version 409, bad version 400', async ({ t }) => {
  const unknown = await t.app.inject({ method: 'POST', url: '/v1/models/motor-health/versions/9/activate' });
  assert.is(unknown.statusCode, 404);
  assert.match(unknown.json().error.message, /has no version 9 \(versions: 1\)/);
  const active = await t.app.inject({ method: 'DELETE', url: '/v1/models/motor-health/versions/1' });
  assert.is(active.statusCode, 409);
  assert.is(active.json().error.code, 'MODEL_IN_USE');
  assert.is((await t.app.inject({ method: 'DELETE', url: '/v1/models/motor-health/versions/one' })).statusCode, 400);
  assert.is((await t.app.inject({ url: '/v1/models/nope' })).json().error.code, 'MODEL_NOT_FOUND');
});

it.run();
