/**
 * MQTT bridge: republishes a rule's results on another broker. The connection is opened in the
 * background and reconnects by itself; MQTT.js keeps what is published while offline in its
 * outgoing queue, so a bridge outage delays results instead of failing the service.
 */

import mqtt, { type MqttClient } from 'mqtt';
import type { Logger } from 'pino';
import { redactUrl } from '../config/topic.ts';

export interface MqttBridge {
  publish(topic: string, payload: string, qos: 0 | 1 | 2): void;
  readonly stats: { published: number; errors: number; connected: boolean };
  close(): Promise<void>;
}

export function createMqttBridge(opts: { url: string; clientId: string; logger: Logger }): MqttBridge {
  const log = opts.logger.child({ component: 'mqtt-bridge', url: redactUrl(opts.url) });
  const client: MqttClient = mqtt.connect(opts.url, { clientId: opts.clientId, clean: true, reconnectPeriod: 1000, log: () => undefined });
  const stats = { published: 0, errors: 0, connected: false };
  client.on('connect', () => {
    stats.connected = true;
    log.info('bridge connected');
  });
  client.on('offline', () => {
    stats.connected = false;
  });
  client.on('error', (err) => log.warn({ err: err.message }, 'bridge error'));
  return {
    stats,
    publish(topic, payload, qos) {
      client.publish(topic, payload, { qos }, (err) => {
        if (err) {
          stats.errors++;
          log.warn({ err: err.message, topic }, 'bridge publish failed');
        } else stats.published++;
      });
    },
    async close() {
      // Give queued QoS 1 messages a moment on a live connection; never hang a shutdown on a dead one.
      await Promise.race([client.endAsync(!client.connected), new Promise((r) => setTimeout(r, 2000).unref())]);
      if (!client.disconnected) client.end(true);
    },
  };
}
