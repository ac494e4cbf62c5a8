/** E2E helpers: start the real service on ephemeral ports, MQTT clients, waiting for messages. */

import { mkdtempSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { pino } from 'pino';
import { DEMO_CONFIG } from '../../src/config/demo.ts';
import { resolveConfig } from '../../src/config/load.ts';
import { createService, type Service } from '../../src/service.ts';

export const MODELS_DIR = new URL('../../models', import.meta.url).pathname;

let started = 0;

export interface ServiceOverrides {
  mqttUrl?: string;
  pipeline?: Record<string, unknown>;
  limits?: Record<string, unknown>;
  http?: Record<string, unknown>;
  dataDir?: string;
  /** Stream patterns and their tables (src/rules), as in a config file. */
  patterns?: unknown[];
  tables?: Record<string, unknown>;
  /** An injected processing clock (the service's `now`). */
  now?: () => number;
}

export async function startService(over: ServiceOverrides = {}): Promise<Service> {
  const config = resolveConfig({
    // A client id of its own: tests share brokers, and a persistent session per test must not collide.
    mqtt: { clientId: `streamscore-test-${process.pid}-${++started}`, ...(over.mqttUrl ? { url: over.mqttUrl } : { brokerPort: 0, brokerHost: '127.0.0.1' }) },
    http: { port: 0, host: '127.0.0.1', ...over.http },
    dataDir: over.dataDir ?? mkdtempSync(join(tmpdir(), 'streamscore-e2e-')),
    modelsDir: MODELS_DIR,
    limits: over.limits ?? {},
    pipelines: [{ ...DEMO_CONFIG.pipelines[0], ...over.pipeline }],
    ...(over.patterns && { patterns: over.patterns }),
    ...(over.tables && { tables: over.tables }),
  });
  const service = createService({ config, logger: pino({ level: process.env.LOG_LEVEL ?? 'silent' }), ...(over.now && { now: over.now }) });
  await service.start();
  return service;
}

export async function connect(url: string): Promise<MqttClient> {
  return mqtt.connectAsync(url, { clean: true, reconnectPeriod: 0, connectTimeout: 3000 });
}

export interface Inbox {
  messages: Array<{ topic: string; body: any }>;
  /** Resolves once `predicate` holds over the messages so far; rejects after `timeoutMs`. */
  until(predicate: (messages: Array<{ topic: string; body: any }>) => boolean, timeoutMs?: number, what?: string): Promise<void>;
}

export async function listen(client: MqttClient, filters: string[]): Promise<Inbox> {
  const messages: Array<{ topic: string; body: any }> = [];
  const waiters = new Set<() => void>();
  client.on('message', (topic, payload) => {
    let body: unknown;
    try {
      body = JSON.parse(payload.toString());
    } catch {
      body = payload.toString();
    }
    messages.push({ topic, body });
    for (const w of waiters) w();
  });
  await client.subscribeAsync(filters, { qos: 1 });
  return {
    messages,
    until(predicate, timeoutMs = 10_000, what = 'messages') {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          if (predicate(messages)) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve();
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; got ${messages.length} messages`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
  };
}

/** True when something accepts TCP connections on host:port within timeoutMs. */
export function reachable(host: string, port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

export async function getJson(url: string): Promise<{ status: number; body: any; type: string }> {
  const res = await fetch(url);
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // text bodies (metrics) stay text
  }
  return { status: res.status, body, type: res.headers.get('content-type') ?? '' };
}

/** POSTs a JSON body (or none) and reads the JSON answer. */
export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}
