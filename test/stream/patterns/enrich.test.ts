/** Stream–table enrichment: rows from the table input, miss policies, key expression, tableOf, bounds, snapshots. */

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { enrichSpec, tableOf, type EnrichParams } from '../../../src/stream/patterns/enrich.ts';
import { joinSpec } from '../../../src/stream/patterns/join.ts';
import { ev, LIMITS, stubCompile } from './helpers.ts';

const compile = stubCompile({ symbol: (s) => s.symbol });
const opts = { compile, limits: LIMITS };
const enrich = (p: Partial<EnrichParams> = {}) => enrichSpec.create({ table: 'prices', miss: 'emit', ...p }, opts);

test('timeline: events on `table` upsert; each event gets the row current at its arrival', () => {
  const op = enrich({ key: 'symbol', as: 'price' });
  assert.equal(op.push(ev('ACME', 1, { last: 10 }, 'prices')), []);
  const a = op.push(ev('u1', 2, { symbol: 'ACME', text: 'buy' }, 'events'));
  op.push(ev('ACME', 3, { last: 12 }, 'prices'));
  const b = op.push(ev('u2', 4, { symbol: 'ACME', text: 'sell' }, 'events'));
  const c = op.push(ev('u3', 5, { symbol: 'NOPE', text: '?' }, 'events'));
  assert.equal([...a, ...b, ...c].map((o) => o.body), [
    { symbol: 'ACME', text: 'buy', price: { last: 10 } },
    { symbol: 'ACME', text: 'sell', price: { last: 12 } },
    { symbol: 'NOPE', text: '?', price: null },
  ]);
  op.push(ev('ACME', 6, { $deleted: true }, 'prices')); // a tombstone deletes the row
  assert.equal(op.push(ev('u4', 7, { symbol: 'ACME' }, 'events'))[0]!.body.price, null);
});

test('miss policies: drop returns nothing, deadletter returns the event flagged', () => {
  assert.equal(enrich({ miss: 'drop' }).push(ev('k', 1, { x: 1 }, 'events')), []);
  const [dl] = enrich({ miss: 'deadletter' }).push(ev('k', 1, { x: 1 }, 'events'));
  assert.is(dl!.deadletter, 'enrich-miss');
  assert.equal((dl!.body as { body: unknown }).body, { x: 1 });
});

test('the runtime reaches the table through tableOf (HTTP upserts); other operators have none; snapshot restores rows', () => {
  const op = enrich();
  tableOf(op)!.upsert('pump-7', { site: 'north' });
  assert.equal(op.push(ev('pump-7', 1, { t: 20 }, 'events'))[0]!.body, { t: 20, prices: { site: 'north' } });
  assert.is(tableOf(joinSpec.create({ within: 1, type: 'inner' }, opts)), undefined);
  const restored = enrichSpec.create({ table: 'prices', miss: 'emit' }, { ...opts, state: JSON.parse(JSON.stringify(op.snapshot())) });
  assert.equal(restored.push(ev('pump-7', 2, {}, 'events'))[0]!.body, { prices: { site: 'north' } });
  assert.equal(op.push(ev('pump-7', 1, { t: 20 }, 'events'))[0]!.id, op.push(ev('pump-7', 1, { t: 20 }, 'events'))[0]!.id, 'deterministic ids');
});

test('bounded: rows never exceed maxRows; evictions counted', () => {
  const op = enrichSpec.create({ table: 't', miss: 'emit', maxRows: 50 }, opts);
  for (let i = 0; i < 500; i++) op.push(ev(`k${i}`, i, { i }, 't'));
  assert.equal(op.stats(), { keys: 50, buffered: 50, evicted: 450 });
});

test.run();
