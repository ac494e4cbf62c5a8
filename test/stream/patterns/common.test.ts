/** Shared operator pieces: the LRU key store, the FIFO, the expression scope, predicate truth, durations. */

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkDuration, Fifo, holds, KeyStore, ms, scopeOf } from '../../../src/stream/patterns/common.ts';
import { ev } from './helpers.ts';

test('KeyStore: least recently written key goes first, its items counted; get does not refresh', () => {
  const gone: string[] = [];
  const s = new KeyStore<number[]>(2, (v) => v.length, (k) => gone.push(k));
  s.touch('a', () => [1, 2]);
  s.touch('b', () => [3]);
  s.get('a');
  s.touch('a', () => []); // a written again: b is now the oldest
  s.touch('c', () => []);
  assert.equal(gone, ['b']);
  assert.is(s.evicted, 1);
  s.touch('d', () => []); // a holds two items
  assert.equal(gone, ['b', 'a']);
  assert.is(s.evicted, 3);
  assert.equal([...s.map.keys()], ['c', 'd']);
});

test('Fifo: order kept across compaction; toArray is the queue', () => {
  const q = new Fifo<number>();
  for (let i = 0; i < 5000; i++) q.push(i);
  for (let i = 0; i < 3000; i++) assert.is(q.shift(), i);
  assert.is(q.length, 2000);
  assert.equal(q.toArray().slice(0, 3), [3000, 3001, 3002]);
  assert.is(q.peek(), 3000);
  while (q.shift() !== undefined);
  assert.is(q.length, 0);
});

test('scope: body fields plus $key, $ts, $topic, $source; the body is not mutated; only true holds', () => {
  const e = ev('pump-7', 5, { t: 20 }, 'telemetry');
  const s = scopeOf(e);
  assert.equal(s, { t: 20, $key: 'pump-7', $ts: 5, $topic: 'telemetry/pump-7', $source: 'telemetry' });
  s.t = 99;
  assert.equal(e.body, { t: 20 });
  assert.equal([true, 1, 'true', null, undefined, false].map(holds), [true, false, false, false, false, false]);
});

test('durations: ms parses, checkDuration names the field', () => {
  assert.is(ms('1m30s', 'within'), 90_000);
  assert.is(ms(250, 'within'), 250);
  assert.throws(() => ms('soon', 'within'), /within: not a duration/);
  const problems: string[] = [];
  checkDuration('10x', 'timeout', problems);
  checkDuration(undefined, 'within', problems);
  assert.equal(problems, ['timeout: not a duration ("10x"); use e.g. "30s" or "5m"']);
});

test.run();
