/** Threshold filters as timelines: one row per window, scores in, events (E) and incident state out. */

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ThresholdConfig } from '../../../src/config/anomaly.ts';
import { createRng } from '../../../src/sim/rng.ts';
import { createThresholdFilter } from '../../../src/online/anomaly/threshold/filter.ts';
import { quantileLevel } from '../../../src/online/anomaly/threshold/quantile.ts';

const STEP_MS = 5000;
const base: ThresholdConfig = { policy: 'fixed', value: 0.8, quantile: 0.99, sigmas: 4, halfLife: 200, hysteresis: 0.1, cooldownMs: 0, warmup: 0 };

/** Runs scores through a fresh filter, one window every 5 s; returns a timeline: E fired, + active, . normal. */
function timeline(scores: number[], over: Partial<ThresholdConfig> = {}): string {
  const f = createThresholdFilter({ ...base, ...over });
  const s = f.init();
  return scores.map((score, i) => {
    const d = f.step(s, score, i * STEP_MS);
    return d.fire ? 'E' : d.active ? '+' : '.';
  }).join('');
}

test('fixed: a plateau above the threshold is one event, not one per window', () => {
  const plateau = [0.1, 0.2, 0.9, 0.95, 0.92, 0.97, 0.9, 0.3, 0.2];
  assert.is(timeline(plateau), '..E++++..');
});

test('hysteresis: dipping just under the threshold does not end the incident; falling below threshold − h does', () => {
  //                          0.75 ≥ 0.8 − 0.1: still active        0.65 < 0.7: ends, 0.85 is a new incident
  assert.is(timeline([0.9, 0.75, 0.85, 0.72, 0.65, 0.85]), 'E+++.E');
  assert.is(timeline([0.9, 0.75, 0.85, 0.72, 0.65, 0.85], { hysteresis: 0 }), 'E.E..E', 'without hysteresis every crossing is an event');
});

test('cool-down: after an incident ends, no new one opens until the cool-down has passed in event time', () => {
  const flapping = [0.9, 0.5, 0.9, 0.5, 0.9, 0.5, 0.5, 0.5, 0.9];
  assert.is(timeline(flapping), 'E.E.E...E', 'no cool-down: a storm');
  assert.is(timeline(flapping, { cooldownMs: 20_000 }), 'E.......E', 'ends at 5 s; closed until 25 s; the 0.9 at 40 s opens one');
});

test('warm-up: the first n windows are judged but never raised', () => {
  assert.is(timeline([0.9, 0.9, 0.9, 0.1, 0.9], { warmup: 3 }), '....E');
});

test('quantile: the line is the P² estimate of the key\'s own score distribution; a rare high score fires once', () => {
  const rng = createRng(3);
  const normal = Array.from({ length: 400 }, () => 0.1 + 0.2 * rng.uniform());
  // Hysteresis is in score units: below the spread of normal scores, so incidents end.
  const line = timeline([...normal, 0.05, 0.05, 0.9, 0.95, 0.9, 0.1, 0.1], { policy: 'quantile', quantile: 0.99, value: 0, hysteresis: 0.05, warmup: 50 });
  assert.is(line.slice(400), '..E++..');
  const falseEvents = line.slice(0, 400).split('E').length - 1;
  assert.ok(falseEvents <= 8, `a 0.99 quantile raises about 1% of normal windows: ${falseEvents}`);
});

test('adaptive: the line follows the key\'s normal noise (mean + k·std) and an incident does not raise it', () => {
  const f = createThresholdFilter({ ...base, policy: 'adaptive', value: 0, sigmas: 4, halfLife: 50, warmup: 20 });
  const s = f.init();
  const rng = createRng(5);
  let last = 0;
  for (let i = 0; i < 300; i++) last = f.step(s, 0.3 + 0.02 * rng.normal(), i * STEP_MS).threshold;
  assert.ok(last > 0.33 && last < 0.45, `threshold ${last}`);
  const during = [0.9, 0.9, 0.9, 0.9].map((x, i) => f.step(s, x, (300 + i) * STEP_MS));
  assert.equal(during.map((d) => d.fire), [true, false, false, false]);
  assert.is(during[3]!.threshold, during[0]!.threshold, 'frozen during the incident');
});

test('P² quantile estimate is close to the exact quantile of a seeded stream (brute-force reference)', () => {
  for (const [seed, q] of [[1, 0.5], [2, 0.9], [3, 0.99]] as const) {
    const rng = createRng(seed);
    const policy = quantileLevel({ value: 0, quantile: q });
    const s = policy.init();
    const xs = Array.from({ length: 5000 }, () => rng.uniform() ** 2);
    for (const x of xs) policy.learn(s, x, false);
    const exact = [...xs].sort((a, b) => a - b)[Math.floor(q * (xs.length - 1))]!;
    assert.ok(Math.abs(policy.level(s) - exact) < 0.02, `q=${q}: P² ${policy.level(s)} vs exact ${exact}`);
    assert.is(s.q.length, 5, 'constant memory: five markers');
  }
});

test('snapshot mid-stream → JSON → continue gives the same decisions (every policy)', () => {
  const rng = createRng(9);
  const scores = Array.from({ length: 300 }, (_, i) => (i % 97 === 50 ? 0.95 : 0.2 + 0.1 * rng.uniform()));
  for (const policy of ['fixed', 'quantile', 'adaptive'] as const) {
    const cfg = { ...base, policy, value: policy === 'fixed' ? 0.8 : 0, warmup: 30, cooldownMs: 30_000 };
    const f = createThresholdFilter(cfg);
    const a = f.init();
    const all = scores.map((x, i) => f.step(a, x, i * STEP_MS));
    const b0 = f.init();
    scores.slice(0, 150).forEach((x, i) => f.step(b0, x, i * STEP_MS));
    const b = JSON.parse(JSON.stringify(b0));
    const rest = scores.slice(150).map((x, i) => f.step(b, x, (150 + i) * STEP_MS));
    assert.equal(rest, all.slice(150), policy);
    assert.ok(all.some((d) => d.fire), `${policy} fires on the injected spikes`);
  }
});

test.run();
