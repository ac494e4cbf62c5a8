/** Phase-two rules of the mqtt section: each mistake named by its field. */

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DEMO_CONFIG } from '../../src/config/demo.ts';
import { ConfigError, resolveConfig } from '../../src/config/load.ts';

const problems = (mqtt: Record<string, unknown>): string[] => {
  try {
    resolveConfig({ ...DEMO_CONFIG, mqtt });
    return [];
  } catch (err) {
    return (err as ConfigError).problems;
  }
};

test('the defaults: devices publish under devices/{username}/#, read their results, the service user does all', () => {
  const c = resolveConfig(DEMO_CONFIG);
  assert.equal(c.mqtt.brokerAcl, { serviceUser: 'streamscore', publish: 'devices/{username}/#', subscribe: ['streamscore/+/+/{username}'] });
  assert.is(c.mqtt.brokerUsers, undefined);
});

test('each rule names its field', () => {
  const table: Array<[Record<string, unknown>, RegExp]> = [
    [{ url: 'mqtt://b:1883', brokerUsers: 'users' }, /^mqtt.brokerUsers: configures the embedded broker/],
    [{ url: 'mqtt://b:1883', brokerTls: { key: 'k', cert: 'c' } }, /^mqtt.brokerTls: configures the embedded broker/],
    [{ password: 'x' }, /^mqtt.password: set mqtt.username too/],
    [{ brokerUsers: 'users', username: 'pump-1', password: 'x' }, /^mqtt.username: the service logs in to its embedded broker as "pump-1", but only mqtt.brokerAcl.serviceUser \("streamscore"\)/],
    [{ brokerAcl: { publish: 'devices/#' } }, /^mqtt.brokerAcl.publish: "devices\/#" must contain \{username\}/],
    [{ brokerAcl: { subscribe: ['results/{username}/#/x'] } }, /^mqtt.brokerAcl.subscribe\[0\]: .* is not a topic filter/],
    [{ brokerAcl: { subscribe: ['#'] } }, /^mqtt.brokerAcl.subscribe\[0\]: "#" starts with a wildcard/],
    [{ tls: { cert: 'c.pem' } }, /^mqtt.tls: a client certificate needs both cert and key/],
    [{ brokerTls: { port: 1883, key: 'k', cert: 'c' } }, /^mqtt.brokerTls.port: 1883 is also mqtt.brokerPort/],
  ];
  for (const [mqtt, expected] of table) {
    const found = problems(mqtt);
    assert.ok(found.some((p) => expected.test(p)), `${JSON.stringify(mqtt)} → ${JSON.stringify(found)}`);
  }
});

test.run();
