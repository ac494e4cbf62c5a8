/** The score store: latest, history newest-first, bounded per key and in keys, anomalies. */

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ScoreEvent } from '../../src/emit/events.ts';
import { makeScoreEvent } from '../../src/emit/events.ts';
import { createScoreStore } from '../../src/emit/store.ts';

const score = (key: string, end: number, p: number, pipeline = 'p'): ScoreEvent =>
  makeScoreEvent({
    pipeline,
    vector: { key, window: { start: end - 10, end, count: 1 }, values: { a: 1, b: NaN }, eventTime: end },
    model: { name: 'm', version: 1, kind: 'probability' },
    output: p,
    threshold: 0.8,
    emittedAt: end + 1,
  });

test('score events: deterministic id, NaN features become null, anomaly flag from the threshold', () => {
  const a = score('k', 100, 0.9);
  assert.is(a.id, score('k', 100, 0.1).id);
  assert.is.not(a.id, score('k', 110, 0.9).id);
  assert.equal(a.features, { a: 1, b: null });
  assert.equal(a.anomaly, { score: 0.9, threshold: 0.8, is: true });
  assert.equal(score('k', 100, 0.5).anomaly?.is, false);
});

test('a corrected window (late update) keeps the score id and carries its revision', () => {
  const first = score('k', 100, 0.2);
  const corrected = makeScoreEvent({
    pipeline: 'p',
    vector: { key: 'k', window: { start: 90, end: 100, count: 2 }, values: { a: 5 }, eventTime: 120, revision: 1 },
    model: { name: 'm', version: 1, kind: 'probability' },
    output: 0.9,
    threshold: 0.8,
    emittedAt: 121,
  });
  assert.is(corrected.id, first.id);
  assert.is(corrected.revision, 1);
  assert.is(first.revision, undefined);
});

test('latest, history newest first, per-pipeline filter', () => {
  const store = createScoreStore({ historyPerKey: 3, maxKeys: 10 });
  for (let i = 1; i <= 5; i++) store.add(score('k', i * 10, i / 10));
  store.add(score('k', 60, 0.2, 'other'));
  assert.is(store.latest('k')?.pipeline, 'other');
  assert.is(store.latest('k', 'p')?.window.end, 50);
  assert.equal(store.history('k', 10, 'p')?.map((s) => s.window.end), [50, 40, 30]);
  assert.equal(store.history('k', 2)?.map((s) => s.window.end), [60, 50]);
  assert.is(store.latest('nope'), undefined);
});

test('bounded: history per key and the number of keys', () => {
  const store = createScoreStore({ historyPerKey: 5, maxKeys: 3 });
  for (let i = 0; i < 1000; i++) store.add(score(`k${i % 4}`, i, 0.9));
  assert.is(store.size, 3);
  assert.ok((store.history('k3', 1000)?.length ?? 0) <= 5);
  assert.is(store.anomalies(10).length, 10);
});

test('anomalies filter by pipeline, key and event time (since), newest first, at most limit', () => {
  const store = createScoreStore({ historyPerKey: 10, maxKeys: 10 });
  store.add(score('k1', 100, 0.9, 'p'));
  store.add(score('k2', 200, 0.95, 'p'));
  store.add(score('k1', 300, 0.85, 'q'));
  store.add(score('k1', 400, 0.1, 'p'));
  const ends = (list: ScoreEvent[]): number[] => list.map((s) => s.window.end);
  assert.equal(ends(store.anomalies(10)), [300, 200, 100]);
  assert.equal(ends(store.anomalies(10, { key: 'k1' })), [300, 100]);
  assert.equal(ends(store.anomalies(10, { pipeline: 'p', key: 'k1' })), [100]);
  assert.equal(ends(store.anomalies(10, { sinceMs: 200 })), [300, 200]);
  assert.equal(ends(store.anomalies(1, { pipeline: 'p' })), [200]);
});

test.run();
