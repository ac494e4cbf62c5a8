/** The keyed table of latest rows: upsert, delete, get, bounded by maxRows, snapshot/restore. */

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createTable } from '../../../src/stream/patterns/table.ts';

test('table: latest write wins, delete removes, bounded by maxRows with the oldest write evicted', () => {
  const t = createTable({ maxRows: 2 });
  t.upsert('a', { p: 1 });
  t.upsert('b', { p: 2 });
  t.upsert('a', { p: 3 }); // rewrite: a is now the newest
  t.upsert('c', { p: 4 }); // evicts b
  assert.equal([t.get('a'), t.get('b'), t.get('c')], [{ p: 3 }, undefined, { p: 4 }]);
  assert.equal(t.stats(), { rows: 2, evicted: 1 });
  assert.is(t.delete('a'), true);
  assert.is(t.delete('a'), false);
  const again = createTable({ maxRows: 2 }, JSON.parse(JSON.stringify(t.snapshot())));
  assert.equal(again.snapshot(), t.snapshot());
});

test.run();
