/** The K-slack reorder buffer: release order, lateness, adaptive slack, bounds, idle flush, snapshots. */

import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createReorderBuffer, type ReorderSpec } from '../../src/stream/reorder.ts';

const spec = (over: Partial<ReorderSpec> = {}): ReorderSpec => ({ slackMs: 2000, maxBufferedPerKey: 10_000, maxKeys: 1000, ...over });

test('timeline: slack 2s holds events until max − 2s passes them, then releases in order', () => {
  //   arrival order: 1s 3s 2s 6s     watermark after each: −1s 1s 1s 4s
  const b = createReorderBuffer<string>(spec());
  assert.equal(b.push('k', 1000, 'a', 0).released, []);
  assert.equal(b.push('k', 3000, 'c', 0).released, ['a']);
  assert.equal(b.push('k', 2000, 'b', 0).released, []);
  const r = b.push('k', 6000, 'd', 0);
  assert.equal(r.released, ['b', 'c']);
  assert.is(r.watermark, 4000);
  assert.is(b.push('k', 3500, 'late', 0).late, true);
});

test('slack 0 passes in-order events straight through; equal times are not late', () => {
  const b = createReorderBuffer<number>(spec({ slackMs: 0 }));
  assert.equal(b.push('k', 5, 1, 0).released, [1]);
  assert.equal(b.push('k', 5, 2, 0).released, [2]);
  assert.is(b.push('k', 4, 3, 0).late, true);
});

test('adaptive: an event at 650 s after one at 700 s raises the slack to at least 50 s, then it decays', () => {
  const b = createReorderBuffer<number>(spec({ slackMs: 1000, adaptive: { maxSlackMs: 120_000, halfLifeMs: 60_000 } }));
  b.push('k', 700_000, 1, 0);
  b.push('k', 650_000, 2, 0); // late (watermark 699 s) but observed: slack ≥ 50 s
  assert.ok(b.stats().maxSlackMs >= 50_000);
  assert.is(b.stats().late, 1);
  b.push('k', 760_000, 3, 0); // one half-life later the excess over the base has halved
  assert.ok(Math.abs(b.stats().maxSlackMs - (1000 + 49_000 / 2)) < 1, String(b.stats().maxSlackMs));
  assert.ok(b.watermarkOf('k') <= 760_000 - 25_000, 'a raised slack holds the watermark back');
});

test('bounded: a key holding too many events releases the oldest early (counted)', () => {
  const b = createReorderBuffer<number>(spec({ slackMs: 1e9, maxBufferedPerKey: 3 }));
  for (let i = 0; i < 3; i++) b.push('k', i, i, 0);
  assert.equal(b.push('k', 3, 3, 0).released, [0]);
  assert.is(b.stats().forced, 1);
  assert.is(b.stats().buffered, 3);
});

test('idle keys are flushed after the processing-time timeout, once', () => {
  const b = createReorderBuffer<number>(spec({ slackMs: 10_000 }));
  b.push('quiet', 1000, 1, 0);
  b.push('busy', 1000, 2, 5000);
  const flushed = b.flushIdle(3000);
  assert.equal(flushed.map((f) => [f.key, f.released]), [['quiet', [1]]]);
  assert.equal(b.flushIdle(3000), []);
});

test('property: released stream is sorted, nothing lost or duplicated; late = behind the watermark', () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 0, max: 10_000 }), { maxLength: 300 }), fc.integer({ min: 0, max: 3000 }), (times, slack) => {
      const b = createReorderBuffer<number>(spec({ slackMs: slack }));
      const out: number[] = [];
      const lateIdx: number[] = [];
      let wm = -Infinity;
      let max = -Infinity;
      times.forEach((ts, i) => {
        const expectLate = ts < wm;
        const r = b.push('k', ts, i, 0);
        if (r.late !== expectLate) throw new Error(`event ${i} late=${r.late}, expected ${expectLate}`);
        if (r.late) lateIdx.push(i);
        out.push(...r.released);
        max = Math.max(max, ts);
        wm = Math.max(wm, max - slack);
      });
      for (const f of b.flushAll()) out.push(...f.released);
      const ts = out.map((i) => times[i]!);
      const sorted = ts.every((t, i) => i === 0 || ts[i - 1]! <= t);
      const all = [...out, ...lateIdx].sort((x, y) => x - y);
      return sorted && all.length === times.length && all.every((v, i) => v === i);
    }),
    { numRuns: Number(process.env.PROPERTY_RUNS ?? 300) },
  );
});

test('snapshot → JSON → restore continues the same', () => {
  const a = createReorderBuffer<number>(spec());
  [5000, 1000, 3000, 9000].forEach((ts, i) => a.push('k', ts, i, 0));
  const b = createReorderBuffer<number>(spec(), JSON.parse(JSON.stringify(a.snapshot())));
  assert.equal(b.push('k', 20_000, 9, 0), a.push('k', 20_000, 9, 0));
});

test.run();
