/** Input dedupe: redelivered ids are caught; memory stays within the count and time bounds. */

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createDedupe } from '../../src/stream/dedupe.ts';

test('a redelivered id is a duplicate; a new one is not', () => {
  const d = createDedupe({ ttlMs: 60_000, maxIds: 100 });
  assert.is(d.seen('a', 1000), false);
  assert.is(d.seen('b', 2000), false);
  assert.is(d.seen('a', 1000), true);
  assert.is(d.duplicates, 1);
});

test('bounded by count: the oldest ids are forgotten first', () => {
  const d = createDedupe({ ttlMs: 1e12, maxIds: 3 });
  for (const id of ['a', 'b', 'c', 'd']) d.seen(id, 0);
  assert.is(d.size, 3);
  assert.is(d.seen('a', 0), false, 'a was forgotten');
  assert.is(d.seen('d', 0), true);
});

test('bounded by time: ids older than the TTL behind the newest event are forgotten', () => {
  const d = createDedupe({ ttlMs: 10_000, maxIds: 1000 });
  d.seen('old', 0);
  d.seen('new', 20_000);
  assert.is(d.size, 1);
});

test('snapshot → JSON → restore keeps catching duplicates', () => {
  const a = createDedupe({ ttlMs: 60_000, maxIds: 100 });
  a.seen('x', 5);
  const b = createDedupe({ ttlMs: 60_000, maxIds: 100 }, JSON.parse(JSON.stringify(a.snapshot())));
  assert.is(b.seen('x', 5), true);
});

test('memory: one million distinct ids keep at most maxIds', () => {
  const d = createDedupe({ ttlMs: 1e12, maxIds: 10_000 });
  for (let i = 0; i < 1_000_000; i++) d.seen(`id-${i}`, i);
  assert.is(d.size, 10_000);
});

test.run();
