/** Event ids: stable, 16 hex chars, sensitive to every part and to where parts split. */

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { hashId } from '../../src/stream/event.ts';

test('stable and well-formed', () => {
  assert.is(hashId('pump-1', 1000, '{"a":1}'), hashId('pump-1', 1000, '{"a":1}'));
  assert.match(hashId('x'), /^[0-9a-f]{16}$/);
});

test('every part and the split between parts matter', () => {
  const ids = new Set([hashId('ab', 'c'), hashId('a', 'bc'), hashId('abc'), hashId('ab', 'd'), hashId('pump-1', 1000), hashId('pump-1', 1001)]);
  assert.is(ids.size, 6);
});

test('no collisions over 200k similar inputs', () => {
  const seen = new Set<string>();
  for (let i = 0; i < 200_000; i++) seen.add(hashId(`pump-${i % 1000}`, 1767254400000 + i, `{"temperature":${60 + (i % 97) / 10}}`));
  assert.is(seen.size, 200_000);
});

test.run();
