/** One simulated pump: a load cycle drives temperature (with thermal lag), vibration and current. */

import type { Fault, FaultKind, Reading } from './faults.ts';
import type { Rng } from './rng.ts';

export interface DeviceReading {
  /** Rounded to the sensor's precision: 2 decimals for °C and A, 3 for mm/s. */
  reading: Reading;
  /** The fault active at this time, or null (before onset, or a healthy device). */
  fault: FaultKind | null;
}

export interface SimDevice {
  /** The reading at `ts` (epoch ms); calls must come in non-decreasing `ts`. */
  read(ts: number): DeviceReading;
}

export interface DeviceOptions {
  /** Where the device's clock starts; the load cycle's phase counts from it. */
  startTs: number;
  fault?: { fault: Fault; onsetTs: number };
}

const LOAD_NOISE_TAU_S = 90; // slow load wander (flow demand), an Ornstein–Uhlenbeck process
const LOAD_NOISE_SD = 0.08;
const THERMAL_TAU_S = 120; // a motor housing warms with minutes of lag, not instantly

const round = (x: number, decimals: number): number => {
  const f = 10 ** decimals;
  return Math.round(x * f) / f;
};

/**
 * Draws the device's own baselines from `rng`, then keeps its state (load wander, housing
 * temperature) between reads, so noise is autocorrelated the way real sensors are.
 *
 * @example
 * const pump = createDevice(createRng(7), { startTs: 0 });
 * pump.read(500).reading.temperature; // ≈ 60
 */
export function createDevice(rng: Rng, opts: DeviceOptions): SimDevice {
  const tempBaseC = rng.between(57, 66);
  const vibrationBase = rng.between(1.5, 3);
  const currentBaseA = rng.between(10.5, 13.5);
  const loadPeriodMs = rng.between(240_000, 720_000);
  const loadPhase = rng.between(0, 2 * Math.PI);
  const fault = opts.fault;

  let lastTs: number | undefined;
  let loadNoise = LOAD_NOISE_SD * rng.normal();
  let housingC = NaN;

  function load(ts: number, dtS: number): number {
    const keep = Math.exp(-dtS / LOAD_NOISE_TAU_S);
    loadNoise = loadNoise * keep + LOAD_NOISE_SD * Math.sqrt(1 - keep * keep) * rng.normal();
    const cycle = 0.3 * Math.sin((2 * Math.PI * (ts - opts.startTs)) / loadPeriodMs + loadPhase);
    return Math.min(1, Math.max(0.05, 0.5 + cycle + loadNoise));
  }

  function clean(ts: number): Reading {
    const dtS = lastTs === undefined ? 0 : (ts - lastTs) / 1000;
    lastTs = ts;
    const l = load(ts, dtS);
    const targetC = tempBaseC + 8 * (l - 0.5);
    housingC = Number.isNaN(housingC) ? targetC : housingC + (targetC - housingC) * (1 - Math.exp(-dtS / THERMAL_TAU_S));
    return {
      temperature: housingC + 0.12 * rng.normal(),
      vibration: Math.max(0.05, vibrationBase * (0.85 + 0.3 * l) * (1 + 0.06 * rng.normal())),
      current: currentBaseA + 3 * (l - 0.5) + 0.08 * rng.normal(),
    };
  }

  return {
    read(ts) {
      let reading = clean(ts);
      let active: FaultKind | null = null;
      if (fault && ts >= fault.onsetTs) {
        reading = fault.fault.apply(reading, ts - fault.onsetTs);
        active = fault.fault.kind;
      }
      return {
        reading: {
          temperature: round(reading.temperature, 2),
          vibration: round(reading.vibration, 3),
          current: round(reading.current, 2),
        },
        fault: active,
      };
    },
  };
}
