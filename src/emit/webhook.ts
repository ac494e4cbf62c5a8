/**
 * HTTP webhook bridge: results are POSTed in order, retried with exponential backoff, and kept in
 * a bounded disk-backed queue (one file per item, written atomically) so a restart or a long
 * outage of the receiver loses nothing up to `maxBytes`. Past the bound `send` refuses and the
 * caller dead-letters; a 4xx other than 408/429 is permanent and dead-lettered at once. Delivery
 * is at least once (a timeout after the receiver took the item means it comes again), so every POST
 * carries the result's id as `Idempotency-Key` (IETF httpapi draft) for the receiver to deduplicate.
 */

import { mkdir, readdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { redactUrl } from '../config/topic.ts';

export interface WebhookOptions {
  url: string;
  headers: Record<string, string>;
  contentType: string;
  retries: number;
  backoffMs: number;
  timeoutMs: number;
  dir: string;
  maxBytes: number;
  logger: Logger;
  /** An item the receiver refused for good, or that ran out of retries. */
  onGiveUp(payload: string, detail: string): void;
}

export interface WebhookStats {
  sent: number;
  retries: number;
  failed: number;
  queued: number;
  queuedBytes: number;
}

export interface Webhook {
  /** Loads what a previous run left queued on disk and starts sending. */
  open(): Promise<void>;
  /** Queues one payload with its result id; false when the queue is full (the caller dead-letters it). */
  send(payload: string, id: string): boolean;
  readonly stats: WebhookStats;
  /** Stops sending; everything not yet acknowledged stays on disk for the next start. */
  close(): Promise<void>;
}

interface Item {
  file: string;
  id: string;
  payload: string;
  bytes: number;
  attempts: number;
  written: Promise<void>;
}

const MAX_BACKOFF_MS = 5 * 60_000;
const FILE = /^(\d{12})\.item$/;

export function createWebhook(opts: WebhookOptions): Webhook {
  const items: Item[] = [];
  const stats: WebhookStats = { sent: 0, retries: 0, failed: 0, queued: 0, queuedBytes: 0 };
  let seq = 0;
  let pumping: Promise<void> | undefined;
  let closed = false;
  let wake: (() => void) | undefined;
  const inFlight = new AbortController();
  const shown = redactUrl(opts.url); // for logs and dead-letter details, which are published

  const remove = async (item: Item): Promise<void> => {
    items.shift();
    stats.queued = items.length;
    stats.queuedBytes -= item.bytes;
    await item.written;
    await unlink(join(opts.dir, item.file)).catch(() => undefined);
  };

  /** 'ok', 'retry' (network, timeout, 5xx, 408, 429) or a permanent failure's detail. */
  async function post(item: Item): Promise<'ok' | 'retry' | string> {
    try {
      const res = await fetch(opts.url, {
        method: 'POST',
        headers: { 'content-type': opts.contentType, 'idempotency-key': item.id, ...opts.headers },
        body: item.payload,
        signal: AbortSignal.any([AbortSignal.timeout(opts.timeoutMs), inFlight.signal]),
      });
      await res.arrayBuffer().catch(() => undefined);
      if (res.ok) return 'ok';
      if (res.status >= 500 || res.status === 408 || res.status === 429) return 'retry';
      return `the webhook answered ${res.status}`;
    } catch {
      return 'retry';
    }
  }

  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  async function pump(): Promise<void> {
    while (items.length > 0 && !closed) {
      const item = items[0]!;
      const result = await post(item);
      if (result === 'ok') {
        stats.sent++;
        await remove(item); // even when closing: a delivered item must not be sent again after a restart
        continue;
      }
      if (closed) return;
      item.attempts++;
      if (result !== 'retry' || item.attempts > opts.retries) {
        stats.failed++;
        const detail = result === 'retry' ? `${shown} failed ${item.attempts} times` : `${shown}: ${result}`;
        opts.logger.warn({ url: shown, attempts: item.attempts }, 'webhook gave up on an item');
        opts.onGiveUp(item.payload, detail);
        await remove(item);
        continue;
      }
      stats.retries++;
      await sleep(Math.min(opts.backoffMs * 2 ** (item.attempts - 1), MAX_BACKOFF_MS));
    }
  }

  const kick = (): void => {
    if (pumping || closed) return;
    pumping = pump().finally(() => {
      pumping = undefined;
      if (items.length > 0 && !closed) kick();
    });
  };

  /** On disk an item is its id, a line break, then the payload as sent. */
  const enqueue = (file: string, text: string, written: Promise<void>): void => {
    const cut = text.indexOf('\n');
    const bytes = Buffer.byteLength(text);
    items.push({ file, id: text.slice(0, cut), payload: text.slice(cut + 1), bytes, attempts: 0, written });
    stats.queued = items.length;
    stats.queuedBytes += bytes;
  };

  return {
    stats,
    async open() {
      await mkdir(opts.dir, { recursive: true });
      const files = (await readdir(opts.dir)).filter((f) => FILE.test(f)).sort();
      for (const f of files) enqueue(f, await readFile(join(opts.dir, f), 'utf8'), Promise.resolve());
      seq = files.length ? Number(FILE.exec(files.at(-1)!)![1]) + 1 : 0;
      if (files.length) opts.logger.info({ url: shown, queued: files.length }, 'webhook queue restored from disk');
      kick();
    },
    send(payload, id) {
      const text = `${id.replaceAll('\n', '')}\n${payload}`;
      if (closed || stats.queuedBytes + Buffer.byteLength(text) > opts.maxBytes) return false;
      const file = `${String(seq++).padStart(12, '0')}.item`;
      const path = join(opts.dir, file);
      // temp + rename: a crash mid-write leaves no torn item to resend.
      const written = writeFile(`${path}.tmp`, text)
        .then(() => rename(`${path}.tmp`, path))
        .catch((err: unknown) => opts.logger.error({ err, path }, 'webhook queue write failed'));
      enqueue(file, text, written);
      kick();
      return true;
    },
    async close() {
      closed = true;
      wake?.();
      inFlight.abort();
      await pumping;
      await Promise.all(items.map((i) => i.written));
    },
  };
}
