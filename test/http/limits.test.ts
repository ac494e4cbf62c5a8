/** HTTP defaults that protect the service: no CORS unless asked for, and body limits answered with 413. */

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { buildTestApp, type TestApp } from './app.ts';

const it = suite<{ t: TestApp }>('HTTP limits and CORS', { t: undefined as unknown as TestApp });
it.before.each(async (ctx) => {
  ctx.t = await buildTestApp();
});
it.after.each(async (ctx) => ctx.t.close());

const EVIL = 'https://evil.example';

it('CORS is off: a cross-origin preflight and a cross-origin read get no Access-Control-Allow-* header (real HTTP)', async ({ t }) => {
  const base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  const preflight = await fetch(`${base}/v1/models/motor-health`, { method: 'OPTIONS', headers: { origin: EVIL, 'access-control-request-method': 'PUT', 'access-control-request-headers': 'authorization' } });
  assert.is(preflight.status, 404);
  await preflight.arrayBuffer();
  const read = await fetch(`${base}/v1/models`, { headers: { origin: EVIL } });
  assert.is(read.status, 200);
  await read.arrayBuffer();
  for (const res of [preflight, read]) {
    const cors = [...res.headers.keys()].filter((h) => h.startsWith('access-control-'));
    assert.equal(cors, [], `no CORS headers, got ${cors.join(', ')}`);
  }
});

it('a JSON body over 1 MiB → 413 PAYLOAD_TOO_LARGE naming the limit; nothing changes', async ({ t }) => {
  const before = t.tree();
  const res = await t.app.inject({ method: 'POST', url: '/v1/models/motor-health/versions/1/activate', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ pad: 'x'.repeat(1024 * 1024) }) });
  assert.is(res.statusCode, 413);
  assert.is(res.json().error.code, 'PAYLOAD_TOO_LARGE');
  assert.match(res.json().error.message, /larger than 1048576 bytes, the limit of this endpoint; send a smaller body/);
  assert.equal(t.tree(), before);
});

it('an inference request over 16 MiB → 413 in the Open Inference Protocol error shape', async ({ t }) => {
  const payload = `{"inputs":[{"name":"x","shape":[1],"datatype":"FP32","data":[${'1,'.repeat(8_500_000)}1]}]}`;
  const res = await t.app.inject({ method: 'POST', url: '/v2/models/motor-health/infer', headers: { 'content-type': 'application/json' }, payload });
  assert.is(res.statusCode, 413);
  assert.match(res.json().error, /larger than 16777216 bytes/);
});

it.run();
