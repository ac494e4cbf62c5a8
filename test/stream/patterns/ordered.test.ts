/** The K-slack wrapper: release order, watermark-driven advance, late input flagged, outside watermarks, snapshots. */

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Emitted, PatternEvent, PatternOperator } from '../../../src/stream/patterns/operator.ts';
import { createOrdered } from '../../../src/stream/patterns/ordered.ts';
import { ev } from './helpers.ts';

/** Records what reaches it: pushes as `p<ts>`, advances as `a<watermark>`. */
function recorder(log: string[], state?: unknown): PatternOperator {
  const seen: string[] = (state as string[] | undefined) ?? [];
  return {
    push(e: PatternEvent): Emitted[] {
      log.push(`p${e.ts}`);
      seen.push(e.id);
      return [];
    },
    advance(wm) {
      log.push(`a${wm}`);
      return [];
    },
    snapshot: () => [...seen],
    stats: () => ({ keys: 0, buffered: seen.length, evicted: 0 }),
  };
}

test('timeline: slack 5 — arrivals 10 13 11 20 12 reach the operator as 10 11 13 when 20 moves the watermark to 15; 12 is late', () => {
  const log: string[] = [];
  const op = createOrdered((s) => recorder(log, s), { slackMs: 5, maxBuffered: 100 });
  const out: Emitted[] = [];
  for (const [key, t] of [['a', 10], ['b', 13], ['a', 11], ['b', 20]] as const) out.push(...op.push(ev(key, t)));
  assert.equal(log, ['a5', 'a8', 'p10', 'p11', 'p13', 'a15'], 'held until the watermark (max − 5) passes them');
  const late = op.push(ev('a', 12));
  assert.equal(late.map((o) => [o.deadletter, o.id]), [['late', 'in-a-12']]);
  assert.equal((late[0]!.body as { ts: number }).ts, 12, 'the late result carries the input event');
  assert.equal(op.stats().buffered, 3 + 1, 'inner state plus the held event');
});

test('an outside watermark past every held event flushes them in order and advances; one before them does nothing', () => {
  const log: string[] = [];
  const op = createOrdered((s) => recorder(log, s), { slackMs: 100, maxBuffered: 100 });
  op.push(ev('k', 50));
  op.push(ev('k', 40));
  log.length = 0;
  assert.equal(op.advance(45), []);
  assert.equal(log, []);
  op.advance(60);
  assert.equal(log, ['p40', 'p50', 'a60']);
  assert.equal(op.push(ev('k', 55))[0]!.deadletter, 'late', 'behind the outside watermark it was advanced to');
});

test('snapshot and restore: held events and the inner state survive, the rest of the stream continues identically', () => {
  const run = (cut: number) => {
    const log: string[] = [];
    let op = createOrdered((s) => recorder(log, s), { slackMs: 5, maxBuffered: 100 });
    const ts = [3, 1, 8, 6, 12, 10, 20, 15];
    ts.forEach((t, i) => {
      if (i === cut) op = createOrdered((s) => recorder(log, s), { slackMs: 5, maxBuffered: 100, state: JSON.parse(JSON.stringify(op.snapshot())) });
      op.push(ev('k', t));
    });
    op.advance(100);
    return log;
  };
  const whole = run(-1);
  for (let cut = 0; cut < 8; cut++) assert.equal(run(cut), whole, `cut at ${cut}`);
});

test('bounded: beyond maxBuffered the oldest held event is released early and counted', () => {
  const log: string[] = [];
  const op = createOrdered((s) => recorder(log, s), { slackMs: 1e9, maxBuffered: 10 });
  for (let i = 0; i < 100; i++) op.push(ev('k', i));
  assert.ok(op.stats().evicted >= 90, JSON.stringify(op.stats()));
  assert.ok(op.stats().buffered - log.filter((l) => l.startsWith('p')).length <= 10);
});

test.run();
