/** Sequences: timelines for every/contiguity, regex-like references (sorted and out of order), trend, bounds, snapshots. */

import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { hashId } from '../../../src/stream/event.ts';
import type { PatternEvent } from '../../../src/stream/patterns/operator.ts';
import { sequenceSpec, type SequenceParams } from '../../../src/stream/patterns/sequence.ts';
import { arrivalOrder, canon, delaysArb, ev, LIMITS, RUNS, runOrdered, runSorted, runWithRestore, stubCompile, timestamps } from './helpers.ts';

const compile = stubCompile({
  A: (s) => s.a === true,
  B: (s) => s.b === true,
  'country == "NL"': (s) => s.country === 'NL',
  'country != $prev.country': (s) => s.$prev !== null && s.country !== s.$prev.country,
  rejected: (s) => s.status === 'rejected',
  v: (s) => s.v,
});
const opts = { compile, limits: LIMITS };
const seq = (p: SequenceParams) => sequenceSpec.create(p, opts);
const AB: SequenceParams['steps'] = [{ name: 'a', where: 'A' }, { name: 'b', where: 'B' }];
const labels = (events: PatternEvent[]) => (out: ReturnType<typeof runSorted>) => out.map((o) => (o.body.events as unknown[]).map((b) => events.find((e) => e.body === b)!.body.n).join(''));

test('timeline: a domestic payment then a foreign one within 10 min, $prev is the previous step', () => {
  //  t(min):  0 NL    3 NL    8 DE     30 NL   45 FR (15 min after 30: too late)
  const p: SequenceParams = { steps: [{ name: 'domestic', where: 'country == "NL"' }, { name: 'foreign', where: 'country != $prev.country' }], within: 600_000, every: true };
  const events = [0, 3, 8, 30, 45].map((m, i) => ev('card-1', m * 60_000, { country: ['NL', 'NL', 'DE', 'NL', 'FR'][i], n: 'pqrst'[i] }, 'payments'));
  const out = runSorted(seq(p), events);
  assert.equal(labels(events)(out), ['pr', 'qr'], 'every: each domestic payment starts its own match');
  assert.equal(out[0]!.body.match, { domestic: events[0]!.body, foreign: events[2]!.body });
  assert.is(out[0]!.id, hashId('sequence', events[0]!.id, events[2]!.id));
  assert.is(out[0]!.ts, 8 * 60_000);
  assert.equal(labels(events)(runSorted(seq({ ...p, every: false }), events)), ['pr'], 'every: false — one match at a time');
});

test('within holds in event time on arrival, whether or not advance() ran', () => {
  const op = seq({ steps: AB, within: 10, every: true });
  op.push(ev('k', 0, { a: true }));
  assert.equal(op.push(ev('k', 11, { b: true })), [], '11 after the A: too late');
  op.push(ev('k', 20, { a: true }));
  assert.is(op.push(ev('k', 30, { b: true })).length, 1, 'exactly 10 after: in time');
});

test('timeline: contiguity — strict, skip-till-next, skip-till-any over  A x B B', () => {
  const events = [{ a: true, n: 'A' }, { n: 'x' }, { b: true, n: 'B' }, { b: true, n: 'C' }].map((b, i) => ev('k', i, b));
  const run = (contiguity: SequenceParams['contiguity']) => labels(events)(runSorted(seq({ steps: AB, contiguity, every: true }), events));
  assert.equal(run('strict'), [], 'x breaks the match');
  assert.equal(run('skip-till-next'), ['AB']);
  assert.equal(run('skip-till-any'), ['AB', 'AC']);
});

test('timeline: three rejected in a row — a success breaks the run; every: overlapping vs not', () => {
  const statuses = ['rejected', 'rejected', 'ok', 'rejected', 'rejected', 'rejected', 'rejected'];
  const events = statuses.map((status, i) => ev('user-1', i * 1000, { status, n: String(i) }));
  assert.equal(labels(events)(runSorted(seq({ times: 3, where: 'rejected', every: true }), events)), ['345', '456']);
  assert.equal(labels(events)(runSorted(seq({ times: 3, where: 'rejected', every: false }), events)), ['345']);
  assert.equal(labels(events)(runSorted(seq({ times: 3, where: 'rejected', within: 1500, every: true }), events)), [], 'within bounds the run');
});

test('timeline: trend — rising 3 times, then a drop (one match per drop, from the last 3 rises)', () => {
  const values = [5, 1, 2, 3, 4, 5, 2, 3, 4, 1, 7, 8, 9, 10, 10, 9];
  const events = values.map((v, i) => ev('m', i, { v, n: String.fromCharCode(97 + i) }));
  assert.equal(labels(events)(runSorted(seq({ trend: { value: 'v', rising: 3 }, every: true }), events)), ['cdefg'], 'equal values are not rising: 10 10 9 does not match');
});

const symbols = (events: PatternEvent[]) => events.map((e) => (e.body.a ? (e.body.b ? 'c' : 'a') : e.body.b ? 'b' : 'n')).join('');

/** Regex-like reference: per key, from each A, the sticky regex finds the B that completes its match. */
function referenceAB(events: PatternEvent[], contiguity: 'strict' | 'skip-till-next', within: number): string[][] {
  const out: string[][] = [];
  for (const key of new Set(events.map((e) => e.key))) {
    const mine = events.filter((e) => e.key === key);
    const re = contiguity === 'strict' ? /[ac][bc]/y : /[ac][na]*?[bc]/y;
    const s = symbols(mine);
    for (let i = 0; i < s.length; i++) {
      re.lastIndex = i;
      const m = re.exec(s);
      const j = m ? i + m[0].length - 1 : -1;
      if (m && mine[j]!.ts - mine[i]!.ts <= within) out.push([mine[i]!.id, mine[j]!.id]);
    }
  }
  return out;
}

/** N in a row, overlapping: every position where a lookahead sees N matching symbols. */
function referenceTimes(events: PatternEvent[], n: number): string[][] {
  const out: string[][] = [];
  for (const key of new Set(events.map((e) => e.key))) {
    const mine = events.filter((e) => e.key === key);
    for (const m of symbols(mine).matchAll(new RegExp(`(?=[ac]{${n}})`, 'g'))) out.push(mine.slice(m.index, m.index + n).map((e) => e.id));
  }
  return out;
}

const streamArb = fc.array(fc.record({ key: fc.constantFrom('k1', 'k2'), a: fc.boolean(), b: fc.boolean(), gap: fc.integer({ min: 1, max: 6 }) }), { maxLength: 50 });
const toEvents = (rows: Array<{ key: string; a: boolean; b: boolean; gap: number }>) => {
  const ts = timestamps(rows.map((r) => r.gap));
  return rows.map((r, i) => ev(r.key, ts[i]!, { a: r.a, b: r.b }));
};
const ids = (out: ReturnType<typeof runSorted>) => out.map((o) => o.id).sort();
const idsOf = (groups: string[][]) => groups.map((g) => hashId('sequence', ...g)).sort();

test('property: A then B within T equals the regex reference (strict, skip-till-next), sorted or out of order within the slack', () => {
  fc.assert(
    fc.property(streamArb, fc.constantFrom('strict', 'skip-till-next'), delaysArb(10), (rows, contiguity, delays) => {
      const p: SequenceParams = { steps: AB, within: 12, contiguity: contiguity as 'strict', every: true };
      const events = toEvents(rows);
      const want = idsOf(referenceAB(events, contiguity as 'strict', 12));
      assert.equal(ids(runSorted(seq(p), events)), want);
      assert.equal(ids(runOrdered((state) => sequenceSpec.create(p, { ...opts, state }), arrivalOrder(events, delays), 10)), want);
    }),
    RUNS,
  );
});

test('property: skip-till-any finds every (A, later B) pair within T; N in a row equals the lookahead regex', () => {
  fc.assert(
    fc.property(streamArb, fc.integer({ min: 1, max: 4 }), (rows, n) => {
      const events = toEvents(rows);
      const pairs: string[][] = [];
      for (const [i, x] of events.entries())
        for (const y of events.slice(i + 1)) if (x.key === y.key && x.body.a && y.body.b && y.ts - x.ts <= 12) pairs.push([x.id, y.id]);
      assert.equal(ids(runSorted(seq({ steps: AB, within: 12, contiguity: 'skip-till-any', every: true }), events)), idsOf(pairs));
      assert.equal(ids(runSorted(seq({ times: n, where: 'A', every: true }), events)), idsOf(referenceTimes(events, n)));
    }),
    RUNS,
  );
});

test('property: trend equals a lookahead regex over the up/down/equal steps of each key, sorted or out of order', () => {
  const rowsArb = fc.array(fc.record({ key: fc.constantFrom('k1', 'k2'), v: fc.integer({ min: 0, max: 5 }), gap: fc.integer({ min: 1, max: 6 }) }), { maxLength: 60 });
  fc.assert(
    fc.property(rowsArb, fc.integer({ min: 1, max: 3 }), delaysArb(10), (rows, n, delays) => {
      const ts = timestamps(rows.map((r) => r.gap));
      const events = rows.map((r, i) => ev(r.key, ts[i]!, { v: r.v }));
      const want: string[][] = [];
      for (const key of ['k1', 'k2']) {
        const mine = events.filter((e) => e.key === key);
        const moves = mine.slice(1).map((e, i) => (e.body.v! > mine[i]!.body.v! ? 'u' : e.body.v! < mine[i]!.body.v! ? 'd' : 'e')).join('');
        for (const m of moves.matchAll(new RegExp(`(?=u{${n}}d)`, 'g'))) want.push(mine.slice(m.index, m.index + n + 2).map((e) => e.id));
      }
      const p: SequenceParams = { trend: { value: 'v', rising: n }, every: true };
      assert.equal(ids(runSorted(seq(p), events)), idsOf(want));
      assert.equal(ids(runOrdered((state) => sequenceSpec.create(p, { ...opts, state }), arrivalOrder(events, delays), 10)), idsOf(want));
    }),
    RUNS,
  );
});

test('property: snapshot and restore mid-stream gives the uninterrupted output', () => {
  fc.assert(
    fc.property(streamArb, fc.nat(50), fc.constantFrom<SequenceParams['contiguity']>('strict', 'skip-till-next', 'skip-till-any'), (rows, cut, contiguity) => {
      const p: SequenceParams = { steps: [...AB, { name: 'c', where: 'A' }], within: 12, contiguity, every: true };
      const events = toEvents(rows);
      assert.equal(canon(runWithRestore(sequenceSpec, p, opts, events, Math.min(cut, events.length))), canon(runSorted(seq(p), events)));
    }),
    RUNS,
  );
});

test('bounded: partial matches per key ≤ maxBufferedPerKey, keys ≤ maxKeys, predicate calls per event bounded by them', () => {
  const c = stubCompile({ A: () => true, B: () => false });
  const op = sequenceSpec.create({ steps: AB, contiguity: 'skip-till-any', every: true }, { compile: c, limits: { maxKeys: 4, maxBufferedPerKey: 16 } });
  for (let i = 0; i < 2000; i++) {
    const before = c.calls;
    op.push(ev(`k${i % 6}`, i));
    assert.ok(c.calls - before <= 16 + 1, `event ${i}: ${c.calls - before} predicate calls`);
  }
  const s = op.stats();
  assert.ok(s.keys <= 4 && s.buffered <= 4 * 16, JSON.stringify(s));
  assert.ok(s.evicted > 1900, JSON.stringify(s));
  const expiring = seq({ steps: AB, within: 10, every: true });
  for (let i = 0; i < 100; i++) expiring.push(ev(`k${i}`, i, { a: true }));
  expiring.advance(200);
  assert.equal(expiring.stats(), { keys: 0, buffered: 0, evicted: 0 }, 'advance frees expired partial matches');
});

test('check: exactly one of steps, times, trend; where only with times; trend is strict', () => {
  assert.equal(sequenceSpec.check!({ every: true }), ['steps, times, trend: give exactly one (got none)']);
  assert.equal(sequenceSpec.check!({ steps: AB, times: 3, every: true }), ['steps, times, trend: give exactly one (got steps, times)']);
  assert.equal(sequenceSpec.check!({ steps: AB, where: 'A', within: 'x', every: true }).length, 2);
  assert.equal(sequenceSpec.check!({ trend: { value: 'v', rising: 2 }, contiguity: 'skip-till-any', every: true }).length, 1);
});

test.run();
