/** Enrichment tables: latest row per key, bounded, changes handed to listeners, snapshot round trip. */

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createTables, type TableChange } from '../../src/rules/tables.ts';

const it = suite('rules/tables');
const configs = [{ name: 'prices', key: { kind: 'topic' as const, level: 1 }, maxRows: 2 }];

it('upsert keeps the latest row; delete removes; listeners see every change in order', () => {
  const t = createTables(configs);
  const seen: TableChange[] = [];
  t.onChange((c) => seen.push(c));
  t.upsert('prices', 'ACME', { last: 1 });
  t.upsert('prices', 'ACME', { last: 2 });
  assert.equal(t.get('prices', 'ACME'), { last: 2 });
  assert.ok(t.delete('prices', 'ACME'));
  assert.not.ok(t.delete('prices', 'ACME'), 'nothing to delete, nothing notified');
  assert.equal(seen, [
    { table: 'prices', key: 'ACME', row: { last: 1 } },
    { table: 'prices', key: 'ACME', row: { last: 2 } },
    { table: 'prices', key: 'ACME' },
  ]);
});

it('bounded: a new key beyond maxRows is refused and counted; existing keys still update', () => {
  const t = createTables(configs);
  assert.equal([t.upsert('prices', 'A', {}), t.upsert('prices', 'B', {}), t.upsert('prices', 'C', {}), t.upsert('prices', 'A', { x: 1 })], [true, true, false, true]);
  assert.equal(t.stats(), { prices: { rows: 2, refused: 1 } });
});

it('snapshot → restore; unknown tables are named', () => {
  const t = createTables(configs);
  t.upsert('prices', 'A', { last: 3 });
  const again = createTables(configs, JSON.parse(JSON.stringify(t.snapshot())));
  assert.equal(again.rows('prices'), [['A', { last: 3 }]]);
  assert.equal([again.has('prices'), again.has('nope'), again.get('nope', 'A')], [true, false, undefined]);
  assert.throws(() => again.upsert('nope', 'A', {}), /no table nope/);
});

it.run();
