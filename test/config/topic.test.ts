/** MQTT topic filter validation and matching, per MQTT 3.1.1 §4.7. */

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkTopicFilter, redactUrl, renderTopic, topicMatches } from '../../src/config/topic.ts';

test('matching follows the wildcard rules', () => {
  const table: Array<[string, string, boolean]> = [
    ['devices/+/telemetry', 'devices/pump-1/telemetry', true],
    ['devices/+/telemetry', 'devices/pump-1/status', false],
    ['devices/+/telemetry', 'devices/a/b/telemetry', false],
    ['devices/#', 'devices/a/b', true],
    ['devices/#', 'devices', true], // [MQTT-4.7.1-2] '#' also matches the parent level
    ['#', '$SYS/x', false], // [MQTT-4.7.2-1]
    ['+/x', '$SYS/x', false],
    ['a/b', 'a/b', true],
    ['a/+', 'a/', true],
  ];
  for (const [filter, topic, expected] of table) assert.equal(topicMatches(filter, topic), expected, `${filter} ~ ${topic}`);
});

test('invalid filters are explained', () => {
  assert.is(checkTopicFilter('a/#'), undefined);
  assert.is(checkTopicFilter('a/#/b'), `'#' must be a whole last level`);
  assert.is(checkTopicFilter('a/b+'), `'+' must be a whole level`);
  assert.is(checkTopicFilter(''), 'must not be empty');
});

test('topic templates fill pipeline and key', () => {
  assert.is(renderTopic('streamscore/scores/{pipeline}/{key}', { pipeline: 'p', key: 'k' }), 'streamscore/scores/p/k');
});

test('broker URLs in logs and errors never show a password', () => {
  assert.is(redactUrl('mqtts://svc:s3cret@broker:8883'), 'mqtts://svc:***@broker:8883');
  assert.is(redactUrl('mqtt://127.0.0.1:1883'), 'mqtt://127.0.0.1:1883');
  assert.not.match(redactUrl('not a url //u:p@x'), 'p@x');
});

test.run();
