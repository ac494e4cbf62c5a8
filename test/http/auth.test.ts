/** Bearer tokens: writes need one when configured; reads with protectReads; health stays open. */

import Fastify from 'fastify';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createAuthHook } from '../../src/http/auth.ts';
import { startService } from '../e2e/harness.ts';

const TOKEN = 'a-long-enough-secret-token';

function app(protectReads = false, tokens = [TOKEN]) {
  const a = Fastify();
  a.addHook('onRequest', createAuthHook({ tokens, protectReads }));
  a.get('/healthz', async () => ({ ok: true }));
  a.get('/v1/models', async () => ({ models: [] }));
  a.put('/v1/models/:name', async () => ({ ok: true }));
  a.delete('/v1/models/:name/versions/:v', async () => ({ ok: true }));
  a.post('/v2/models/:name/infer', async () => ({ outputs: [] }));
  return a;
}

const auth = (t: string) => ({ authorization: `Bearer ${t}` });

test('writes need a valid token; the 401 says how to send one', async () => {
  const a = app();
  const none = await a.inject({ method: 'PUT', url: '/v1/models/m' });
  assert.is(none.statusCode, 401);
  assert.match(none.json().error.message, 'Authorization: Bearer <token>');
  assert.is(none.headers['www-authenticate'], 'Bearer realm="streamscore"');
  assert.is((await a.inject({ method: 'PUT', url: '/v1/models/m', headers: auth('wrong-token-of-some-length') })).statusCode, 401);
  assert.is((await a.inject({ method: 'PUT', url: '/v1/models/m', headers: auth(TOKEN) })).statusCode, 200);
  assert.is((await a.inject({ method: 'DELETE', url: '/v1/models/m/versions/1' })).statusCode, 401);
});

test('reads, health and inference stay open unless reads are protected', async () => {
  const open = app();
  assert.is((await open.inject({ url: '/v1/models' })).statusCode, 200);
  assert.is((await open.inject({ method: 'POST', url: '/v2/models/m/infer' })).statusCode, 200);
  const closed = app(true);
  assert.is((await closed.inject({ url: '/v1/models' })).statusCode, 401);
  assert.is((await closed.inject({ method: 'POST', url: '/v2/models/m/infer' })).statusCode, 401);
  assert.is((await closed.inject({ url: '/v1/models', headers: auth(TOKEN) })).statusCode, 200);
  assert.is((await closed.inject({ url: '/healthz' })).statusCode, 200);
});

test('no tokens configured: everything is open', async () => {
  assert.is((await app(false, []).inject({ method: 'PUT', url: '/v1/models/m' })).statusCode, 200);
});

test('the service enforces configured tokens over real HTTP', async () => {
  const service = await startService({ http: { tokens: [TOKEN] } });
  try {
    const url = `${service.httpUrl}/v1/models/motor-health/versions/1/activate`;
    assert.is((await fetch(url, { method: 'POST' })).status, 401);
    assert.is((await fetch(url, { method: 'POST', headers: auth(TOKEN) })).status, 200);
    assert.is((await fetch(`${service.httpUrl}/v1/models`)).status, 200);
  } finally {
    await service.stop();
  }
});

test.run();
