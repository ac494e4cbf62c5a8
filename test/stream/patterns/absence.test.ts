/** Absence: heartbeat, trigger then expect, unchanged state; timeline reference (sorted and out of order), bounds, snapshots. */

import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { hashId } from '../../../src/stream/event.ts';
import { absenceSpec, type AbsenceParams } from '../../../src/stream/patterns/absence.ts';
import type { Emitted, PatternEvent } from '../../../src/stream/patterns/operator.ts';
import { arrivalOrder, canon, delaysArb, ev, LIMITS, RUNS, runOrdered, runSorted, runWithRestore, stubCompile, timestamps } from './helpers.ts';

const compile = stubCompile({
  anomaly: (s) => s.$source === 'anomalies' && s.score > 0.9,
  ack: (s) => s.$source === 'acks',
  state: (s) => s.state,
});
const opts = { compile, limits: LIMITS };
const absence = (p: AbsenceParams) => absenceSpec.create(p, opts);

test('timeline: heartbeat every 10 s, timeout 30 s — fires once when beats stop, re-arms on the next beat', () => {
  //  beats: 0 10 20 . . . . . 100 110        watermark 50 → nothing (50 = 20 + 30 is still in time)
  //                                          watermark 51 → absent since 20, deadline 50
  const op = absence({ within: 30_000 });
  for (const t of [0, 10, 20]) assert.equal(op.push(ev('pump-7', t * 1000, {}, 'heartbeats')), []);
  assert.equal(op.advance(50_000), []);
  const fired = op.advance(50_001);
  assert.equal(fired.map((o) => [o.ts, o.body]), [[50_000, { absent: true, since: 20_000, deadline: 50_000, withinMs: 30_000, last: {} }]]);
  assert.is(fired[0]!.id, hashId('absence', 'pump-7', 'heartbeats-pump-7-20000', 50_000));
  assert.equal(op.advance(90_000), [], 'fires once');
  op.push(ev('pump-7', 100_000, {}, 'heartbeats'));
  assert.equal(op.advance(131_000).map((o) => o.ts), [130_000]);
});

test('timeline: anomaly then no ack within 5 min escalates; an ack in time (even at the deadline) cancels; push fires an overdue timer', () => {
  const p: AbsenceParams = { after: 'anomaly', expect: 'ack', within: 300 };
  const op = absence(p);
  op.push(ev('m1', 0, { score: 0.95 }, 'anomalies'));
  op.push(ev('m1', 100, { score: 0.99 }, 'anomalies')); // already pending: not a new trigger
  op.push(ev('m2', 0, { score: 0.95 }, 'anomalies'));
  op.push(ev('m2', 300, {}, 'acks'));
  op.push(ev('m3', 0, { score: 0.5 }, 'anomalies')); // not a trigger
  assert.equal(op.advance(1000).map((o) => [o.key, o.ts, (o.body.trigger as { score: number }).score]), [['m1', 300, 0.95]]);
  const late = absence(p);
  late.push(ev('m1', 0, { score: 0.95 }, 'anomalies'));
  assert.equal(late.push(ev('m1', 301, {}, 'acks')).map((o) => o.ts), [300], 'an ack after the deadline is too late, whenever advance runs');
});

test('timeline: a state that does not change for a minute (changed)', () => {
  const op = absence({ changed: 'state', within: 60_000 });
  const states = [['idle', 0], ['idle', 30], ['run', 50], ['run', 100], ['run', 109]] as const;
  const out = states.flatMap(([state, s]) => op.push(ev('m', s * 1000, { state })));
  out.push(...op.advance(200_000));
  assert.equal(out.map((o) => [o.ts, (o.body.last as { state: string }).state]), [[110_000, 'run']], 'the timer restarts at 50 s (the change), not at 100 or 109');
});

/** Timeline reference, heartbeat: every gap between expected events longer than T, and the tail. */
function referenceHeartbeat(events: PatternEvent[], within: number): Emitted[] {
  const out: Emitted[] = [];
  for (const key of new Set(events.map((e) => e.key))) {
    const beats = events.filter((e) => e.key === key && e.body.ok === true);
    beats.forEach((b, i) => {
      const next = beats[i + 1];
      if (!next || next.ts - b.ts > within) out.push({ id: hashId('absence', key, b.id, b.ts + within), key, ts: b.ts + within, body: {} });
    });
  }
  return out;
}

/** Timeline reference, trigger: walk each key's events with at most one pending trigger. */
function referenceTrigger(events: PatternEvent[], within: number): Emitted[] {
  const out: Emitted[] = [];
  for (const key of new Set(events.map((e) => e.key))) {
    let pending: PatternEvent | undefined;
    const fire = () => out.push({ id: hashId('absence', key, pending!.id, pending!.ts + within), key, ts: pending!.ts + within, body: {} });
    for (const e of events.filter((x) => x.key === key)) {
      if (pending && e.ts > pending.ts + within) (fire(), (pending = undefined));
      if (pending) {
        if (e.source === 'acks') pending = undefined;
      } else if (e.source === 'anomalies' && (e.body.score as number) > 0.9) pending = e;
    }
    if (pending) fire();
  }
  return out;
}

const streamArb = fc.array(
  fc.record({ key: fc.constantFrom('a', 'b', 'c'), source: fc.constantFrom('anomalies', 'acks'), ok: fc.boolean(), score: fc.constantFrom(0.5, 0.95), gap: fc.integer({ min: 1, max: 9 }) }),
  { maxLength: 60 },
);
const toEvents = (rows: Array<{ key: string; source: string; ok: boolean; score: number; gap: number }>) => {
  const ts = timestamps(rows.map((r) => r.gap));
  return rows.map((r, i) => ev(r.key, ts[i]!, { ok: r.ok, score: r.score }, r.source));
};
const idsAndTimes = (out: Emitted[]) => out.map((o) => `${o.id}@${o.ts}`).sort();

test('property: equals the timeline reference (heartbeat and trigger), sorted or out of order within the slack', () => {
  const c = stubCompile({ ok: (s) => s.ok === true, anomaly: (s) => s.$source === 'anomalies' && s.score > 0.9, ack: (s) => s.$source === 'acks' });
  fc.assert(
    fc.property(streamArb, delaysArb(10), (rows, delays) => {
      const events = toEvents(rows);
      const cases: Array<[AbsenceParams, Emitted[]]> = [
        [{ expect: 'ok', within: 15 }, referenceHeartbeat(events, 15)],
        [{ after: 'anomaly', expect: 'ack', within: 15 }, referenceTrigger(events, 15)],
      ];
      for (const [p, ref] of cases) {
        const want = idsAndTimes(ref);
        assert.equal(idsAndTimes(runSorted(absenceSpec.create(p, { compile: c, limits: LIMITS }), events)), want);
        assert.equal(idsAndTimes(runOrdered((state) => absenceSpec.create(p, { compile: c, limits: LIMITS, state }), arrivalOrder(events, delays), 10)), want);
      }
    }),
    RUNS,
  );
});

test('property: snapshot and restore mid-stream gives the uninterrupted output', () => {
  fc.assert(
    fc.property(streamArb, fc.nat(60), (rows, cut) => {
      const p: AbsenceParams = { after: 'anomaly', expect: 'ack', within: 15 };
      const events = toEvents(rows);
      assert.equal(canon(runWithRestore(absenceSpec, p, opts, events, Math.min(cut, events.length))), canon(runSorted(absence(p), events)));
    }),
    RUNS,
  );
});

test('bounded: one timer per key, keys ≤ maxKeys, evictions counted; advance fires the due timers in deadline order', () => {
  const op = absenceSpec.create({ within: 1000 }, { ...opts, limits: { maxKeys: 500, maxBufferedPerKey: 1 } });
  for (let i = 0; i < 2000; i++) op.push(ev(`k${i}`, i, {}));
  assert.equal(op.stats(), { keys: 500, buffered: 500, evicted: 1500 });
  // keys k1500..k1999 armed at 1500..1999: advance to 2600 fires exactly those due (< 1600), in deadline order
  const fired = op.advance(2600);
  assert.equal(fired.map((o) => o.key), Array.from({ length: 100 }, (_, i) => `k${1500 + i}`));
  assert.is(op.stats().buffered, 400);
  assert.equal(absenceSpec.check!({ within: '1m', expect: 'a', changed: 'b' }).length, 1);
});

test.run();
