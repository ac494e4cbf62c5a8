/** Top-K: timeline, brute-force sort of the window (sorted and out of order), snapshots, bounds and work per refresh. */

import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { hashId } from '../../../src/stream/event.ts';
import type { Emitted, PatternEvent } from '../../../src/stream/patterns/operator.ts';
import { topkSpec, type TopKOperator, type TopKParams } from '../../../src/stream/patterns/topk.ts';
import { arrivalOrder, delaysArb, ev, LIMITS, RUNS, runOrdered, runSorted, runWithRestore, stubCompile, timestamps } from './helpers.ts';

const compile = stubCompile({ amount: (s) => s.amount, user: (s) => s.user });
const opts = { compile, limits: LIMITS };
const topk = (p: Partial<TopKParams> = {}) => topkSpec.create({ n: 2, aggregate: 'sum', value: 'amount', size: 30, every: 10, ...p }, opts) as TopKOperator;
const tops = (out: Emitted[]) => out.map((o) => [o.ts, (o.body.top as Array<{ key: string; value: number }>).map((x) => `${x.key}=${x.value}`).join(' ')]);

test('timeline: top 2 by sum over 30, refreshed every 10; a refresh at t covers [t−30, t)', () => {
  //  t:      1 a5   4 b3   12 c9   15 a1   33 b1   (watermark 70)
  //  refresh 10: a=5 b=3 | 20: c=9 a=6 | 30: c=9 a=6 | 40: c=9 a=1 (a's bucket 0–10 left; ties by key) | 50, 60: b=1 | 70: empty, then quiet
  const op = topk();
  const events = [[1, 'a', 5], [4, 'b', 3], [12, 'c', 9], [15, 'a', 1], [33, 'b', 1]].map(([t, k, amount]) => ev(k as string, t as number, { amount }));
  const out = runSorted(op, events, 70);
  assert.equal(tops(out), [[10, 'a=5 b=3'], [20, 'c=9 a=6'], [30, 'c=9 a=6'], [40, 'c=9 a=1'], [50, 'b=1'], [60, 'b=1'], [70, '']]);
  assert.equal(out[0]!.body.start, -20);
  assert.is(out[1]!.id, hashId('topk', 20));
  assert.equal(op.advance(1000), [], 'an empty window is reported once, then refreshes stop until data comes');
  assert.equal(tops(op.push(ev('d', 1001, { amount: 2 }))), []);
  assert.equal(tops(op.advance(1010)), [[1010, 'd=2']]);
});

test('aggregates: count, mean, max (max recovers when the maximum bucket leaves); key expression; non-numbers skipped', () => {
  const events = [[1, 'a', 9], [2, 'a', 1], [11, 'a', 4], [12, 'b', 5], [13, 'b', 'x']].map(([t, k, amount]) => ev('ignored', t as number, { amount, user: k }));
  const run = (aggregate: TopKParams['aggregate']) => tops(runSorted(topk({ aggregate, key: 'user', size: 20 }), events, 30));
  assert.equal(run('count'), [[10, 'a=2'], [20, 'a=3 b=2'], [30, 'b=2 a=1']]);
  assert.equal(run('mean'), [[10, 'a=5'], [20, 'b=5 a=4.666666666666667'], [30, 'b=5 a=4']]);
  assert.equal(run('max'), [[10, 'a=9'], [20, 'a=9 b=5'], [30, 'b=5 a=4']]);
});

test('a straggler behind an emitted refresh counts in the open bucket; emitted rankings stand', () => {
  const op = topk({ n: 3 });
  op.push(ev('a', 1, { amount: 1 }));
  assert.equal(tops(op.push(ev('b', 25, { amount: 2 }))), [[10, 'a=1'], [20, 'a=1']]);
  op.push(ev('c', 3, { amount: 5 })); // belongs to [0, 10): counted in [20, 30) instead
  assert.equal(tops(op.advance(40)), [[30, 'c=5 b=2 a=1'], [40, 'c=5 b=2']]);
});

/** Brute force: at each refresh, sort every key's aggregate over the window's events. */
function reference(events: PatternEvent[], p: TopKParams): string[][] {
  const every = Number(p.every);
  const size = Number(p.size);
  const out: string[][] = [];
  if (events.length === 0) return out;
  let wasEmpty = true;
  const last = events[events.length - 1]!.ts;
  for (let t = (Math.floor(events[0]!.ts / every) + 1) * every; t <= last + size + every; t += every) {
    const inWindow = events.filter((e) => e.ts >= t - size && e.ts < t);
    if (inWindow.length === 0 && wasEmpty) continue;
    wasEmpty = inWindow.length === 0;
    const byKey = new Map<string, number[]>();
    for (const e of inWindow) byKey.set(e.key, [...(byKey.get(e.key) ?? []), e.body.amount as number]);
    const agg = (vs: number[]) => (p.aggregate === 'count' ? vs.length : p.aggregate === 'max' ? Math.max(...vs) : p.aggregate === 'mean' ? vs.reduce((a, b) => a + b) / vs.length : vs.reduce((a, b) => a + b));
    const ranked = [...byKey].map(([key, vs]) => ({ key, value: agg(vs) })).sort((a, b) => b.value - a.value || (a.key < b.key ? -1 : 1));
    out.push([String(t), ranked.slice(0, p.n).map((x) => `${x.key}=${x.value}`).join(' ')]);
  }
  return out;
}

const streamArb = fc.array(fc.record({ key: fc.constantFrom('a', 'b', 'c', 'd', 'e'), amount: fc.integer({ min: 0, max: 9 }), gap: fc.integer({ min: 1, max: 12 }) }), { maxLength: 60 });
const toEvents = (rows: Array<{ key: string; amount: number; gap: number }>) => {
  const ts = timestamps(rows.map((r) => r.gap));
  return rows.map((r, i) => ev(r.key, ts[i]!, { amount: r.amount }));
};
const asRows = (out: Emitted[]) => tops(out).map(([t, s]) => [String(t), s as string]);

test('property: every ranking equals a brute-force sort of its window, sorted or out of order within the slack', () => {
  fc.assert(
    fc.property(streamArb, fc.constantFrom('sum', 'count', 'mean', 'max'), fc.integer({ min: 1, max: 4 }), delaysArb(10), (rows, aggregate, n, delays) => {
      const p: TopKParams = { n, aggregate: aggregate as TopKParams['aggregate'], value: 'amount', size: 30, every: 10 };
      const events = toEvents(rows);
      const want = reference(events, p);
      assert.equal(asRows(runSorted(topkSpec.create(p, opts), events)), want);
      assert.equal(asRows(runOrdered((state) => topkSpec.create(p, { ...opts, state }), arrivalOrder(events, delays), 10)), want);
    }),
    RUNS,
  );
});

test('property: snapshot and restore mid-stream gives the uninterrupted output', () => {
  fc.assert(
    fc.property(streamArb, fc.nat(60), fc.constantFrom('sum', 'max'), (rows, cut, aggregate) => {
      const p: TopKParams = { n: 3, aggregate: aggregate as TopKParams['aggregate'], value: 'amount', size: 30, every: 10 };
      const events = toEvents(rows);
      assert.equal(runWithRestore(topkSpec, p, opts, events, Math.min(cut, events.length)), runSorted(topkSpec.create(p, opts), events));
    }),
    RUNS,
  );
});

test('no rescans: work per event and per refresh stays flat as the window grows 10×; buckets per key ≤ size/every', () => {
  const workPerEvent = (keys: number, perKey: number) => {
    const op = topkSpec.create({ n: 10, aggregate: 'sum', value: 'amount', size: 100_000, every: 1000 }, opts) as TopKOperator;
    let t = 0;
    for (let i = 0; i < perKey; i++) for (let k = 0; k < keys; k++) op.push(ev(`k${k}`, (t += 1), { amount: (k * 31 + i) % 97 }));
    const s = op.stats();
    assert.ok(s.buffered <= s.keys * 100, JSON.stringify(s));
    return op.work() / (keys * perKey);
  };
  const small = workPerEvent(1000, 10);
  const large = workPerEvent(1000, 100); // 10× the events in the window at each refresh
  assert.ok(large < small * 1.5, `work per event grew from ${small} to ${large}`);
  assert.ok(large < 40, `${large} units of work per event`);
});

test('bounded: keys ≤ maxKeys, evicted keys leave the ranking; check refuses size not a multiple of every', () => {
  const op = topkSpec.create({ n: 5, aggregate: 'count', size: 100, every: 10 }, { compile, limits: { maxKeys: 50, maxBufferedPerKey: 100 } });
  for (let i = 0; i < 500; i++) op.push(ev(`k${i}`, i / 10));
  assert.equal(op.stats().keys, 50);
  assert.is(op.stats().evicted, 450);
  const ranked = op.advance(1000)[0]!.body.top as Array<{ key: string }>;
  assert.ok(ranked.every((x) => Number(x.key.slice(1)) >= 450), JSON.stringify(ranked));
  assert.equal(topkSpec.check!({ n: 1, aggregate: 'sum', size: '25s', every: '10s' }), ['size: must be a positive multiple of every (10000 ms), got 25000 ms', 'value: required for aggregate sum']);
});

test.run();
