/** E2E helpers for stream patterns: a service with `patterns:`, one publisher, one inbox on the outputs. */

import { randomBytes } from 'node:crypto';
import type { MqttClient } from 'mqtt';
import type { Service } from '../../src/service.ts';
import { connect, listen, startService, type Inbox, type ServiceOverrides } from './harness.ts';

export const T0 = Date.UTC(2026, 0, 1, 8, 0, 0);

export interface PatternRig {
  service: Service;
  /** A topic prefix of this run: tests share brokers. */
  prefix: string;
  inbox: Inbox;
  pub: MqttClient;
  publish(topic: string, body: unknown, opts?: { retain?: boolean }): Promise<void>;
  /** Messages received on topics starting with `start`, bodies only. */
  on(start: string): any[];
  close(): Promise<void>;
}

export const uniquePrefix = (): string => `pt-${randomBytes(3).toString('hex')}`;

/** `build(prefix)` returns the overrides (patterns, tables) using the run's unique prefix. */
export async function startPatterns(
  build: (prefix: string) => ServiceOverrides,
  listenTo: (prefix: string) => string[],
  beforeStart?: (prefix: string) => Promise<void>,
  prefix = uniquePrefix(),
): Promise<PatternRig> {
  await beforeStart?.(prefix);
  // uvu swallows errors thrown in before hooks: print them so a config mistake is visible.
  const service = await startService(build(prefix)).catch((err: unknown) => {
    console.error(err);
    throw err;
  });
  const sub = await connect(service.mqttUrl);
  const inbox = await listen(sub, listenTo(prefix));
  const pub = await connect(service.mqttUrl);
  return {
    service,
    prefix,
    inbox,
    pub,
    async publish(topic, body, opts = {}) {
      await pub.publishAsync(topic, typeof body === 'string' ? body : JSON.stringify(body), { qos: 1, retain: opts.retain ?? false });
    },
    on: (start) => inbox.messages.filter((m) => m.topic.startsWith(start)).map((m) => m.body),
    async close() {
      await sub.endAsync();
      await pub.endAsync();
      await service.stop();
    },
  };
}

/** The result without its id (a hash of the inputs), after checking the id's shape. */
export function withoutId(body: any): any {
  if (typeof body.id !== 'string' || !/^[0-9a-f]{16}$/.test(body.id)) throw new Error(`result id ${body.id} is not 16 hex digits`);
  const { id: _id, ...rest } = body;
  return rest;
}

/** Waits until `predicate()` holds, polling; for counters the service updates. */
export async function waitFor(predicate: () => boolean, timeoutMs = 10_000, what = 'the service'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
