/** Keyed state: the key limit holds, keys seen recently survive eviction, idle ones go first. */

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { KeyedState } from '../../src/features/keyed.ts';

test('the limit holds and evictions are counted', () => {
  const keys = new KeyedState<number>(10);
  for (let i = 0; i < 100; i++) keys.set(`k${i}`, i);
  assert.is(keys.size, 10);
  assert.is(keys.evictions, 90);
});

test('a key looked up since the last sweep survives; the idle one is evicted', () => {
  const keys = new KeyedState<number>(3);
  keys.set('hot', 1);
  keys.set('idle', 2);
  keys.set('new', 3);
  keys.get('hot');
  keys.set('newer', 4); // over the limit: 'hot' was touched and gets a second chance, 'idle' goes
  assert.equal([...keys.entries()].map(([k]) => k).sort(), ['hot', 'new', 'newer']);
  // a device publishing steadily is never evicted by a stream of one-off keys
  for (let i = 0; i < 1000; i++) {
    keys.get('hot');
    keys.set(`once-${i}`, i);
  }
  assert.ok(keys.get('hot') === 1);
  assert.is(keys.size, 3);
});

test('evictWhere drops matching keys', () => {
  const keys = new KeyedState<number>(100);
  for (let i = 0; i < 10; i++) keys.set(`k${i}`, i);
  assert.is(keys.evictWhere((v) => v % 2 === 0), 5);
  assert.is(keys.size, 5);
});

test.run();
