/** The online extension: predict per window, learn from joined labels, target mode, drift, bounds, snapshot/restore. */

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { hashId } from '../../../src/stream/event.ts';
import { extension, rng, vector } from './fixture.ts';

const CLASSIFIER = { learner: ['standardScaler', 'logisticRegression'], params: { optimizer: { name: 'sgd', lr: 0.5 } }, labels: { topic: 'labels/+/p', ttl: '1m' } };

/**
 * Windows whose label is a + b > 0 (flipped for keys in `flipped`), the keys interleaved, each
 * labelled by id right after its prediction; returns the accuracy of the first and second half.
 */
function trainByLabels(ext: ReturnType<typeof extension>, keys: string[], n: number, seed: number, flipped: string[] = []): number[] {
  const r = rng(seed);
  const hits = [0, 0];
  for (let i = 0; i < n; i++) {
    for (const key of keys) {
      const a = r() * 2 - 1;
      const b = r() * 2 - 1;
      const truth = (a + b > 0) !== flipped.includes(key);
      const score = ext.onVectors([vector(key, i, { a, b })], i).scores[0]!;
      if ((score.prediction as { label: boolean }).label === truth) hits[i < n / 2 ? 0 : 1]!++;
      ext.applyLabels([{ ref: { id: score.id }, label: truth }], i);
    }
  }
  return hits.map((h) => h / ((n / 2) * keys.length));
}

test('each window is predicted and published as a score event naming the learner and its samples', () => {
  const ext = extension(CLASSIFIER);
  const out = ext.onVectors([vector('pump-1', 0, { a: 1, b: 2 })], 5);
  assert.is(out.publish[0]!.topic, 'streamscore/scores/p/pump-1');
  const score = JSON.parse(out.publish[0]!.payload);
  assert.equal(score, out.scores[0]);
  assert.is(score.id, hashId('p', 'pump-1', 10_000));
  assert.equal(score.model, { name: 'standardScaler|logisticRegression', version: 0 });
  assert.equal(score.prediction, { label: false, probabilities: { false: 0.5, true: 0.5 } });
  assert.is(ext.pending, 1);
});

test('labels joined by id teach the model: the second half is far more accurate than chance', () => {
  const ext = extension(CLASSIFIER);
  const [first, second] = trainByLabels(ext, ['pump-1'], 400, 7);
  assert.ok(second! >= 0.9, `second half ${second}`);
  assert.ok(second! > first!, `${first} → ${second}`);
  assert.equal([ext.counters.matched, ext.counters.learned, ext.models.peek('pump-1')!.samples], [400, 400, 400]);
  const m = ext.models.aggregate.values();
  assert.ok(m.accuracy! > 0.85 && m.rocAuc! > 0.9 && m.f1! > 0.85 && m.logLoss! < 0.4, JSON.stringify(m));
});

test('scope key: each device learns its own concept; scope pipeline: one model learns both and cannot', () => {
  const perKey = extension(CLASSIFIER);
  const shared = extension({ ...CLASSIFIER, scope: 'pipeline' });
  const secondHalf = (ext: typeof perKey) => trainByLabels(ext, ['up', 'down'], 400, 1, ['down'])[1]!;
  const [own, one] = [secondHalf(perKey), secondHalf(shared)];
  assert.ok(own > 0.9, `per key ${own}`);
  assert.ok(one < 0.7, `shared ${one}`);
  assert.equal(shared.models.keys(), ['_']);
});

test('unmatched and duplicate labels are counted and do not learn', () => {
  const ext = extension(CLASSIFIER);
  const { scores } = ext.onVectors([vector('k', 0, { a: 1, b: 1 })], 0);
  const { outcomes } = ext.applyLabels([{ ref: { id: scores[0]!.id }, label: true }, { ref: { id: scores[0]!.id }, label: true }, { ref: { id: 'nope' }, label: true }], 1);
  assert.equal(outcomes.map((o) => o.outcome), ['matched', 'duplicate', 'unmatched']);
  assert.equal([ext.counters.matched, ext.counters.duplicate, ext.counters.unmatched, ext.counters.learned], [1, 1, 1, 1]);
});

test('predictions never labelled expire on tick', () => {
  const ext = extension(CLASSIFIER);
  ext.onVectors([vector('k', 0, { a: 1, b: 1 }), vector('k', 1, { a: 1, b: 1 })], 0);
  ext.tick!(60_001);
  assert.equal([ext.pending, ext.counters.expired], [0, 2]);
});

test('MQTT labels: the key comes from the topic; bad items are dead-lettered with the reason, good ones still learn', () => {
  const ext = extension(CLASSIFIER);
  ext.onVectors([vector('pump-3', 0, { a: 1, b: 1 })], 0);
  const body = JSON.stringify([{ windowEnd: 10_000, label: true }, { windowEnd: 10_000 }]);
  const out = ext.onLabelMessage('labels/pump-3/p', Buffer.from(body), 5);
  assert.is(ext.counters.matched, 1);
  assert.is(ext.counters.badLabels, 1);
  assert.is(out.publish[0]!.topic, 'streamscore/deadletter/bad_label');
  const dl = JSON.parse(out.publish[0]!.payload);
  assert.match(dl.detail, /^\[1\]\.label: missing/);
  assert.is(dl.payload, body);
  assert.is(ext.onLabelMessage('labels/pump-3/p', Buffer.from('{oops'), 6).publish.length, 1);
});

test('target: the window carries its label; test-then-train at once, the target field is not a feature', () => {
  const ext = extension({ learner: 'linearRegression', params: { optimizer: { name: 'sgd', lr: 0.05 } }, target: 'y' });
  const r = rng(3);
  let err = 0;
  for (let i = 0; i < 600; i++) {
    const a = r();
    const b = r();
    const out = ext.onVectors([vector('k', i, { a, b, y: 3 * a - 2 * b + 1 })], i);
    if (i >= 500) err += Math.abs((out.scores[0]!.prediction as { value: number }).value - (3 * a - 2 * b + 1));
  }
  assert.ok(err / 100 < 0.15, `MAE over the last 100: ${err / 100}`);
  assert.is(ext.pending, 0);
  const m = ext.models.peek('k')!.metrics.values();
  assert.ok(m.r2! > 0.5 && m.mae! < 0.5, JSON.stringify(m));
  // A learner fed y itself would reach MAE ≈ 0 from the start; without it the early error is large.
  assert.ok(m.mae! > 0.05);
});

test('maxKeys bounds the models, least recently used first', () => {
  const ext = extension({ ...CLASSIFIER, maxKeys: 2 });
  ext.onVectors([vector('a', 0, { a: 1, b: 1 }), vector('b', 0, { a: 1, b: 1 }), vector('a', 1, { a: 1, b: 1 }), vector('c', 0, { a: 1, b: 1 })], 0);
  assert.equal(ext.models.keys().sort(), ['a', 'c']);
  assert.is(ext.models.evictions, 1);
});

test('drift: Page-Hinkley on the error stream fires after a concept flip, publishes before/after and resets the learner', () => {
  const ext = extension({ ...CLASSIFIER, drift: { detector: 'pageHinkley', params: { threshold: 5, minInstances: 20 }, action: 'reset' } });
  const r = rng(11);
  const drifts: Array<{ topic: string; body: Record<string, any> }> = [];
  for (let i = 0; i < 600; i++) {
    const a = r() * 2 - 1;
    const b = r() * 2 - 1;
    const truth = a + b > 0 !== i >= 300; // the concept flips at 300
    const { scores } = ext.onVectors([vector('k', i, { a, b })], i);
    const { output } = ext.applyLabels([{ ref: { id: scores[0]!.id }, label: truth }], i);
    for (const p of output.publish) drifts.push({ topic: p.topic, body: JSON.parse(p.payload) });
  }
  const after = drifts.filter((d) => d.body.samples >= 300 || d.body.at >= 300);
  assert.ok(after.length >= 1, JSON.stringify(drifts));
  const d = after[0]!;
  assert.is(d.topic, 'streamscore/drift/p/k');
  assert.is(d.body.detector, 'pageHinkley');
  assert.ok(d.body.at > 300 && d.body.at < 400, `detected at ${d.body.at}`);
  assert.ok(d.body.metric.after > d.body.metric.before, JSON.stringify(d.body.metric));
  assert.is(ext.counters.drifts, drifts.length);
  assert.ok(ext.models.peek('k')!.samples < 300, 'the learner was reset');
});

test('snapshot → restore: the same predictions, the same pending labels, the same counters', () => {
  const ext = extension(CLASSIFIER);
  trainByLabels(ext, ['pump-1'], 100, 5);
  const { scores } = ext.onVectors([vector('pump-1', 200, { a: 0.3, b: -0.1 })], 1000);
  const saved = JSON.parse(JSON.stringify(ext.snapshot()));
  const again = extension(CLASSIFIER, saved);
  const probe = vector('pump-1', 300, { a: 0.2, b: 0.05 });
  assert.equal(again.onVectors([probe], 2000).scores[0]!.prediction, ext.onVectors([probe], 2000).scores[0]!.prediction);
  assert.equal(again.stats(), ext.stats());
  assert.equal(again.applyLabels([{ ref: { id: scores[0]!.id }, label: true }], 2001).outcomes[0]!.outcome, 'matched');
  const other = extension({ ...CLASSIFIER, scope: 'pipeline' }, saved);
  assert.is(other.models.size, 0, 'a changed scope starts empty');
  const looser = extension({ ...CLASSIFIER, labels: { topic: 'labels/+/p', ttl: '5m' }, maxKeys: 50 }, saved);
  assert.is(looser.models.size, 1, 'label bounds and maxKeys may change');
});

test('an unreadable saved state starts empty instead of failing the start', () => {
  const ext = extension(CLASSIFIER);
  const saved = { ...(ext.snapshot() as Record<string, unknown>), models: { models: 42 } };
  assert.is(extension(CLASSIFIER, saved).models.size, 0);
});

test.run();
