/** The pipeline core: decode → clock check → reorder → windows → late policy, driven with literal payloads. */

import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { resolveConfig } from '../../src/config/load.ts';
import { createPipelineCore, type HandleResult } from '../../src/pipeline/core.ts';

const LIMITS = { maxPayloadBytes: 4096, maxKeys: 1000, maxEventsPerKey: 100_000 };
const T0 = Date.UTC(2026, 0, 1);
const NOW = T0 + 3_600_000;

function core(over: Record<string, unknown> = {}) {
  const config = resolveConfig({
    pipelines: [{
      name: 'p',
      source: { topic: 'd/+/t' },
      window: { type: 'tumbling', size: '10s', partial: 'emit' },
      features: { x: ['count', 'max'] },
      model: { name: 'm' },
      ...over,
    }],
  });
  return createPipelineCore(config.pipelines[0]!, LIMITS);
}

const msg = (ts: number, x: number, key = 'a'): [string, Buffer] => [`d/${key}/t`, Buffer.from(JSON.stringify({ ts, x }))];

function feed(c: ReturnType<typeof core>, events: Array<[number, number, string?]>, now = NOW): HandleResult {
  const out: HandleResult = { vectors: [], deadLetters: [] };
  for (const [ts, x, key] of events) {
    const r = c.handle(...msg(ts, x, key), now);
    out.vectors.push(...r.vectors);
    out.deadLetters.push(...r.deadLetters);
  }
  return out;
}

const summary = (r: HandleResult) => r.vectors.map((v) => [v.key, v.window.start - T0, v.values.x_count_10s, v.values.x_max_10s, v.revision ?? 0]);

test('timeline: slack 2s — out-of-order events within the slack land in the right window', () => {
  //   arrivals (s): 1 9 8 11 12 14        slack 2s: watermark = max − 2s
  //   window [0,10) = 1 9 8  closes when the watermark reaches 10s (event 12s)
  const c = core({ time: { slack: '2s' } });
  const r = feed(c, [[T0 + 1000, 1], [T0 + 9000, 9], [T0 + 8000, 8], [T0 + 11_000, 11], [T0 + 12_000, 12], [T0 + 14_000, 14]]);
  assert.equal(summary(r), [['a', 0, 3, 9, 0]]);
  assert.equal(r.deadLetters, []);
});

test('property: with slack ≥ the disorder, results equal those of the sorted stream', () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 600_000 }), fc.integer({ min: 0, max: 1999 }), fc.integer({ min: 0, max: 100 })), { maxLength: 150 }), (raw) => {
      // each event arrives up to 2 s after its own time: arrival order is by ts + delay
      const events = raw.map(([t, delay, x]) => ({ ts: T0 + t, arrive: t + delay, x }));
      const sorted = [...events].sort((a, b) => a.ts - b.ts);
      const arrived = [...events].sort((a, b) => a.arrive - b.arrive || a.ts - b.ts);
      const reordered = core({ time: { slack: '2s' } });
      const straight = core({ time: { slack: '2s' } });
      const a = feed(reordered, arrived.map((e) => [e.ts, e.x] as [number, number]));
      const b = feed(straight, sorted.map((e) => [e.ts, e.x] as [number, number]));
      const fa = reordered.flush();
      const fb = straight.flush();
      return a.deadLetters.length === 0 && JSON.stringify(summary(a)) + JSON.stringify(summary(fa)) === JSON.stringify(summary(b)) + JSON.stringify(summary(fb));
    }),
    { numRuns: Number(process.env.PROPERTY_RUNS ?? 200) },
  );
});

test('late policy deadletter: the late event is dead-lettered with reason late and its payload', () => {
  const c = core();
  const r = feed(c, [[T0 + 5000, 1], [T0 + 15_000, 2], [T0 + 3000, 3]]);
  assert.equal(r.deadLetters.map((d) => d.reason), ['late']);
  assert.match(r.deadLetters[0]!.detail, /behind the watermark/);
  assert.equal(JSON.parse(r.deadLetters[0]!.payload), { ts: T0 + 3000, x: 3 });
  assert.is(c.stats.deadLettered.late, 1);
});

test('late policy drop: counted, nothing emitted', () => {
  const c = core({ time: { late: 'drop' } });
  const r = feed(c, [[T0 + 5000, 1], [T0 + 15_000, 2], [T0 + 3000, 3]]);
  assert.equal(r.deadLetters, []);
  assert.is(c.stats.lateDropped, 1);
});

test('late policy update: a corrected result with revision 1 for the same window', () => {
  const c = core({ time: { late: 'update', allowedLateness: '1m' } });
  const r = feed(c, [[T0 + 5000, 1], [T0 + 15_000, 2], [T0 + 3000, 30]]);
  assert.equal(summary(r), [['a', 0, 1, 1, 0], ['a', 0, 2, 30, 1]]);
  assert.is(c.stats.corrections, 1);
});

test('device clocks ahead of arrival: dead-lettered by default, or clamped to arrival time', () => {
  const future = NOW + 2 * 3_600_000;
  const strict = core();
  assert.equal(feed(strict, [[future, 1]]).deadLetters.map((d) => d.reason), ['future']);
  const lenient = core({ time: { future: 'clamp', maxFuture: '1m' } });
  assert.equal(feed(lenient, [[future, 1]]).deadLetters, []);
  assert.is(lenient.stats.clamped, 1);
});

test('idle timeout: a silent device has its windows closed by processing time', () => {
  const c = core({ time: { idleTimeout: '30s' } });
  feed(c, [[T0 + 1000, 5]], NOW);
  assert.equal(c.tick(NOW + 10_000).vectors, []);
  assert.equal(summary(c.tick(NOW + 31_000)), [['a', 0, 1, 5, 0]]);
  assert.equal(c.tick(NOW + 62_000).vectors, [], 'flushed once');
});

test('pipeline watermark: another device moving time forward closes a quiet device\'s window', () => {
  const c = core({ time: { watermark: 'pipeline', idleTimeout: 0 } });
  feed(c, [[T0 + 1000, 5, 'quiet'], [T0 + 25_000, 1, 'busy']]);
  assert.equal(summary(c.tick(NOW)), [['quiet', 0, 1, 5, 0]]);
});

test('a redelivered message (same id, or same key, time and body) is counted once', () => {
  const c = core();
  const r = feed(c, [[T0 + 1000, 5], [T0 + 1000, 5], [T0 + 2000, 6], [T0 + 12_000, 1]]);
  assert.equal(summary(r), [['a', 0, 2, 6, 0]]);
  assert.is(c.stats.duplicates, 1);
  const explicit = core();
  const m = (id: string, ts: number): [string, Buffer] => ['d/a/t', Buffer.from(JSON.stringify({ id, ts, x: 1 }))];
  explicit.handle(...m('e1', T0), NOW);
  explicit.handle(...m('e1', T0 + 5), NOW); // same id, other body: still the same event
  assert.is(explicit.stats.duplicates, 1);
});

test('key TTL: a device silent for keyTtl of pipeline event time is forgotten (counted as an eviction)', () => {
  const c = core({ time: { keyTtl: '1h', idleTimeout: 0 } });
  feed(c, [[T0, 1, 'old'], [T0 + 1000, 1, 'fresh']]);
  c.tick(NOW);
  assert.is(c.windowStats().keys, 2);
  feed(c, [[T0 + 2 * 3_600_000, 1, 'fresh']], T0 + 2 * 3_600_000);
  c.tick(T0 + 2 * 3_600_000);
  assert.is(c.windowStats().keys, 1);
  assert.is(c.windowStats().evictions, 1);
  assert.is(c.reorderStats().keys, 1);
});

test('snapshot → JSON → restore mid-stream (reorder buffer and windows) continues identically', () => {
  const events: Array<[number, number]> = [[1000, 1], [9000, 2], [8000, 3], [12_000, 4], [10_500, 5], [25_000, 6], [40_000, 7]].map(([t, x]) => [T0 + t!, x!]);
  const straight = core({ time: { slack: '3s' } });
  const all = feed(straight, events);
  const first = core({ time: { slack: '3s' } });
  const head = feed(first, events.slice(0, 4));
  const config = resolveConfig({ pipelines: [{ name: 'p', source: { topic: 'd/+/t' }, window: { type: 'tumbling', size: '10s', partial: 'emit' }, features: { x: ['count', 'max'] }, model: { name: 'm' }, time: { slack: '3s' } }] });
  const restored = createPipelineCore(config.pipelines[0]!, LIMITS, JSON.parse(JSON.stringify(first.snapshot())));
  const tail = feed(restored, events.slice(4));
  assert.equal([...summary(head), ...summary(tail)], summary(all));
});

test.run();
