/**
 * The service's MQTT connection: subscribes (QoS 1) to every pipeline's topic filter, routes each
 * message to the pipelines whose filter matches, and publishes results. Reconnects by itself.
 */

import mqtt, { type MqttClient } from 'mqtt';
import type { Logger } from 'pino';
import { AppError } from '../errors.ts';
import { redactUrl, topicMatches } from '../config/topic.ts';
import { createIntake, type Journal } from './intake.ts';

export type { Journal } from './intake.ts';

export type MessageHandler = (topic: string, payload: Buffer, receivedAt: number) => void;

export interface MqttConnection {
  readonly connected: boolean;
  /** Resolves at the first CONNACK; rejects (BROKER_UNREACHABLE) when the first attempt fails. */
  readonly ready: Promise<void>;
  /** Routes messages matching `filter` to `handler`, without subscribing (the session may already hold the subscription). */
  route(filter: string, handler: MessageHandler): void;
  subscribe(filter: string, handler?: MessageHandler): Promise<void>;
  publish(topic: string, payload: string, qos: 0 | 1 | 2): void;
  /** Publishes at QoS > 0 not yet acknowledged by the broker. */
  readonly outstanding: number;
  /** Resolves true once `outstanding` is 0, false after `timeoutMs`. */
  settled(timeoutMs: number): Promise<boolean>;
  /**
   * Flow control: while `busy()` is true after a message, its PUBACK and the next message wait.
   * MQTT.js handles one packet at a time and moves on only when handleMessage calls back, so the
   * broker holds the rest (QoS 1) once its in-flight window is full: backpressure, not shedding.
   */
  setFlowControl(busy: () => boolean, onWait: () => void): void;
  /**
   * Snapshot cut: later messages are parked in memory (unprocessed, unacknowledged) while packets,
   * including the broker's PUBACKs for our own publishes, keep flowing; `resume()` processes them.
   */
  pause(): void;
  resume(): void;
  /** Graceful shutdown: later messages are neither processed nor acknowledged; the broker keeps them for the next session. */
  stopIntake(): void;
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
  /** With a journal, a QoS 1 message's PUBACK waits until its record is durable. */
  journal?: Journal;
  now?: () => number;
  /** TLS for mqtts:// URLs: the broker's CA, a client certificate, and whether to verify the broker. */
  tls?: ClientTls;
}

export interface ClientTls {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  rejectUnauthorized: boolean;
}

type Route = { filter: string; handler: MessageHandler };

const ROUTE_CACHE_LIMIT = 10_000;

/** Connects and waits for the first CONNACK (kept for callers that need no routes before it). */
export async function connectMqtt(opts: MqttOptions): Promise<MqttConnection> {
  const connection = openMqtt(opts);
  await connection.ready;
  return connection;
}

/**
 * Creates the client and attaches routing synchronously, before the connection exists: a persistent
 * session delivers its queued messages right after CONNACK, and a message that finds no route would
 * be acknowledged and lost. Register routes (and replay the log) in the same turn, then await `ready`.
 */
export function openMqtt(opts: MqttOptions): MqttConnection {
  const log = opts.logger.child({ component: 'mqtt' });
  const now = opts.now ?? Date.now;
  const { journal } = opts;
  const client = mqtt.connect(opts.url, {
    clientId: opts.clientId,
    clean: opts.clean ?? false,
    reconnectPeriod: 1000,
    log: () => undefined, // MQTT.js builds a debug line per packet otherwise
    connectTimeout: opts.connectTimeoutMs ?? 5000,
    ...(opts.username !== undefined && { username: opts.username }),
    ...(opts.password !== undefined && { password: opts.password }),
    ...opts.tls,
  });
  const ready = new Promise<void>((resolve, reject) => {
    const fail = (why: string): void => {
      client.off('connect', ok);
      client.end(true);
      reject(new AppError('BROKER_UNREACHABLE', `cannot connect to MQTT broker ${redactUrl(opts.url)}: ${why}`));
    };
    const onError = (err: Error): void => fail(err.message);
    const onClose = (): void => fail("Couldn't connect to server");
    const ok = (): void => {
      client.off('error', onError);
      client.off('close', onClose);
      resolve();
    };
    client.once('connect', ok);
    client.once('error', onError);
    client.once('close', onClose);
  });
  ready.catch(() => undefined); // the caller awaits it; this keeps an early failure from being "unhandled"
  client.on('reconnect', () => log.warn('reconnecting to broker'));
  client.on('offline', () => log.warn('broker connection lost'));
  client.on('connect', () => log.info('connected to broker'));
  client.on('error', (err) => log.error({ err: err.message }, 'mqtt error'));
  const routes: Route[] = [];
  const cache = new Map<string, MessageHandler[]>();
  const handlersFor = (topic: string): MessageHandler[] => {
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
  const intake = createIntake(client, {
    ...(journal && { journal }),
    now,
    accept(topic, payload, receivedAt) {
      cork();
      for (const handler of handlersFor(topic)) handler(topic, payload, receivedAt);
    },
  });

  let outstanding = 0;
  const settledWaiters = new Set<() => void>();
  const published = (): void => {
    outstanding--;
    if (outstanding === 0) for (const w of settledWaiters) w();
  };

  return {
    client,
    ready,
    get connected() {
      return client.connected;
    },
    get outstanding() {
      return outstanding;
    },
    route(filter, handler) {
      routes.push({ filter, handler });
      cache.clear();
    },
    async subscribe(filter, handler) {
      if (handler) this.route(filter, handler);
      await client.subscribeAsync(filter, { qos: 1 });
      log.info({ filter }, 'subscribed');
    },
    publish(topic, payload, qos) {
      cork();
      if (qos > 0) outstanding++;
      client.publish(topic, payload, { qos }, (err) => {
        if (qos > 0) published();
        if (err) log.warn({ err: err.message, topic }, 'publish failed');
      });
    },
    settled(timeoutMs) {
      if (outstanding === 0) return Promise.resolve(true);
      return new Promise((resolve) => {
        const done = (ok: boolean): void => {
          settledWaiters.delete(onZero);
          clearTimeout(timer);
          resolve(ok);
        };
        const onZero = (): void => done(true);
        const timer = setTimeout(() => done(false), timeoutMs);
        settledWaiters.add(onZero);
      });
    },
    setFlowControl: intake.setFlowControl,
    pause: intake.pause,
    resume: intake.resume,
    stopIntake: intake.stop,
    async close() {
      await client.endAsync();
    },
  };
}
