/** A seeded fleet of simulated pumps with injected faults, driven by simulated time, events in ts order. */

import { createDevice, type SimDevice } from './device.ts';
import { FAULT_KINDS, FAULTS, SENSOR_FIELDS, type FaultKind, type SensorField } from './faults.ts';
import { createRng, deriveSeed } from './rng.ts';

export interface FleetOptions {
  /** Devices `pump-1` … `pump-N`. */
  devices: number;
  /** Events per second per device (may be fractional). */
  ratePerSec: number;
  /** Simulated time of the fleet's start, epoch ms. */
  startTs: number;
  seed: number;
  /** Faults to inject, dealt round-robin over the faulty devices; default all kinds. */
  faults?: FaultKind[];
  /** Share of devices that develop a fault, in [0, 1]; default 0.3. */
  faultFraction?: number;
  /** Onset range after `startTs`; default 20 s – 60 s. */
  faultOnset?: { minMs: number; maxMs: number };
  /** Timestamp jitter around the nominal period, as a share of it, in [0, 0.5); default 0.1. */
  jitter?: number;
}

export interface DevicePlan {
  id: string;
  fault: FaultKind | null;
  /** When the fault starts, epoch ms; null for a healthy device. */
  onsetTs: number | null;
  /** The frozen sensor of a `stuck` fault. */
  field?: SensorField;
}

/** The JSON body a device publishes. */
export interface TelemetryPayload {
  ts: number;
  temperature: number;
  vibration: number;
  current: number;
}

export interface TelemetryEvent {
  device: string;
  /** `devices/<id>/telemetry`. */
  topic: string;
  ts: number;
  payload: TelemetryPayload;
  /** The ground-truth label: the fault active at `ts`, or null. */
  fault: FaultKind | null;
}

export interface Fleet {
  /** Which device gets which fault, when. */
  readonly plan: readonly DevicePlan[];
  /** Timestamp of the event `next()` will return. */
  peekTs(): number;
  /** The next event in timestamp order (ties by device number); the stream never ends. */
  next(): TelemetryEvent;
  /** Every event with `ts ≤ untilTs`, in order. */
  until(untilTs: number): TelemetryEvent[];
}

/** Checks options field by field; throws a RangeError naming the field. */
function check(o: Required<FleetOptions>): void {
  const fail = (field: string, why: string): never => {
    throw new RangeError(`fleet.${field}: ${why}`);
  };
  if (!Number.isInteger(o.devices) || o.devices < 1) fail('devices', 'must be an integer ≥ 1');
  if (!(o.ratePerSec > 0) || !Number.isFinite(o.ratePerSec)) fail('ratePerSec', 'must be a number > 0');
  if (!Number.isFinite(o.startTs)) fail('startTs', 'must be a finite epoch ms');
  if (!(o.faultFraction >= 0 && o.faultFraction <= 1)) fail('faultFraction', 'must be in [0, 1]');
  if (o.faultFraction > 0 && o.faults.length === 0) fail('faults', 'must name at least one fault when faultFraction > 0');
  for (const f of o.faults) if (!FAULT_KINDS.includes(f)) fail('faults', `unknown fault "${f}" (known: ${FAULT_KINDS.join(', ')})`);
  const { minMs, maxMs } = o.faultOnset;
  if (!(minMs >= 0 && maxMs >= minMs)) fail('faultOnset', 'needs 0 ≤ minMs ≤ maxMs');
  if (!(o.jitter >= 0 && o.jitter < 0.5)) fail('jitter', 'must be in [0, 0.5)');
}

/**
 * Deals faults: a seeded shuffle picks round(fraction·N) devices, faults go round-robin over them,
 * and stuck sensors round-robin over the fields, so every (fault, field) pair shows up early.
 */
function planFleet(o: Required<FleetOptions>): DevicePlan[] {
  const rng = createRng(deriveSeed(o.seed, 'plan'));
  const order = Array.from({ length: o.devices }, (_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const plan: DevicePlan[] = order.map(() => ({ id: '', fault: null, onsetTs: null }));
  const faulty = Math.round(o.faultFraction * o.devices);
  let stuckCount = rng.int(SENSOR_FIELDS.length);
  order.forEach((device, rank) => {
    const entry = plan[device]!;
    entry.id = `pump-${device + 1}`;
    if (rank < faulty) {
      entry.fault = o.faults[rank % o.faults.length]!;
      entry.onsetTs = Math.round(o.startTs + rng.between(o.faultOnset.minMs, o.faultOnset.maxMs));
      if (entry.fault === 'stuck') entry.field = SENSOR_FIELDS[stuckCount++ % SENSOR_FIELDS.length]!;
    }
  });
  return plan;
}

/**
 * @example
 * const fleet = createFleet({ devices: 10, ratePerSec: 2, startTs: Date.UTC(2025, 0, 1), seed: 1 });
 * for (const e of fleet.until(Date.UTC(2025, 0, 1) + 60_000)) publish(e.topic, JSON.stringify(e.payload));
 */
export function createFleet(options: FleetOptions): Fleet {
  const o: Required<FleetOptions> = {
    faults: [...FAULT_KINDS],
    faultFraction: 0.3,
    faultOnset: { minMs: 20_000, maxMs: 60_000 },
    jitter: 0.1,
    ...options,
  };
  check(o);
  const plan = planFleet(o);
  const periodMs = 1000 / o.ratePerSec;
  const topics = plan.map((p) => `devices/${p.id}/telemetry`);
  const clocks = plan.map((_, i) => createRng(deriveSeed(o.seed, 'clock', i)));
  const phases = clocks.map((rng) => rng.uniform() * periodMs);
  const ticks = new Float64Array(plan.length); // events emitted so far, per device
  const devices: SimDevice[] = plan.map((p, i) => {
    if (p.fault === null || p.onsetTs === null) return createDevice(createRng(deriveSeed(o.seed, 'device', i)), { startTs: o.startTs });
    const fault = FAULTS[p.fault](createRng(deriveSeed(o.seed, 'fault', i)), p.field ?? 'temperature');
    return createDevice(createRng(deriveSeed(o.seed, 'device', i)), { startTs: o.startTs, fault: { fault, onsetTs: p.onsetTs } });
  });

  // Nominal time plus bounded jitter; jitter < period/2 keeps each device's timestamps in order.
  const scheduled = (i: number, last: number): number => {
    const nominal = o.startTs + phases[i]! + ticks[i]! * periodMs;
    const ts = Math.round(nominal + o.jitter * periodMs * (2 * clocks[i]!.uniform() - 1));
    return Math.max(ts, last);
  };

  // Binary min-heap of device numbers by (next ts, device number).
  const heap = Int32Array.from(plan.keys());
  const due = Float64Array.from(plan, (_, i) => scheduled(i, o.startTs));
  const before = (a: number, b: number): boolean => due[a]! < due[b]! || (due[a] === due[b] && a < b);
  const siftDown = (at: number): void => {
    for (;;) {
      const l = 2 * at + 1, r = l + 1;
      let best = at;
      if (l < heap.length && before(heap[l]!, heap[best]!)) best = l;
      if (r < heap.length && before(heap[r]!, heap[best]!)) best = r;
      if (best === at) return;
      [heap[at], heap[best]] = [heap[best]!, heap[at]!];
      at = best;
    }
  };
  for (let i = (heap.length >> 1) - 1; i >= 0; i--) siftDown(i);

  function next(): TelemetryEvent {
    const i = heap[0]!;
    const ts = due[i]!;
    const { reading, fault } = devices[i]!.read(ts);
    ticks[i]!++;
    due[i] = scheduled(i, ts);
    siftDown(0);
    return { device: plan[i]!.id, topic: topics[i]!, ts, payload: { ts, ...reading }, fault };
  }

  return {
    plan,
    peekTs: () => due[heap[0]!]!,
    next,
    until(untilTs) {
      const out: TelemetryEvent[] = [];
      while (due[heap[0]!]! <= untilTs) out.push(next());
      return out;
    },
  };
}
