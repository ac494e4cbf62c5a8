/** The webhook bridge against a real local HTTP server: retries with backoff, permanent refusals, the bound, restart from disk. */

import { mkdtempSync, readdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createWebhook, type WebhookOptions } from '../../src/emit/webhook.ts';

const it = suite('emit/webhook');

/** A receiver answering each POST with the next status of `statuses` (then 200); records bodies it accepted. */
async function receiver(statuses: number[]): Promise<{ url: string; got: string[]; attempts: number; server: Server }> {
  const state = { url: '', got: [] as string[], attempts: 0, server: undefined as unknown as Server };
  state.server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      state.attempts++;
      const status = statuses.shift() ?? 200;
      if (status === 200) state.got.push(`${req.headers['content-type']} ${req.headers['idempotency-key']} ${body}`);
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((r) => state.server.listen(0, '127.0.0.1', r));
  state.url = `http://127.0.0.1:${(state.server.address() as { port: number }).port}/hook`;
  return state;
}

function options(url: string, dir: string, over: Partial<WebhookOptions> = {}): WebhookOptions & { gaveUp: string[] } {
  const gaveUp: string[] = [];
  return { url, headers: {}, contentType: 'application/json', retries: 3, backoffMs: 5, timeoutMs: 2000, dir, maxBytes: 1024, logger: pino({ level: 'silent' }), onGiveUp: (p, d) => gaveUp.push(`${p} ${d}`), gaveUp, ...over };
}

const until = async (predicate: () => boolean): Promise<void> => {
  for (let i = 0; i < 2000 && !predicate(); i++) await new Promise((r) => setTimeout(r, 5));
  assert.ok(predicate(), 'condition reached within 10 s');
};

it('two 503s then 200: delivered once, in order, after 2 retries; the queue file is gone', async () => {
  const rx = await receiver([503, 503]);
  const dir = mkdtempSync(join(tmpdir(), 'ss-hook-'));
  const hook = createWebhook(options(rx.url, dir, { headers: { 'content-type': 'text/csv' } }));
  await hook.open();
  assert.ok(hook.send('a,1', 'id-a'));
  assert.ok(hook.send('b,2', 'id-b'));
  await until(() => rx.got.length === 2);
  assert.equal(rx.got, ['text/csv id-a a,1', 'text/csv id-b b,2']);
  assert.equal({ attempts: rx.attempts, ...hook.stats }, { attempts: 4, sent: 2, retries: 2, failed: 0, queued: 0, queuedBytes: 0 });
  await hook.close();
  assert.equal(readdirSync(dir), []);
  rx.server.close();
});

it('a 400 is permanent (given up at once); 500s past the retries are given up too', async () => {
  const rx = await receiver([400, 500, 500]);
  const opts = options(rx.url, mkdtempSync(join(tmpdir(), 'ss-hook-')), { retries: 1 });
  const hook = createWebhook(opts);
  await hook.open();
  hook.send('"bad"', 'b');
  hook.send('"flaky"', 'f');
  await until(() => hook.stats.failed === 2);
  assert.equal(opts.gaveUp, [`"bad" ${rx.url}: the webhook answered 400`, `"flaky" ${rx.url} failed 2 times`]);
  assert.equal({ attempts: rx.attempts, sent: hook.stats.sent, retries: hook.stats.retries }, { attempts: 3, sent: 0, retries: 1 });
  await hook.close();
  rx.server.close();
});

it('bounded: past maxBytes send refuses; on close the rest stays on disk and a new webhook sends it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ss-hook-'));
  const down = createWebhook(options('http://127.0.0.1:9/unreachable', dir, { maxBytes: 1024, backoffMs: 10_000 }));
  await down.open();
  const item = 'x'.repeat(400);
  assert.equal([down.send(item, 'x1'), down.send(item, 'x2'), down.send(item, 'x3')], [true, true, false]);
  await down.close();
  assert.equal(readdirSync(dir), ['000000000000.item', '000000000001.item']);

  const rx = await receiver([]);
  const up = createWebhook(options(rx.url, dir));
  await up.open();
  assert.is(up.stats.queued, 2);
  await until(() => rx.got.length === 2);
  up.send('"after restart"', 'x3');
  await until(() => rx.got.length === 3);
  assert.equal(rx.got.map((g) => g.slice(0, 20)), ['application/json x1 ', 'application/json x2 ', 'application/json x3 ']);
  assert.equal(rx.got.map((g) => g.length), [420, 420, 35], 'each body whole, as queued');
  await up.close();
  assert.equal(readdirSync(dir), []);
  rx.server.close();
});

it.run();
