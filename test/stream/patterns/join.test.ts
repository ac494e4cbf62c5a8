/** Stream–stream join: timeline, nested-loop reference (in order and out of order), bounds, snapshots. */

import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { hashId } from '../../../src/stream/event.ts';
import { joinSpec, type JoinParams } from '../../../src/stream/patterns/join.ts';
import type { Emitted, PatternEvent } from '../../../src/stream/patterns/operator.ts';
import { arrivalOrder, canon, delaysArb, ev, LIMITS, RUNS, runOrdered, runSorted, runWithRestore, stubCompile, timestamps } from './helpers.ts';

const compile = stubCompile({ 'left.v <= right.v': (s) => s.left.v <= s.right.v });
const opts = { compile, limits: LIMITS };
const join = (p: JoinParams) => joinSpec.create(p, opts);

test('timeline: within 10, left join; pairs on arrival, unmatched left at expiry with right null', () => {
  //  t:     0    5    12   30        watermark 41 → L30 expires (30 + 10 < 41)
  //  left:  L0        L12  L30
  //  right:      R5
  const op = join({ within: 10, type: 'left' });
  const out: Emitted[] = [];
  out.push(...op.push(ev('k', 0, { n: 'L0' }, 'left')));
  out.push(...op.push(ev('k', 5, { n: 'R5' }, 'right')));
  out.push(...op.push(ev('k', 12, { n: 'L12' }, 'left')));
  assert.equal(out.map((o) => [o.ts, o.body]), [
    [5, { left: { n: 'L0' }, right: { n: 'R5' } }],
    [12, { left: { n: 'L12' }, right: { n: 'R5' } }],
  ]);
  assert.equal(op.advance(30), [], 'every buffered event matched or is still in its window');
  op.push(ev('k', 30, { n: 'L30' }, 'left'));
  const expired = op.advance(41);
  assert.equal(expired.map((o) => [o.ts, o.body]), [[40, { left: { n: 'L30' }, right: null }]]);
  assert.is(expired[0]!.id, hashId('join', 'left', 'left-k-30'));
  assert.is(op.stats().buffered, 0);
  assert.is(op.stats().keys, 0);
});

test('types: inner emits no unmatched, right keeps right, full keeps both', () => {
  const events = [ev('k', 0, {}, 'left'), ev('k', 100, {}, 'right')];
  const unmatched = (type: JoinParams['type']) => runSorted(join({ within: 10, type }), events).map((o) => Object.keys(o.body).filter((s) => o.body[s] !== null).join());
  assert.equal(unmatched('inner'), []);
  assert.equal(unmatched('left'), ['left']);
  assert.equal(unmatched('right'), ['right']);
  assert.equal(unmatched('full'), ['left', 'right']);
});

/** Nested loop over the full history: every pair, then every unmatched event per the type. */
function reference(events: PatternEvent[], p: JoinParams): Emitted[] {
  const out: Emitted[] = [];
  const matched = new Set<string>();
  for (const l of events.filter((e) => e.source === 'left'))
    for (const r of events.filter((e) => e.source === 'right'))
      if (l.key === r.key && Math.abs(l.ts - r.ts) <= Number(p.within) && (!p.where || (l.body.v as number) <= (r.body.v as number))) {
        out.push({ id: hashId('join', l.id, r.id), key: l.key, ts: Math.max(l.ts, r.ts), body: { left: l.body, right: r.body } });
        matched.add(l.id).add(r.id);
      }
  for (const e of events) {
    if (matched.has(e.id) || !(p.type === 'full' || p.type === e.source)) continue;
    const body = e.source === 'left' ? { left: e.body, right: null } : { left: null, right: e.body };
    out.push({ id: hashId('join', e.source, e.id), key: e.key, ts: e.ts + Number(p.within), body });
  }
  return out;
}

const streamArb = fc.array(
  fc.record({ key: fc.constantFrom('a', 'b', 'c'), side: fc.constantFrom('left', 'right'), gap: fc.integer({ min: 1, max: 8 }), v: fc.integer({ min: 0, max: 3 }) }),
  { maxLength: 60 },
);
const toEvents = (rows: Array<{ key: string; side: string; gap: number; v: number }>): PatternEvent[] => {
  const ts = timestamps(rows.map((r) => r.gap));
  return rows.map((r, i) => ev(r.key, ts[i]!, { v: r.v }, r.side));
};

test('property: equals the nested-loop reference, sorted or out of order within the slack', () => {
  fc.assert(
    fc.property(streamArb, fc.constantFrom('inner', 'left', 'right', 'full'), fc.boolean(), delaysArb(15), (rows, type, withWhere, delays) => {
      const p: JoinParams = { within: 10, type: type as JoinParams['type'], ...(withWhere ? { where: 'left.v <= right.v' } : {}) };
      const events = toEvents(rows);
      const want = canon(reference(events, p));
      assert.equal(canon(runSorted(join(p), events)), want);
      assert.equal(canon(runOrdered((state) => joinSpec.create(p, { ...opts, state }), arrivalOrder(events, delays), 15)), want);
    }),
    RUNS,
  );
});

test('property: snapshot and restore mid-stream gives the uninterrupted output', () => {
  fc.assert(
    fc.property(streamArb, fc.nat(60), (rows, cut) => {
      const p: JoinParams = { within: 10, type: 'full' };
      const events = toEvents(rows);
      assert.equal(runWithRestore(joinSpec, p, opts, events, Math.min(cut, events.length)), runSorted(join(p), events));
    }),
    RUNS,
  );
});

test('bounded: at most maxBufferedPerKey events per key and maxKeys keys, evictions counted, predicate calls per push bounded', () => {
  const c = stubCompile({ 'left.v <= right.v': (s) => s.left.v <= s.right.v });
  const op = joinSpec.create({ within: 1e9, type: 'inner', where: 'left.v <= right.v' }, { compile: c, limits: { maxKeys: 3, maxBufferedPerKey: 8 } });
  for (let i = 0; i < 1000; i++) {
    const before = c.calls;
    op.push(ev(`k${i % 5}`, i, { v: 1 }, i % 2 ? 'left' : 'right'));
    assert.ok(c.calls - before <= 8, `push ${i} evaluated the predicate ${c.calls - before} times`);
    assert.ok(op.stats().buffered <= 3 * 8);
  }
  assert.ok(op.stats().keys <= 3);
  assert.ok(op.stats().evicted > 900, `evicted ${op.stats().evicted}`);
});

test('ordered wrapper: input behind the watermark comes back flagged late, not joined', () => {
  const p: JoinParams = { within: 10, type: 'inner' };
  const out = runOrdered((state) => joinSpec.create(p, { ...opts, state }), [ev('k', 100, {}, 'left'), ev('k', 50, {}, 'right')], 20, 100);
  assert.equal(out.map((o) => [o.deadletter, o.ts]), [['late', 50]]);
});

test.run();
