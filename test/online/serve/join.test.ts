/** The label join: on time, late after the TTL, never, duplicate; by id, by key + window end, by key + event time; bounded. */

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createPendingJoin } from '../../../src/online/serve/join.ts';

const TTL = 60_000;
// Two windows of pump-1 and one of pump-2:   [0, 10s) closed at 10s,  [10s, 20s) closed at 21s.
const W1 = { id: 'a', key: 'pump-1', start: 0, end: 10_000, eventTime: 10_000, x: { t: 1 }, prediction: { value: 1 } };
const W2 = { id: 'b', key: 'pump-1', start: 10_000, end: 20_000, eventTime: 21_000, x: { t: 2 }, prediction: { value: 2 } };
const W3 = { id: 'c', key: 'pump-2', start: 0, end: 10_000, eventTime: 10_500, x: { t: 3 }, prediction: { value: 3 } };

function fresh(maxPending = 100) {
  const join = createPendingJoin({ ttlMs: TTL, maxPending });
  join.add(W1, 0);
  join.add(W2, 1000);
  join.add(W3, 2000);
  return join;
}

test('a label on time matches by id, and hands back the stored vector and prediction', () => {
  const join = fresh();
  const r = join.take({ id: 'b' }, 5000);
  assert.is(r.outcome, 'matched');
  if (r.outcome === 'matched') assert.equal([r.entry.x, r.entry.prediction], [{ t: 2 }, { value: 2 }]);
});

test('by key + window end, and by key + event time (the closing event first, else the window holding it)', () => {
  const join = fresh();
  const byEnd = join.take({ key: 'pump-1', windowEnd: 10_000 }, 5000);
  assert.is(byEnd.outcome === 'matched' && byEnd.entry.id, 'a');
  const byClosing = join.take({ key: 'pump-1', eventTime: 21_000 }, 5000);
  assert.is(byClosing.outcome === 'matched' && byClosing.entry.id, 'b');
  const inside = join.take({ key: 'pump-2', eventTime: 4000 }, 5000);
  assert.is(inside.outcome === 'matched' && inside.entry.id, 'c');
  assert.is(join.take({ key: 'pump-1', windowEnd: 30_000 }, 5000).outcome, 'unmatched');
  assert.is(join.take({ key: 'pump-9', eventTime: 4000 }, 5000).outcome, 'unmatched');
});

test('a second label for the same prediction is a duplicate, by any reference', () => {
  const join = fresh();
  assert.is(join.take({ id: 'a' }, 5000).outcome, 'matched');
  assert.is(join.take({ id: 'a' }, 6000).outcome, 'duplicate');
  assert.is(join.take({ key: 'pump-1', windowEnd: 10_000 }, 6000).outcome, 'duplicate');
});

test('late after the TTL: the vector expired (counted once) and the label is unmatched', () => {
  const join = fresh();
  assert.is(join.take({ id: 'a' }, TTL - 1).outcome, 'matched');
  assert.is(join.expire(TTL + 1000), 1, 'b expired; a was labelled, so it does not count');
  assert.is(join.counters.expired, 1);
  assert.is(join.take({ id: 'b' }, TTL + 1000).outcome, 'unmatched');
  assert.is(join.take({ id: 'c' }, TTL + 2000).outcome, 'unmatched', 'expired on take too');
  assert.is(join.counters.expired, 2);
  assert.is(join.size, 0);
});

test('never labelled: every vector expires and nothing is left', () => {
  const join = fresh();
  join.expire(10 * TTL);
  assert.equal([join.size, join.counters.expired], [0, 3]);
});

test('maxPending bounds the join: the oldest unlabelled vector is evicted and counted', () => {
  const join = fresh(2);
  assert.equal([join.size, join.counters.evicted], [2, 1]);
  assert.is(join.take({ id: 'a' }, 3000).outcome, 'unmatched');
});

test('a revised window replaces its prediction; once labelled it is not re-queued', () => {
  const join = fresh();
  join.add({ ...W1, prediction: { value: 9 } }, 3000);
  const r = join.take({ id: 'a' }, 4000);
  assert.equal(r.outcome === 'matched' && r.entry.prediction, { value: 9 });
  join.add({ ...W1, prediction: { value: 7 } }, 5000);
  assert.is(join.take({ id: 'a' }, 6000).outcome, 'duplicate');
});

test('snapshot and restore keep pending and labelled entries', () => {
  const join = fresh();
  join.take({ id: 'a' }, 1000);
  const again = createPendingJoin({ ttlMs: TTL, maxPending: 100 }, JSON.parse(JSON.stringify(join.snapshot())));
  assert.is(again.take({ id: 'a' }, 2000).outcome, 'duplicate');
  assert.is(again.take({ id: 'b' }, 2000).outcome, 'matched');
});

test.run();
