/**
 * The service's MQTT connection: subscribes (QoS 1) to every pipeline's topic filter, routes each
 * message to the pipelines whose filter matches, and publishes results. Reconnects by itself.
 */

import mqtt, { type MqttClient } from 'mqtt';
import type { Logger } from 'pino';
import { AppError } from '../errors.ts';
import { redactUrl, topicMatches } from '../config/topic.ts';

export interface MqttConnection {
  readonly connected: boolean;
  subscribe(filter: string, handler: (topic: string, payload: Buffer) => void): Promise<void>;
  publish(topic: string, payload: string, qos: 0 | 1 | 2): void;
  /**
   * Flow control: while `busy()` is true after a message, its PUBACK and the next message wait.
   * MQTT.js handles one packet at a time and moves on only when handleMessage calls back, so the
   * broker holds the rest (QoS 1) once its in-flight window is full: backpressure, not shedding.
   */
  setFlowControl(busy: () => boolean, onWait: () => void): void;
  close(): Promise<void>;
  readonly client: MqttClient;
}

export interface MqttOptions {
  url: string;
  clientId: string;
  /** false (default): a persistent session — subscriptions and queued QoS 1 messages survive a disconnect. */
  clean?: boolean;
  username?: string;
  password?: string;
  logger: Logger;
  connectTimeoutMs?: number;
  /** TLS for mqtts:// URLs: the broker's CA, a client certificate, and whether to verify the broker. */
  tls?: ClientTls;
}

export interface ClientTls {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  rejectUnauthorized: boolean;
}

const ROUTE_CACHE_LIMIT = 10_000;

export async function connectMqtt(opts: MqttOptions): Promise<MqttConnection> {
  const log = opts.logger.child({ component: 'mqtt' });
  let client: MqttClient;
  try {
    client = await mqtt.connectAsync(opts.url, {
      clientId: opts.clientId,
      clean: opts.clean ?? false,
      reconnectPeriod: 1000,
      log: () => undefined, // MQTT.js builds a debug line per packet otherwise
      connectTimeout: opts.connectTimeoutMs ?? 5000,
      ...(opts.username !== undefined && { username: opts.username }),
      ...(opts.password !== undefined && { password: opts.password }),
      ...opts.tls,
    }, false);
  } catch (err) {
    throw new AppError('BROKER_UNREACHABLE', `cannot connect to MQTT broker ${redactUrl(opts.url)}: ${(err as Error).message}`);
  }
  client.on('reconnect', () => log.warn('reconnecting to broker'));
  client.on('offline', () => log.warn('broker connection lost'));
  client.on('connect', () => log.info('connected to broker'));
  client.on('error', (err) => log.error({ err: err.message }, 'mqtt error'));

  const routes: Array<{ filter: string; handler: (topic: string, payload: Buffer) => void }> = [];
  const cache = new Map<string, Array<(topic: string, payload: Buffer) => void>>();
  const handlersFor = (topic: string): Array<(topic: string, payload: Buffer) => void> => {
    let found = cache.get(topic);
    if (!found) {
      found = routes.filter((r) => topicMatches(r.filter, topic)).map((r) => r.handler);
      if (cache.size >= ROUTE_CACHE_LIMIT) cache.clear();
      cache.set(topic, found);
    }
    return found;
  };
  // Every inbound QoS 1 message is answered with a PUBACK and usually produces publishes; corking the
  // socket for the rest of this event-loop turn turns those many small writes into one writev.
  let corked: { uncork(): void } | undefined;
  const cork = (): void => {
    if (corked) return;
    const stream = client.stream as unknown as { cork?(): void; uncork(): void } | undefined;
    if (!stream?.cork) return;
    stream.cork();
    corked = stream;
    setImmediate(() => {
      corked?.uncork();
      corked = undefined;
    });
  };
  client.on('message', (topic, payload) => {
    cork();
    for (const handler of handlersFor(topic)) handler(topic, payload);
  });

  return {
    client,
    get connected() {
      return client.connected;
    },
    async subscribe(filter, handler) {
      routes.push({ filter, handler });
      cache.clear();
      await client.subscribeAsync(filter, { qos: 1 });
      log.info({ filter }, 'subscribed');
    },
    publish(topic, payload, qos) {
      cork();
      client.publish(topic, payload, { qos }, (err) => {
        if (err) log.warn({ err: err.message, topic }, 'publish failed');
      });
    },
    setFlowControl(busy, onWait) {
      client.handleMessage = (_packet, callback) => {
        if (!busy()) return callback();
        onWait();
        const poll = (): void => {
          if (busy()) setTimeout(poll, 2);
          else callback();
        };
        setTimeout(poll, 2);
      };
    },
    async close() {
      await client.endAsync();
    },
  };
}
