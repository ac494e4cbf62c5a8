/** /v1/patterns and /v1/tables over app.inject(): shapes, codes, bounds, and the empty case. */

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { buildBareHttp } from './app.ts';
import { createTables } from '../../src/rules/tables.ts';

const it = suite('http/patterns');

async function app(withTables: boolean) {
  const tables = createTables([{ name: 'devices', key: { kind: 'topic', level: 1 }, maxRows: 1 }]);
  return buildBareHttp({
    ...(withTables && { tables: () => tables, patterns: () => ({ patterns: [{ name: 'p' }], tables: {}, operators: [] }) }),
  });
}

it('without rules: empty lists, and every table is unknown', async () => {
  const a = await app(false);
  assert.equal((await a.inject({ url: '/v1/patterns' })).json(), { patterns: [], tables: {}, operators: [] });
  const res = await a.inject({ method: 'PUT', url: '/v1/tables/devices/d1', payload: { site: 'n' } });
  assert.equal([res.statusCode, res.json().error.code], [404, 'TABLE_NOT_FOUND']);
  await a.close();
});

it('PUT creates (201) then replaces (200); GET reads; DELETE 204 then 404; the bound answers 507', async () => {
  const a = await app(true);
  const put = (key: string, payload: unknown) => a.inject({ method: 'PUT', url: `/v1/tables/devices/${key}`, payload: payload as object });
  assert.is((await put('d1', { site: 'north' })).statusCode, 201);
  assert.is((await put('d1', { site: 'south' })).statusCode, 200);
  assert.equal((await a.inject({ url: '/v1/tables/devices/d1' })).json(), { table: 'devices', key: 'd1', row: { site: 'south' } });
  const full = await put('d2', { site: 'east' });
  assert.equal([full.statusCode, full.json().error.code], [507, 'TABLE_FULL']);
  const notObject = await a.inject({ method: 'PUT', url: '/v1/tables/devices/d1', payload: '[1]', headers: { 'content-type': 'application/json' } });
  assert.is(notObject.statusCode, 400);
  assert.is((await a.inject({ method: 'DELETE', url: '/v1/tables/devices/d1' })).statusCode, 204);
  assert.is((await a.inject({ method: 'DELETE', url: '/v1/tables/devices/d1' })).statusCode, 404);
  assert.is((await a.inject({ url: '/v1/tables/devices/d1' })).json().error.code, 'KEY_NOT_FOUND');
  await a.close();
});

it.run();
