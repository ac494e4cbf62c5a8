/** The fleet generator: seeded, ordered, labelled, at the asked rate, with faults that look like their names. */

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createFleet, type FleetOptions, type TelemetryEvent } from '../../src/sim/fleet.ts';

const START = Date.UTC(2025, 0, 1);
const base: FleetOptions = { devices: 12, ratePerSec: 2, startTs: START, seed: 7 };

const run = (opts: Partial<FleetOptions>, untilMs: number): TelemetryEvent[] =>
  createFleet({ ...base, ...opts }).until(START + untilMs);

const byDevice = (events: TelemetryEvent[], id: string): TelemetryEvent[] => events.filter((e) => e.device === id);

const stats = (xs: number[]): { mean: number; std: number } => {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  return { mean, std: Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length) };
};

test('same seed, same events; another seed, other events', () => {
  assert.equal(run({}, 30_000), run({}, 30_000));
  assert.not.equal(run({ seed: 8 }, 30_000).map((e) => e.payload), run({}, 30_000).map((e) => e.payload));
});

test("a device's signal does not depend on how many devices the fleet has", () => {
  const small = byDevice(run({ devices: 3, faultFraction: 0 }, 20_000), 'pump-2');
  const large = byDevice(run({ devices: 9, faultFraction: 0 }, 20_000), 'pump-2');
  assert.equal(small, large);
});

test('events come in timestamp order, payload ts = event ts, topic per device', () => {
  const events = run({}, 60_000);
  for (let i = 1; i < events.length; i++) assert.ok(events[i]!.ts >= events[i - 1]!.ts, `event ${i} out of order`);
  for (const e of events) {
    assert.is(e.payload.ts, e.ts);
    assert.is(e.topic, `devices/${e.device}/telemetry`);
    assert.ok(Number.isInteger(e.ts));
  }
  assert.equal(new Set(events.map((e) => e.device)), new Set(Array.from({ length: 12 }, (_, i) => `pump-${i + 1}`)));
});

test('until() stops at its bound; next() and later calls carry on without gaps', () => {
  const fleet = createFleet(base);
  const first = fleet.until(START + 10_000);
  assert.ok(first.every((e) => e.ts <= START + 10_000));
  const due = fleet.peekTs();
  assert.ok(due > START + 10_000);
  const one = fleet.next();
  assert.is(one.ts, due);
  assert.equal([...first, one, ...fleet.until(START + 30_000)], run({}, 30_000));
});

test('each device publishes at the asked rate', () => {
  for (const ratePerSec of [0.5, 2, 10]) {
    const events = run({ ratePerSec }, 60_000);
    for (let d = 1; d <= 12; d++) {
      const n = byDevice(events, `pump-${d}`).length;
      assert.ok(Math.abs(n - 60 * ratePerSec) <= 1, `pump-${d} at ${ratePerSec}/s sent ${n} in 60 s`);
    }
  }
});

test('readings sit in their physical ranges, rounded to 2–3 decimals', () => {
  for (const e of run({ faultFraction: 0 }, 120_000)) {
    const { temperature, vibration, current } = e.payload;
    assert.ok(temperature > 45 && temperature < 75, `temperature ${temperature}`);
    assert.ok(vibration > 0.5 && vibration < 5, `vibration ${vibration}`);
    assert.ok(current > 7 && current < 17, `current ${current}`);
    assert.is(Math.round(temperature * 100) / 100, temperature);
    assert.is(Math.round(vibration * 1000) / 1000, vibration);
    assert.is(Math.round(current * 100) / 100, current);
  }
});

test('fault fraction, mix and onset range decide the plan; labels follow the onset', () => {
  const fleet = createFleet({ ...base, devices: 20, faultFraction: 0.3, faults: ['wear', 'overheat'], faultOnset: { minMs: 20_000, maxMs: 40_000 } });
  const faulty = fleet.plan.filter((p) => p.fault !== null);
  assert.is(faulty.length, 6);
  assert.equal(faulty.filter((p) => p.fault === 'wear').length, 3);
  for (const p of faulty) assert.ok(p.onsetTs! >= START + 20_000 && p.onsetTs! <= START + 40_000, `${p.id} onset`);
  const plan = new Map(fleet.plan.map((p) => [p.id, p]));
  for (const e of fleet.until(START + 60_000)) {
    const p = plan.get(e.device)!;
    assert.is(e.fault, p.onsetTs !== null && e.ts >= p.onsetTs ? p.fault : null, `${e.device}@${e.ts - START}`);
  }
});

test('a healthy fleet has no labels', () => {
  assert.ok(run({ faultFraction: 0 }, 60_000).every((e) => e.fault === null));
});

test('stuck: the frozen sensor repeats one value exactly, the others keep moving', () => {
  const fleet = createFleet({ ...base, devices: 6, faults: ['stuck'], faultFraction: 1, faultOnset: { minMs: 10_000, maxMs: 10_000 } });
  const events = fleet.until(START + 60_000);
  const fields = new Set<string>();
  for (const p of fleet.plan) {
    const field = p.field!;
    fields.add(field);
    const after = byDevice(events, p.id).filter((e) => e.fault === 'stuck');
    assert.ok(after.length > 90);
    assert.is(new Set(after.map((e) => e.payload[field])).size, 1, `${p.id} ${field}`);
    for (const other of ['temperature', 'vibration', 'current'] as const) {
      if (other !== field) assert.ok(new Set(after.map((e) => e.payload[other])).size > 10, `${p.id} ${other} moves`);
    }
  }
  assert.is(fields.size, 3, 'stuck fields are dealt round-robin');
});

test('wear raises vibration level and spread; overheat raises temperature by 15–40 °C', () => {
  const onset = { minMs: 60_000, maxMs: 60_000 };
  const events = run({ devices: 4, faults: ['wear', 'overheat'], faultFraction: 1, faultOnset: onset }, 60_000 + 300_000);
  const fleet = createFleet({ ...base, devices: 4, faults: ['wear', 'overheat'], faultFraction: 1, faultOnset: onset });
  for (const p of fleet.plan) {
    const mine = byDevice(events, p.id);
    const before = mine.filter((e) => e.ts < START + 60_000);
    const late = mine.filter((e) => e.ts >= START + 300_000);
    if (p.fault === 'wear') {
      const [b, l] = [stats(before.map((e) => e.payload.vibration)), stats(late.map((e) => e.payload.vibration))];
      assert.ok(l.mean > 1.5 * b.mean, `${p.id} vibration mean ${b.mean} → ${l.mean}`);
      assert.ok(l.std > 3 * b.std, `${p.id} vibration std ${b.std} → ${l.std}`);
    } else {
      const rise = stats(late.map((e) => e.payload.temperature)).mean - stats(before.map((e) => e.payload.temperature)).mean;
      assert.ok(rise > 12 && rise < 45, `${p.id} temperature rise ${rise}`);
    }
  }
});

test('bad options are rejected naming the field', () => {
  assert.throws(() => createFleet({ ...base, devices: 0 }), /fleet\.devices/);
  assert.throws(() => createFleet({ ...base, ratePerSec: 0 }), /fleet\.ratePerSec/);
  assert.throws(() => createFleet({ ...base, faultFraction: 1.5 }), /fleet\.faultFraction/);
  assert.throws(() => createFleet({ ...base, faultOnset: { minMs: 5, maxMs: 1 } }), /fleet\.faultOnset/);
  assert.throws(() => createFleet({ ...base, faults: ['melt' as never] }), /fleet\.faults: unknown fault "melt"/);
});

test.run();
