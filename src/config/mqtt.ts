/** Cross-field rules of the `mqtt` section (phase two): embedded-broker logins, ACL patterns, TLS. */

import type { RawConfig } from './schema.ts';
import { checkTopicFilter } from './topic.ts';

const SAMPLE_USER = 'device-1';

/** Appends a problem, naming the field, for every rule the `mqtt` section breaks. */
export function checkMqtt(m: RawConfig['mqtt'], problems: string[]): void {
  if (m.url !== undefined) {
    for (const field of ['brokerUsers', 'brokerTls'] as const) {
      if (m[field] !== undefined) problems.push(`mqtt.${field}: configures the embedded broker, which does not start when mqtt.url is set; secure the external broker itself, or remove mqtt.url`);
    }
  }
  if (m.password !== undefined && m.username === undefined) problems.push('mqtt.password: set mqtt.username too');
  if (m.url === undefined && m.brokerUsers !== undefined && m.username !== undefined && m.username !== m.brokerAcl.serviceUser) {
    problems.push(`mqtt.username: the service logs in to its embedded broker as "${m.username}", but only mqtt.brokerAcl.serviceUser ("${m.brokerAcl.serviceUser}") may read every device's topics; use that name, or leave username out`);
  }
  const acl = m.brokerAcl;
  if (!acl.publish.includes('{username}')) {
    problems.push(`mqtt.brokerAcl.publish: "${acl.publish}" must contain {username}, or every device could publish as every other (e.g. devices/{username}/#)`);
  }
  const patterns: Array<[string, string]> = [['mqtt.brokerAcl.publish', acl.publish], ...acl.subscribe.map((p, i): [string, string] => [`mqtt.brokerAcl.subscribe[${i}]`, p])];
  for (const [field, pattern] of patterns) {
    const problem = checkTopicFilter(pattern.replaceAll('{username}', SAMPLE_USER));
    if (problem) problems.push(`${field}: "${pattern}" is not a topic filter: ${problem}`);
    if (/^[+#]/.test(pattern)) problems.push(`${field}: "${pattern}" starts with a wildcard, which would let devices reach other devices' topics; start with a fixed level`);
  }
  const tls = m.tls;
  if (tls && (tls.cert === undefined) !== (tls.key === undefined)) problems.push('mqtt.tls: a client certificate needs both cert and key');
  if (m.brokerTls && m.brokerTls.port === m.brokerPort && m.brokerPort !== 0) {
    problems.push(`mqtt.brokerTls.port: ${m.brokerTls.port} is also mqtt.brokerPort; give the TLS listener its own port (8883 is the MQTT-over-TLS port)`);
  }
}
