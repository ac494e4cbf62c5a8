/** Contextual anomaly detector (cad): the detector contract, and novelty of an unseen value context. */

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cad } from '../../../src/online/anomaly/cad.ts';
import { detectorDef } from '../../../src/online/anomaly/registry.ts';
import type { Detector } from '../../../src/online/anomaly/types.ts';
import { anomalyFixture } from './fixture.ts';

function feed(d: Detector, rows: ReadonlyArray<Record<string, number>>): number[] {
  return rows.map((x) => {
    const s = d.scoreOne(x);
    d.learnOne(x);
    return s;
  });
}

const fx = anomalyFixture(11, 900);
const rows = fx.rows.map((r) => ({ value: r.value }));
/** A periodic pattern (period 8) the contexts learn completely, with one spike at row 700. */
const periodic = Array.from({ length: 900 }, (_, i) => ({ value: i === 700 ? 40 : [0, 2, 4, 6, 8, 6, 4, 2][i % 8]! }));

test('cad is in the registry with its defaults', () => {
  assert.is(detectorDef('cad'), cad as never);
  assert.is(cad.defaults.restPeriod, 150);
});

test('cad: scores stay in [0, 1] and the input is not mutated', () => {
  const d = cad.create({ rangeRows: 300 });
  const frozen = rows.map((r) => Object.freeze({ ...r }));
  const s = feed(d, frozen);
  assert.ok(s.every((x) => x >= 0 && x <= 1));
  assert.equal(frozen, rows);
});

test('cad: scoreOne does not change the state; two runs are identical (no randomness)', () => {
  const a = cad.create();
  const b = cad.create();
  feed(a, rows.slice(0, 300));
  feed(b, rows.slice(0, 300));
  const before = JSON.stringify(a.snapshot());
  const first = a.scoreOne({ value: 99 });
  assert.is(a.scoreOne({ value: 99 }), first);
  assert.is(JSON.stringify(a.snapshot()), before);
  assert.equal(feed(a, rows.slice(300, 600)), feed(b, rows.slice(300, 600)));
});

test('cad: snapshot/restore continues identically', () => {
  const a = cad.create({ rangeRows: 300 });
  feed(a, rows.slice(0, 500));
  const b = cad.create({ rangeRows: 300 }, { state: a.snapshot() });
  assert.equal(feed(b, rows.slice(500)), feed(a, rows.slice(500)));
});

test('cad: a learned periodic pattern scores 0; a spike in it scores highest', () => {
  const d = cad.create({ rangeRows: 300, restPeriod: 50 });
  const s = feed(d, periodic);
  assert.ok(Math.max(...s.slice(600, 700)) === 0, `quiet max ${Math.max(...s.slice(600, 700))}`);
  assert.ok(s[700]! > 0.3, `spike ${s[700]}`);
  assert.is(Math.max(...s.slice(600, 720)), Math.max(s[700]!, s[701]!));
});

test('cad: after a high score the output rests for restPeriod rows', () => {
  const quiet = cad.create({ rangeRows: 300, restPeriod: 50 });
  const resting = cad.create({ rangeRows: 300, restPeriod: 50, baseThreshold: 0.3 });
  const input = periodic.map((x, i) => (i === 720 ? { value: -30 } : x));
  assert.ok(feed(quiet, input)[720]! > 0.3, 'the dip alone scores');
  const s = feed(resting, input);
  assert.ok(s[700]! >= 0.3);
  assert.is(s[720], 0, 'muted within the rest period after the spike');
});

test('cad: ranks the fixture anomalies above normal rows (ROC AUC ≥ 0.5)', () => {
  const s = feed(cad.create({ rangeRows: 300 }), rows);
  const pos = s.filter((_, i) => fx.labels[i] === 1 && i >= 300);
  const neg = s.filter((_, i) => fx.labels[i] === 0 && i >= 300);
  let wins = 0;
  for (const p of pos) for (const n of neg) wins += p > n ? 1 : p === n ? 0.5 : 0;
  assert.ok(wins / (pos.length * neg.length) >= 0.5, `auc ${wins / (pos.length * neg.length)}`);
});

test('cad: stored contexts stay within maxContexts (bounded memory per key); unbounded it grows past it', () => {
  const noisy = anomalyFixture(5, 2000).rows.map((r, i) => ({ value: r.value + ((i * 7919) % 13) }));
  const contexts = (d: Detector): number => (d.snapshot() as { features: { value: { ctx: unknown[] } } }).features.value.ctx.length;
  const bounded = cad.create({ rangeRows: 300, maxContexts: 200 });
  const free = cad.create({ rangeRows: 300 });
  feed(bounded, noisy);
  feed(free, noisy);
  assert.ok(contexts(free) > 200, `the fixture must need more than 200 contexts (got ${contexts(free)})`);
  assert.ok(contexts(bounded) <= 200, `bounded: ${contexts(bounded)} contexts`);
});

test('cad: bad params are refused with the field named', () => {
  assert.throws(() => cad.create({ bits: 0 }), /cad\.bits/);
});

test.run();
