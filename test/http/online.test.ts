/** The online routes through app.inject(): bearer-protected writes, readable 4xx, the model and metrics views. */

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildBareHttp } from './app.ts';
import type { ExtensionOutput } from '../../src/pipeline/extension.ts';
import { extension, vector } from '../online/serve/fixture.ts';

const TOKEN = 'a-token-of-sixteen-chars';

async function app(online: Record<string, unknown>) {
  const ext = extension(online);
  const emitted: ExtensionOutput[] = [];
  const http = await buildBareHttp({
    auth: { tokens: [TOKEN], protectReads: false },
    online: { find: (n) => (n === 'p' ? ext : undefined), pipelines: () => ['p', 'plain'], emit: (o) => void emitted.push(o), now: () => 1000 },
  });
  return { http, ext, emitted };
}

const auth = { authorization: `Bearer ${TOKEN}` };

test('writes need the bearer token; reads do not', async () => {
  const { http, ext } = await app({ learner: 'gaussianNB' });
  const { scores } = ext.onVectors([vector('k', 0, { a: 1, b: 2 })], 0);
  const label = { pipeline: 'p', id: scores[0]!.id, label: 'ok' };
  assert.is((await http.inject({ method: 'POST', url: '/v1/labels', payload: label })).statusCode, 401);
  assert.is((await http.inject({ method: 'POST', url: '/v1/online/p/k/reset' })).statusCode, 401);
  const res = await http.inject({ method: 'POST', url: '/v1/labels', payload: label, headers: auth });
  assert.equal(res.json(), { matched: 1, unmatched: 0, duplicate: 0, results: [{ outcome: 'matched', id: scores[0]!.id }] });
  const model = (await http.inject({ url: '/v1/online/p/k' })).json();
  // Learned from, but not scored: the empty model had no class to predict (River's rule).
  assert.equal([model.learner, model.task, model.scope, model.samples, model.metrics.n], ['gaussianNB', 'classification', 'key', 1, 0]);
  const reset = await http.inject({ method: 'POST', url: '/v1/online/p/k/reset', headers: auth });
  assert.equal([reset.statusCode, reset.json().samples], [200, 0]);
  await http.close();
});

test('4xx name what to fix: no pipeline, a pipeline without online:, a bad label, no model for the key', async () => {
  const { http } = await app({ learner: 'linearRegression', scope: 'pipeline' });
  const post = (payload: unknown) => http.inject({ method: 'POST', url: '/v1/labels', payload: payload as object, headers: auth });
  const cases: Array<[unknown, number, RegExp]> = [
    [{ pipeline: 'nope', id: 'x', label: 1 }, 404, /no pipeline "nope" \(pipelines: p, plain\)/],
    [{ pipeline: 'plain', id: 'x', label: 1 }, 400, /pipeline "plain" has no online: section/],
    [{ id: 'x', label: 1 }, 400, /^pipeline: missing/],
    [[{ pipeline: 'p', id: 'x', label: 'high' }], 400, /^\[0\]\.label: a regression label is a finite number/],
    [[], 400, /send 1 to 10000 labels/],
  ];
  for (const [payload, status, re] of cases) {
    const res = await post(payload);
    assert.is(res.statusCode, status, JSON.stringify(payload));
    assert.match(res.json().error.message, re);
  }
  const missing = await http.inject({ url: '/v1/online/p/pump-1' });
  assert.equal([missing.statusCode, missing.json().error.code], [404, 'KEY_NOT_FOUND']);
  assert.match(missing.json().error.message, /use key _/);
  const metrics = (await http.inject({ url: '/v1/online/p/metrics' })).json();
  assert.equal([metrics.task, metrics.aggregate, metrics.modelCount], ['regression', { n: 0, mae: 0, rmse: 0, r2: 0 }, 0]);
  await http.close();
});

test.run();
