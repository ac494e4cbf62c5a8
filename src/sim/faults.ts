/** The fault table: how each injected fault bends a device's clean readings after its onset. */

import type { Rng } from './rng.ts';

export const FAULT_KINDS = ['wear', 'overheat', 'stuck'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export const SENSOR_FIELDS = ['temperature', 'vibration', 'current'] as const;
export type SensorField = (typeof SENSOR_FIELDS)[number];

/** One reading of the three sensors, before rounding. */
export type Reading = Record<SensorField, number>;

/** A fault drawn for one device: severity fixed at plan time, state (a frozen value) kept inside. */
export interface Fault {
  readonly kind: FaultKind;
  /** Which sensor a `stuck` fault freezes; undefined for the others. */
  readonly field: SensorField | undefined;
  /** The reading `sinceOnsetMs` after onset (≥ 0), given the clean one. */
  apply(clean: Reading, sinceOnsetMs: number): Reading;
}

/** Draws one device's fault; `field` is the sensor a `stuck` fault freezes (the plan deals it). */
type FaultFactory = (rng: Rng, field: SensorField) => Fault;

const clamp01 = (x: number): number => (x < 0 ? 0 : x > 1 ? 1 : x);

/**
 * Bearing wear: defects grow, so vibration rises in level and in spread (broadband noise plus
 * impacts, the classic rolling-element signature), and friction warms the housing slightly.
 * Compressed from weeks to minutes so a demo shows it.
 */
const wear: FaultFactory = (rng) => {
  const rampMs = rng.between(60_000, 180_000);
  const gain = rng.between(0.8, 1.6);
  return {
    kind: 'wear',
    field: undefined,
    apply(clean, sinceOnsetMs) {
      const p = clamp01(sinceOnsetMs / rampMs);
      const spread = clean.vibration * 0.35 * gain * p * rng.normal();
      const impact = rng.uniform() < 0.1 * p ? clean.vibration * gain * p * rng.between(0.5, 1.5) : 0;
      return {
        temperature: clean.temperature + 3 * p,
        vibration: Math.max(0.05, clean.vibration * (1 + gain * p) + spread + impact),
        current: clean.current + 0.3 * p,
      };
    },
  };
};

/** Overheating (failed cooling fan, blocked vent): temperature ramps 15–40 °C, current creeps up. */
const overheat: FaultFactory = (rng) => {
  const riseC = rng.between(15, 40);
  const rampMs = rng.between(90_000, 240_000);
  const currentRiseA = rng.between(0.5, 2);
  return {
    kind: 'overheat',
    field: undefined,
    apply(clean, sinceOnsetMs) {
      const p = clamp01(sinceOnsetMs / rampMs);
      return { ...clean, temperature: clean.temperature + riseC * p, current: clean.current + currentRiseA * p };
    },
  };
};

/** A stuck sensor (frozen ADC, dead transmitter) repeats the value it read at onset, exactly. */
const stuck: FaultFactory = (_rng, field) => {
  let frozen: number | undefined;
  return {
    kind: 'stuck',
    field,
    apply(clean) {
      frozen ??= clean[field];
      return { ...clean, [field]: frozen };
    },
  };
};

export const FAULTS: Record<FaultKind, FaultFactory> = { wear, overheat, stuck };

export function isFaultKind(name: string): name is FaultKind {
  return (FAULT_KINDS as readonly string[]).includes(name);
}
