/** Threshold with hysteresis: timelines of readings → the alerts and clears they must produce. */

import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Value } from '@sinclair/typebox/value';
import { parse } from 'yaml';
import { compile } from '../../../src/stream/expr/compile.ts';
import type { Emitted, PatternEvent } from '../../../src/stream/patterns/operator.ts';
import { threshold, type ThresholdParams } from '../../../src/stream/patterns/threshold.ts';

const LIMITS = { maxKeys: 100, maxBufferedPerKey: 100 };

const make = (params: Partial<ThresholdParams>, state?: unknown) =>
  threshold.create(Value.Default(threshold.params, { value: 't', ...params }) as ThresholdParams, { compile, limits: LIMITS, ...(state !== undefined && { state }) });

const ev = (ts: number, t: unknown, key = 'k'): PatternEvent => ({ id: `${key}@${ts}`, key, ts, source: 'telemetry', topic: `d/${key}`, body: { t } });

/** Feeds readings at ts = 1, 2, 3 … and returns "ts:state" for each emitted event. */
function timeline(op: ReturnType<typeof make>, readings: unknown[], key = 'k', t0 = 0): string[] {
  return readings.flatMap((t, i) => op.push(ev(t0 + i + 1, t, key)).map((e: Emitted) => `${e.ts}:${e.body.state}`));
}

test('hysteresis: readings around the limit do not flap', () => {
  // above 80, hysteresis 5: alert at > 80, clear only at ≤ 75
  //            1   2   3   4   5   6   7   8   9
  const values = [79, 81, 79, 81, 78, 76, 75, 81, 80];
  assert.equal(timeline(make({ above: 80, hysteresis: 5 }), values), ['2:alert', '7:clear', '8:alert']);
  // with no hysteresis the same readings flap on every crossing
  assert.equal(timeline(make({ above: 80 }), values), ['2:alert', '3:clear', '4:alert', '5:clear', '8:alert', '9:clear']);
});

test('for: N consecutive readings outside before the alert; one reading inside resets the run', () => {
  const values = [90, 90, 70, 90, 90, 90, 90, 70];
  assert.equal(timeline(make({ above: 80, for: 3 }), values), ['6:alert', '8:clear']);
});

test('a range: below and above, the alert says which side and since when', () => {
  const op = make({ above: 30, below: 10, hysteresis: 1, for: 2 });
  const out = [5, 4, 10.5, 11, 20].flatMap((t, i) => op.push(ev(i + 1, t)));
  assert.equal(
    out.map((e) => e.body),
    [
      { state: 'alert', key: 'k', value: 4, side: 'below', threshold: 10, readings: 2, since: 1, above: 30, below: 10, hysteresis: 1 },
      { state: 'clear', key: 'k', value: 11, side: 'below', since: 2, durationMs: 2, above: 30, below: 10, hysteresis: 1 },
    ],
  );
});

test('a run that switches side starts again', () => {
  assert.equal(timeline(make({ above: 30, below: 10, for: 2 }), [40, 5, 40, 40]), ['4:alert']);
});

test('property: alerts and clears alternate, each alert ends a run of `for` readings out, each clear is inside the band', () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 80 }), fc.integer({ min: 0, max: 6 }), fc.integer({ min: 1, max: 4 }), (xs, h, n) => {
      const [below, above] = [10, 30];
      const op = make({ above, below, hysteresis: h, for: n });
      let open = false;
      xs.forEach((x, i) => {
        for (const e of op.push(ev(i + 1, x))) {
          if (e.body.state === 'alert') {
            assert.not.ok(open, 'two alerts without a clear');
            const run = xs.slice(i + 1 - n, i + 1);
            const side = x > above ? 'above' : 'below';
            assert.ok(run.length === n && run.every((r) => (side === 'above' ? r > above : r < below)), `alert at ${i} after ${JSON.stringify(run)}`);
          } else {
            assert.ok(open, 'a clear without an alert');
            assert.ok(x <= above - h && x >= below + h, `clear at ${x} outside the band`);
          }
          open = e.body.state === 'alert';
        }
      });
    }),
    { numRuns: 500, seed: 3 },
  );
});

test('keys are independent; a key back to normal holds no state', () => {
  const op = make({ above: 80 });
  op.push(ev(1, 90, 'a'));
  op.push(ev(1, 50, 'b'));
  assert.equal(op.stats(), { keys: 1, buffered: 0, evicted: 0, skipped: 0 });
  op.push(ev(2, 50, 'a'));
  assert.is(op.stats().keys, 0);
});

test('missing or non-numeric readings are skipped and do not break a run', () => {
  const op = make({ above: 80, for: 2 });
  assert.equal(timeline(op, [90, null, 'hot', 90]), ['4:alert']);
  assert.is((op.stats() as { skipped?: number }).skipped, 2);
});

test('snapshot → JSON → restore mid-alert: the restored operator clears, never re-alerts', () => {
  const a = make({ above: 80, hysteresis: 5, for: 2 });
  assert.equal(timeline(a, [90, 91]), ['2:alert']);
  const b = make({ above: 80, hysteresis: 5, for: 2 }, JSON.parse(JSON.stringify(a.snapshot())));
  assert.equal(timeline(b, [92, 90, 74], 'k', 2), ['5:clear']);
  // mid-run: one reading out before the snapshot counts towards `for`
  const c = make({ above: 80, for: 2 });
  timeline(c, [90]);
  assert.equal(timeline(make({ above: 80, for: 2 }, JSON.parse(JSON.stringify(c.snapshot()))), [90], 'k', 1), ['2:alert']);
});

test('bounded keys: beyond maxKeys the least recently changed key is evicted and counted', () => {
  const op = threshold.create(Value.Default(threshold.params, { value: 't', above: 0, for: 2 }) as ThresholdParams, { compile, limits: { maxKeys: 3, maxBufferedPerKey: 1 } });
  for (const k of ['a', 'b', 'c', 'd', 'e']) op.push(ev(1, 5, k));
  assert.is(op.stats().keys, 3);
  assert.is(op.stats().evicted, 2);
  assert.equal(op.push(ev(2, 5, 'a')), [], 'a was evicted, so its run starts over');
  assert.is(op.push(ev(2, 5, 'e')).length, 1);
});

test('ids are deterministic: replaying the same input gives the same ids', () => {
  const run = () => [90, 50].flatMap((t, i) => make({ above: 80 }).push(ev(i + 1, t))).map((e) => e.id);
  assert.equal(run(), run());
});

test('check: limits, order and the hysteresis band', () => {
  const check = threshold.check!;
  assert.match(check({ value: 't', hysteresis: 0, for: 1 }).join(), /at least one limit/);
  assert.match(check({ value: 't', above: 10, below: 20, hysteresis: 0, for: 1 }).join(), /below: must be lower than above/);
  assert.match(check({ value: 't', above: 20, below: 10, hysteresis: 6, for: 1 }).join(), /no clear band/);
  assert.equal(check({ value: 't', above: 20, below: 10, hysteresis: 5, for: 1 }), []);
  assert.ok(Value.Check(threshold.params, { value: 't', above: 1, hysteresis: 0, for: 1 }));
  assert.not.ok(Value.Check(threshold.params, { value: 't', above: 1, hysteresis: -1, for: 1 }));
});

test('the value is an expression over the body and $key/$ts/$topic', () => {
  const op = threshold.create(Value.Default(threshold.params, { value: 'convert(t, "degF", "degC")', above: 100 }) as ThresholdParams, { compile, limits: LIMITS });
  assert.equal(timeline(op, [211, 213]), ['2:alert']);
});

test('the YAML example is a valid rule; an operator built from it restores to the same snapshot and stats', () => {
  const rule = (parse(threshold.example) as { patterns: Array<{ operator: string; params: unknown }> }).patterns[0]!;
  assert.is(rule.operator, 'threshold');
  const params = Value.Default(threshold.params, structuredClone(rule.params)) as ThresholdParams;
  assert.equal([...Value.Errors(threshold.params, params)], []);
  assert.equal(threshold.check!(params), []);
  const op = threshold.create(params, { compile, limits: LIMITS });
  const out = [200, 200, 200, 'x', 180, 30].flatMap((f, i) => op.push({ ...ev(i, null, 'b'), body: { temp_f: f } }));
  assert.equal(out.map((e) => e.body.state), ['alert', 'clear']);
  op.push({ ...ev(9, null, 'c'), body: { temp_f: 300 } });
  const state = JSON.parse(JSON.stringify(op.snapshot()));
  const again = threshold.create(params, { compile, limits: LIMITS, state });
  assert.equal(again.snapshot(), op.snapshot());
  assert.equal(again.stats(), op.stats());
});

test.run();
