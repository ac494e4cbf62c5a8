/** Label messages: the accepted shapes, and messages that say what to fix. */

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseLabel, parseLabelPayload, topicKey } from '../../../src/online/serve/labels.ts';

const cls = { task: 'classification' as const };

test('by id, by key + windowEnd, by key + eventTime (ms or ISO), key from the topic', () => {
  assert.equal(parseLabel({ id: 'abc', label: true }, cls), { ref: { id: 'abc' }, label: true });
  assert.equal(parseLabel({ key: 'k', windowEnd: 1000, label: 'fault' }, cls), { ref: { key: 'k', windowEnd: 1000 }, label: 'fault' });
  assert.equal(parseLabel({ eventTime: '2026-01-01T00:00:00Z', label: 0 }, { ...cls, topicKey: 'pump-7' }), { ref: { key: 'pump-7', eventTime: Date.UTC(2026, 0, 1) }, label: 0 });
  assert.is(topicKey('labels/+/motor', 'labels/pump-7/motor'), 'pump-7');
  assert.is(topicKey('labels/motor', 'labels/motor'), undefined);
});

test('problems name the field and show a valid label', () => {
  const cases: Array<[unknown, RegExp]> = [
    [[1], /^a label must be a JSON object; send \{"id"/],
    [{ id: 'x' }, /^label: missing/],
    [{ id: 'x', label: { a: 1 } }, /^label: a class label is a string, number or boolean/],
    [{ id: 7, label: true }, /^id: the score event id is a non-empty string/],
    [{ windowEnd: 5, label: true }, /^key: missing/],
    [{ key: 'k', label: true }, /^windowEnd or eventTime: missing/],
    [{ key: 'k', windowEnd: 'yesterday', label: true }, /^windowEnd: epoch milliseconds or an ISO 8601 time/],
  ];
  for (const [input, re] of cases) assert.match(String(parseLabel(input, cls)), re, JSON.stringify(input));
  assert.match(String(parseLabel({ id: 'x', label: 'high' }, { task: 'regression' })), /^label: a regression label is a finite number/);
});

test('a payload holds one label or an array; problems are indexed', () => {
  const { labels, problems } = parseLabelPayload(Buffer.from('[{"id":"a","label":1},{"id":"b"}]'), cls);
  assert.is(labels.length, 1);
  assert.equal(problems, [String(parseLabel({ id: 'b' }, cls)).replace(/^/, '[1].')]);
  assert.match(parseLabelPayload(Buffer.from('nope'), cls).problems[0]!, /^not JSON/);
});

test.run();
