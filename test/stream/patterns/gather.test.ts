/** Scatter-gather's gather: timeline, reference grouping (sorted and out of order), policies, bounds, snapshots. */

import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { hashId } from '../../../src/stream/event.ts';
import { gatherSpec, type GatherParams } from '../../../src/stream/patterns/gather.ts';
import type { Emitted, PatternEvent } from '../../../src/stream/patterns/operator.ts';
import { arrivalOrder, canon, delaysArb, ev, LIMITS, RUNS, runOrdered, runSorted, runWithRestore, stubCompile, timestamps } from './helpers.ts';

const opts = { compile: stubCompile({ kind: (s) => s.kind }), limits: LIMITS };
const PARTS = ['credit', 'address', 'identity'];
const gather = (p: Partial<GatherParams> = {}) => gatherSpec.create({ parts: PARTS, timeout: 10, policy: 'partial', ...p }, opts);

test('timeline: complete on the last part; partial with missing at timeout; repeats ignored', () => {
  //  t:        0       3        4         7         20 (watermark)
  //  req-1:  credit  address  address'  identity   → complete at 7
  //  req-2:  credit                                  → partial at 0 + 10
  const op = gather();
  const out: Emitted[] = [];
  out.push(...op.push(ev('req-1', 0, { ok: true }, 'credit')));
  out.push(...op.push(ev('req-2', 0, { ok: false }, 'credit')));
  out.push(...op.push(ev('req-1', 3, { ok: true }, 'address')));
  out.push(...op.push(ev('req-1', 4, { ok: 'again' }, 'address')));
  out.push(...op.push(ev('req-1', 7, { ok: true }, 'identity')));
  assert.equal(out.map((o) => [o.key, o.ts, o.body]), [
    ['req-1', 7, { parts: { credit: { ok: true }, address: { ok: true }, identity: { ok: true } }, missing: [] }],
  ]);
  assert.is(out[0]!.id, hashId('gather', 'req-1', 'credit-req-1-0', 'address-req-1-3', 'identity-req-1-7'));
  assert.equal(op.advance(10), [], 'the deadline itself is still in time');
  assert.equal(op.advance(20).map((o) => [o.key, o.ts, o.body]), [['req-2', 10, { parts: { credit: { ok: false } }, missing: ['address', 'identity'] }]]);
  assert.equal(op.stats(), { keys: 0, buffered: 0, evicted: 0 });
});

test('policy drop emits nothing at timeout; the part expression names parts; unknown parts are ignored', () => {
  assert.equal(runSorted(gather({ policy: 'drop' }), [ev('r', 0, {}, 'credit')]), []);
  const op = gather({ part: 'kind' });
  assert.equal(op.push(ev('r', 0, { kind: 'fraud' }, 'results')), []);
  const out = runSorted(op, PARTS.map((kind, i) => ev('r', i, { kind }, 'results')));
  assert.equal(out.map((o) => o.body.missing), [[]]);
});

/** Reference: per key in time order, a group opens at its first part and closes when complete or past its deadline. */
function reference(events: PatternEvent[], p: GatherParams): Emitted[] {
  const out: Emitted[] = [];
  const open = new Map<string, { start: number; parts: Map<string, PatternEvent> }>();
  const close = (key: string, ts: number) => {
    const g = open.get(key)!;
    open.delete(key);
    const present = PARTS.filter((n) => g.parts.has(n));
    if (present.length < PARTS.length && p.policy === 'drop') return;
    out.push({
      id: hashId('gather', key, ...present.map((n) => g.parts.get(n)!.id)),
      key,
      ts,
      body: { parts: Object.fromEntries(present.map((n) => [n, g.parts.get(n)!.body])), missing: PARTS.filter((n) => !g.parts.has(n)) },
    });
  };
  for (const e of events) {
    const g = open.get(e.key);
    if (g && e.ts > g.start + 10) close(e.key, g.start + 10);
    if (!open.has(e.key)) open.set(e.key, { start: e.ts, parts: new Map() });
    const parts = open.get(e.key)!.parts;
    if (!parts.has(e.source)) parts.set(e.source, e);
    if (parts.size === PARTS.length) close(e.key, e.ts);
  }
  for (const [key, g] of [...open]) close(key, g.start + 10);
  return out;
}

const streamArb = fc.array(fc.record({ key: fc.constantFrom('r1', 'r2', 'r3'), part: fc.constantFrom(...PARTS), gap: fc.integer({ min: 1, max: 6 }) }), { maxLength: 60 });
const toEvents = (rows: Array<{ key: string; part: string; gap: number }>) => {
  const ts = timestamps(rows.map((r) => r.gap));
  return rows.map((r, i) => ev(r.key, ts[i]!, { i }, r.part));
};

test('property: equals the reference grouping, sorted or out of order within the slack', () => {
  fc.assert(
    fc.property(streamArb, fc.constantFrom('partial', 'drop'), delaysArb(12), (rows, policy, delays) => {
      const p: GatherParams = { parts: PARTS, timeout: 10, policy: policy as GatherParams['policy'] };
      const events = toEvents(rows);
      const want = canon(reference(events, p));
      assert.equal(canon(runSorted(gatherSpec.create(p, opts), events)), want);
      assert.equal(canon(runOrdered((state) => gatherSpec.create(p, { ...opts, state }), arrivalOrder(events, delays), 12)), want);
    }),
    RUNS,
  );
});

test('property: snapshot and restore mid-stream gives the uninterrupted output', () => {
  fc.assert(
    fc.property(streamArb, fc.nat(60), (rows, cut) => {
      const p: GatherParams = { parts: PARTS, timeout: 10, policy: 'partial' };
      const events = toEvents(rows);
      assert.equal(runWithRestore(gatherSpec, p, opts, events, Math.min(cut, events.length)), runSorted(gatherSpec.create(p, opts), events));
    }),
    RUNS,
  );
});

test('bounded: open groups never exceed maxKeys, each holds at most one event per part; evictions counted', () => {
  const op = gatherSpec.create({ parts: PARTS, timeout: 1e9, policy: 'partial' }, { ...opts, limits: { maxKeys: 20, maxBufferedPerKey: 10 } });
  for (let i = 0; i < 1000; i++) op.push(ev(`r${i}`, i, {}, PARTS[i % 2]!));
  const s = op.stats();
  assert.ok(s.keys <= 20 && s.buffered <= 20 * PARTS.length, JSON.stringify(s));
  assert.is(s.evicted, 980);
  assert.equal(gatherSpec.check!({ parts: ['a', 'a'], timeout: 'soon', policy: 'drop' }), ['timeout: not a duration ("soon"); use e.g. "30s" or "5m"', 'parts: names must be unique (a, a)']);
});

test.run();
