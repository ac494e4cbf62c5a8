/** The micro-batcher: full batches run at once, partial ones after maxDelay, one batch at a time, bounded. */

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createBatcher } from '../../src/models/batcher.ts';

function manualTimers() {
  const pending: Array<{ fn: () => void; at: number }> = [];
  let now = 0;
  return {
    timers: {
      set: (fn: () => void, ms: number) => {
        const t = { fn, at: now + ms };
        pending.push(t);
        return t;
      },
      clear: (t: unknown) => {
        const i = pending.indexOf(t as (typeof pending)[number]);
        if (i >= 0) pending.splice(i, 1);
      },
    },
    advance(ms: number) {
      now += ms;
      for (const t of [...pending]) {
        if (t.at <= now) {
          pending.splice(pending.indexOf(t), 1);
          t.fn();
        }
      }
    },
  };
}

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

test('a full batch runs immediately; a partial one waits maxDelay', async () => {
  const clock = manualTimers();
  const batches: number[][] = [];
  const b = createBatcher<number>({
    maxRows: 3, maxDelayMs: 5, maxQueued: 100, timers: clock.timers,
    run: async (items) => void batches.push(items), onError: () => assert.unreachable(),
  });
  [1, 2, 3].forEach((i) => b.offer(i));
  await tick();
  assert.equal(batches, [[1, 2, 3]]);
  b.offer(4); // alone, with nothing running: waits for maxDelay
  await tick();
  assert.equal(batches.length, 1);
  clock.advance(4);
  await tick();
  assert.equal(batches.length, 1);
  clock.advance(1);
  await tick();
  assert.equal(batches, [[1, 2, 3], [4]]);
});

test('one batch at a time; rows queued meanwhile run right after, up to maxRows each', async () => {
  const clock = manualTimers();
  const batches: number[][] = [];
  let release!: () => void;
  let running = 0;
  let maxRunning = 0;
  const b = createBatcher<number>({
    maxRows: 2, maxDelayMs: 1000, maxQueued: 100, timers: clock.timers,
    run: async (items) => {
      running++;
      maxRunning = Math.max(maxRunning, running);
      batches.push(items);
      if (batches.length === 1) await new Promise<void>((r) => (release = r));
      running--;
    },
    onError: () => assert.unreachable(),
  });
  b.offer(1); b.offer(2); // runs, blocked
  b.offer(3); b.offer(4); b.offer(5);
  await tick();
  assert.equal(batches, [[1, 2]]);
  release();
  await b.drain();
  assert.equal(batches, [[1, 2], [3, 4], [5]]);
  assert.is(maxRunning, 1);
  assert.equal(b.stats, { batches: 3, rows: 5 });
});

test('bounded: offers beyond maxQueued are refused; failures are reported with their items', async () => {
  const failed: number[][] = [];
  const b = createBatcher<number>({
    maxRows: 10, maxDelayMs: 1, maxQueued: 2,
    run: async () => { throw new Error('model down'); },
    onError: (_err, items) => failed.push(items),
  });
  assert.ok(b.offer(1));
  assert.ok(b.offer(2));
  assert.not.ok(b.offer(3));
  await b.drain();
  assert.equal(failed, [[1, 2]]);
  assert.ok(b.offer(4)); // recovers
  await b.drain();
});

test('maxDelay 0: rows offered in one turn of the event loop go as one batch, at once', async () => {
  const batches: number[][] = [];
  const b = createBatcher<number>({
    maxRows: 64, maxDelayMs: 0, maxQueued: 100,
    run: async (items) => void batches.push(items), onError: () => assert.unreachable(),
  });
  [1, 2, 3].forEach((i) => b.offer(i));
  assert.equal(batches, []);
  await Promise.resolve();
  assert.equal(batches, [[1, 2, 3]]);
  b.offer(4);
  await tick();
  assert.equal(batches, [[1, 2, 3], [4]]);
});

test.run();
