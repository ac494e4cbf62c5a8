/**
 * Bench traffic from the fleet simulator: the same seed gives the same messages in every process,
 * so the load generator and the in-process bench feed identical payloads.
 */

import { createFleet } from '../src/sim/fleet.ts';

export interface Telemetry {
  /** Device id per message (`pump-17`). */
  devices: string[];
  /** `{"ts":…,"temperature":…,"vibration":…,"current":…}` as sent by a device. */
  payloads: Buffer[];
}

export interface TrafficOptions {
  devices: number;
  /** Events per second per device, in simulated event time. */
  ratePerSec: number;
  count: number;
  seed?: number;
}

/** Simulated start of the bench's event time: a fixed instant, so runs are repeatable. */
export const BENCH_START_TS = Date.UTC(2025, 0, 1);

/** `count` messages of a fleet, in event-time order (what a broker would see from it). */
export function fleetTelemetry(opts: TrafficOptions): Telemetry {
  const fleet = createFleet({ devices: opts.devices, ratePerSec: opts.ratePerSec, startTs: BENCH_START_TS, seed: opts.seed ?? 7 });
  const devices: string[] = new Array(opts.count);
  const payloads: Buffer[] = new Array(opts.count);
  for (let i = 0; i < opts.count; i++) {
    const e = fleet.next();
    devices[i] = e.device;
    payloads[i] = Buffer.from(JSON.stringify(e.payload));
  }
  return { devices, payloads };
}

/**
 * Readings without their time, for a live publisher that stamps `ts` at send time: each entry is
 * the payload's tail after `"ts":<n>`, so a message is `{"ts":` + now + tail.
 */
export function readingTails(opts: { devices: number; count: number; seed?: number }): string[] {
  const fleet = createFleet({ devices: opts.devices, ratePerSec: 10, startTs: BENCH_START_TS, seed: opts.seed ?? 11 });
  const tails: string[] = new Array(opts.count);
  for (let i = 0; i < opts.count; i++) {
    const { ts: _ts, ...reading } = fleet.next().payload;
    tails[i] = JSON.stringify(reading).replace(/^\{/, ',');
  }
  return tails;
}
