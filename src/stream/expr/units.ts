/**
 * Unit conversion by table: every unit is `base = value · factor + offset` in its dimension's SI
 * base (K, m, kg, Pa, m/s, J, W, s, m³). Factors are the exact definitions (NIST SP 811, App. B).
 */

import { ExprError, suggest } from './errors.ts';

interface Unit {
  dim: string;
  factor: number;
  offset?: number;
}

const INCH = 0.0254;
const FOOT = 0.3048;
const MILE = 1609.344;
const POUND = 0.45359237;
const G = 9.80665;

export const UNITS: Readonly<Record<string, Unit>> = Object.freeze({
  // temperature: K = °C + 273.15; K = (°F + 459.67) · 5/9
  K: { dim: 'temperature', factor: 1 },
  degC: { dim: 'temperature', factor: 1, offset: 273.15 },
  degF: { dim: 'temperature', factor: 5 / 9, offset: (459.67 * 5) / 9 },
  // length
  m: { dim: 'length', factor: 1 },
  km: { dim: 'length', factor: 1000 },
  cm: { dim: 'length', factor: 0.01 },
  mm: { dim: 'length', factor: 0.001 },
  in: { dim: 'length', factor: INCH },
  ft: { dim: 'length', factor: FOOT },
  yd: { dim: 'length', factor: 3 * FOOT },
  mi: { dim: 'length', factor: MILE },
  nmi: { dim: 'length', factor: 1852 },
  // mass
  kg: { dim: 'mass', factor: 1 },
  g: { dim: 'mass', factor: 0.001 },
  mg: { dim: 'mass', factor: 1e-6 },
  t: { dim: 'mass', factor: 1000 },
  lb: { dim: 'mass', factor: POUND },
  oz: { dim: 'mass', factor: POUND / 16 },
  // pressure
  Pa: { dim: 'pressure', factor: 1 },
  hPa: { dim: 'pressure', factor: 100 },
  kPa: { dim: 'pressure', factor: 1000 },
  MPa: { dim: 'pressure', factor: 1e6 },
  bar: { dim: 'pressure', factor: 1e5 },
  mbar: { dim: 'pressure', factor: 100 },
  atm: { dim: 'pressure', factor: 101325 },
  psi: { dim: 'pressure', factor: (POUND * G) / (INCH * INCH) },
  mmHg: { dim: 'pressure', factor: 133.322387415 },
  inHg: { dim: 'pressure', factor: 3386.389 },
  // speed
  'm/s': { dim: 'speed', factor: 1 },
  'km/h': { dim: 'speed', factor: 1000 / 3600 },
  mph: { dim: 'speed', factor: MILE / 3600 },
  kn: { dim: 'speed', factor: 1852 / 3600 },
  'ft/s': { dim: 'speed', factor: FOOT },
  // energy
  J: { dim: 'energy', factor: 1 },
  kJ: { dim: 'energy', factor: 1000 },
  MJ: { dim: 'energy', factor: 1e6 },
  Wh: { dim: 'energy', factor: 3600 },
  kWh: { dim: 'energy', factor: 3.6e6 },
  cal: { dim: 'energy', factor: 4.184 },
  kcal: { dim: 'energy', factor: 4184 },
  BTU: { dim: 'energy', factor: 1055.05585262 },
  // power
  W: { dim: 'power', factor: 1 },
  kW: { dim: 'power', factor: 1000 },
  MW: { dim: 'power', factor: 1e6 },
  hp: { dim: 'power', factor: 745.69987158227022 },
  // time
  ms: { dim: 'time', factor: 0.001 },
  s: { dim: 'time', factor: 1 },
  min: { dim: 'time', factor: 60 },
  h: { dim: 'time', factor: 3600 },
  d: { dim: 'time', factor: 86400 },
  // volume
  'm3': { dim: 'volume', factor: 1 },
  L: { dim: 'volume', factor: 0.001 },
  mL: { dim: 'volume', factor: 1e-6 },
  gal: { dim: 'volume', factor: 3.785411784e-3 },
});

function unit(name: string, col?: number): Unit {
  if (!Object.hasOwn(UNITS, name)) {
    throw new ExprError(`unknown unit '${name}'`, col, suggest(name, Object.keys(UNITS)) ?? 'see docs/EXPRESSIONS.md for the unit table');
  }
  return UNITS[name]!;
}

/** A converter between two units; throws ExprError for unknown or incompatible units (compile time when literal). */
export function converter(from: string, to: string, col?: number): (x: number) => number {
  const a = unit(from, col);
  const b = unit(to, col);
  if (a.dim !== b.dim) throw new ExprError(`cannot convert ${a.dim} (${from}) to ${b.dim} (${to})`, col);
  const offA = a.offset ?? 0;
  const offB = b.offset ?? 0;
  if (from === to) return (x) => x;
  // 15 significant digits: drops the binary noise of the factors (0 °C → 32 °F, not 32.00000000000006)
  // and keeps far more precision than any sensor has
  return (x) => {
    const y = (x * a.factor + offA - offB) / b.factor;
    return Number.isFinite(y) ? Number(y.toPrecision(15)) : y;
  };
}
