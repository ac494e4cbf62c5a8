/** PMML values at scoring time: the data types we read, parsing, casting and comparison (PMML 4.4 "Data Types"). */

import { parseDate, parseDateTime, parseTime, SECONDS_PER_DAY, yearStartDay } from './dates.ts';
import { refuse } from './dom.ts';
import type { El } from './xml.ts';

/** A field value: numbers for integer/float/double (float kept rounded to float32), null for missing. */
export type Value = number | string | boolean | null;
/** One row's working memory: a slot per field; `undefined` means "not computed yet" (lazy fields). */
export type Frame = Array<Value | undefined>;
export type Getter = (f: Frame) => Value;

export const DATA_TYPES = [
  'string', 'integer', 'float', 'double', 'boolean', 'date', 'time', 'dateTime',
  'dateDaysSince[0]', 'dateDaysSince[1960]', 'dateDaysSince[1970]', 'dateDaysSince[1980]', 'timeSeconds',
  'dateTimeSecondsSince[0]', 'dateTimeSecondsSince[1960]', 'dateTimeSecondsSince[1970]', 'dateTimeSecondsSince[1980]',
] as const;
export type DataType = (typeof DATA_TYPES)[number];
export type OpType = 'continuous' | 'categorical' | 'ordinal';

/** A failure of one row (e.g. invalidValueTreatment="returnInvalid"): the row scores NaN, the model stays up. */
export class EvalError extends Error {
  override readonly name = 'EvalError';
}

/** The dataType attribute. Dates, times and dateTimes are ISO text; the …Since and timeSeconds types are counts. */
export function dataTypeAttr(el: El, name = 'dataType'): DataType | undefined {
  const v = el.attrs[name];
  if (v === undefined) return undefined;
  if (!(DATA_TYPES as readonly string[]).includes(v)) throw refuse(el, `${name}="${v}" is not supported yet (supported: ${DATA_TYPES.join(', ')})`);
  return v as DataType;
}

export function opTypeAttr(el: El, name = 'optype'): OpType | undefined {
  const v = el.attrs[name];
  if (v === undefined) return undefined;
  if (v !== 'continuous' && v !== 'categorical' && v !== 'ordinal') throw refuse(el, `${name}="${v}" is not a PMML optype`);
  return v;
}

/** Numbers the way Java's Double.parseDouble reads them (what JPMML and most exporters use). */
function parseDouble(s: string): number | undefined {
  const t = s.trim();
  if (t === '') return undefined;
  if (t === 'NaN') return NaN;
  if (/^[+-]?(Infinity|INF)$/.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return undefined;
  return Number(t);
}

/** Parses text (a CSV cell, an attribute) as `type`; undefined when it is not a value of that type. */
export function parseAs(type: DataType, s: string): Value | undefined {
  switch (type) {
    case 'string':
      return s;
    case 'double':
      return parseDouble(s);
    case 'float': {
      const n = parseDouble(s);
      return n === undefined ? undefined : Math.fround(n);
    }
    case 'integer': {
      // "3.0" is an integer too; "3.5" is not a value of an integer field
      const n = parseDouble(s);
      return n !== undefined && Number.isInteger(n) ? n : undefined;
    }
    case 'boolean': {
      const t = s.trim().toLowerCase();
      if (t === 'true' || t === '1') return true;
      if (t === 'false' || t === '0') return false;
      return undefined;
    }
    case 'date':
      return parseDate(s) === undefined ? undefined : s.trim();
    case 'time':
      return parseTime(s) === undefined ? undefined : s.trim();
    case 'dateTime':
      return parseDateTime(s) === undefined ? undefined : s.trim();
    default:
      return parseCount(type, s);
  }
}

/**
 * A dateDaysSince[Y], timeSeconds or dateTimeSecondsSince[Y] value: an integer count, or ISO text
 * converted to the count since Y-01-01 (midnight for timeSeconds).
 */
function parseCount(type: DataType, s: string): number | undefined {
  const n = parseDouble(s);
  if (n !== undefined) return Number.isInteger(n) ? n : undefined;
  if (type === 'timeSeconds') return parseTime(s);
  const year = Number(/\[(\d+)\]/.exec(type)?.[1] ?? NaN);
  if (type.startsWith('dateDaysSince')) {
    const d = parseDate(s) ?? (parseDateTime(s) === undefined ? undefined : Math.floor(parseDateTime(s)! / SECONDS_PER_DAY));
    return d === undefined ? undefined : d - yearStartDay(year);
  }
  const t = parseDateTime(s);
  return t === undefined ? undefined : t - yearStartDay(year) * SECONDS_PER_DAY;
}

/** Converts a computed value to `type` (a DerivedField or OutputField dataType); undefined when impossible. */
export function castTo(type: DataType, v: Value): Value | undefined {
  if (v === null) return null;
  if (typeof v === 'string') return parseAs(type, v);
  switch (type) {
    case 'string':
      return format(v);
    case 'double':
      return typeof v === 'number' ? v : v ? 1 : 0;
    case 'float':
      return typeof v === 'number' ? Math.fround(v) : v ? 1 : 0;
    case 'integer':
      if (typeof v === 'boolean') return v ? 1 : 0;
      return Number.isInteger(v) ? v : undefined;
    case 'boolean':
      if (typeof v === 'boolean') return v;
      return v === 1 ? true : v === 0 ? false : undefined;
    case 'date':
    case 'time':
    case 'dateTime':
      return undefined;
    default:
      // Counts: an integer number is already one.
      return typeof v === 'number' && Number.isInteger(v) ? v : undefined;
  }
}

/** The data type of a literal without a declared type: integer, then double, else string (PMML 4.4 "Constant"). */
export function inferType(s: string): DataType {
  if (/^[+-]?\d+$/.test(s.trim())) return 'integer';
  return parseDouble(s) === undefined ? 'string' : 'double';
}

export function typeOfValue(v: Value): DataType | undefined {
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'double';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'boolean';
  return undefined;
}

/** Text form of a value: category keys, string casts. Integral numbers print without a fraction. */
export function format(v: Value): string {
  if (v === null) return '';
  return String(v);
}

/** A category's key in probability maps: the text form, so "1", 1 and 1.0 are one category. */
export function keyOf(v: Value): string {
  return typeof v === 'string' ? v : String(v);
}

export function asNumber(v: Value): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string') {
    const n = parseDouble(v);
    if (n !== undefined) return n;
  }
  throw new EvalError(`"${String(v)}" is not a number`);
}

/** Parses a literal against the type of the field it is compared with; the runtime value's type when unknown. */
function literalFor(type: DataType | undefined, s: string, v: Value): Value | undefined {
  return parseAs(type ?? typeOfValue(v) ?? 'string', s);
}

/**
 * `field == literal` (SimplePredicate equal, SimpleSetPredicate, CategoricalPredictor): the literal
 * is parsed as the field's type once at load time, so a double field equals "1" and "1.0" alike.
 */
export function equalsLiteral(type: DataType | undefined, s: string): (v: Value) => boolean {
  if (type !== undefined) {
    const c = parseAs(type, s);
    if (c === undefined) return () => false;
    if (type === 'string') return (v) => v === c || (typeof v !== 'string' && v !== null && format(v) === c);
    return (v) => v === c || (typeof v === 'string' && parseAs(type, v) === c);
  }
  return (v) => v !== null && literalFor(undefined, s, v) === v;
}

/**
 * The order of `field` relative to a literal, negative / zero / positive, NaN when incomparable.
 * Ordinal fields order by their declared Values (PMML 4.4 "DataDictionary", ordinal optype).
 */
export function compareLiteral(type: DataType | undefined, s: string, ordering?: readonly Value[]): (v: Value) => number {
  if (ordering && ordering.length) {
    const at = (v: Value): number => ordering.findIndex((o) => o === v || (v !== null && keyOf(o) === keyOf(v)));
    const c = at(type ? (parseAs(type, s) ?? null) : s);
    return (v) => {
      const i = at(v);
      return i < 0 || c < 0 ? NaN : i - c;
    };
  }
  if (type === 'double' || type === 'float' || type === 'integer') {
    const c = parseAs(type === 'integer' ? 'double' : type, s);
    if (typeof c !== 'number') return () => NaN;
    return (v) => (typeof v === 'number' ? v - c : asNumber(v) - c);
  }
  return (v) => compareValues(v, literalFor(type, s, v) ?? null);
}

/** Generic order of two values of the same kind (numbers, strings, booleans); NaN when incomparable. */
export function compareValues(a: Value, b: Value): number {
  if (a === null || b === null) return NaN;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  if (typeof a === 'string' || typeof b === 'string') {
    try {
      return asNumber(a) - asNumber(b);
    } catch {
      return NaN;
    }
  }
  return asNumber(a) - asNumber(b);
}

/** Equality of two computed values across kinds ("1" equals 1), as used by Apply's equal and MapValues. */
export function sameValue(a: Value, b: Value): boolean {
  if (a === b) return true;
  if (a === null || b === null) return false;
  if (typeof a === typeof b) return false;
  return keyOf(a) === keyOf(b) || compareValues(a, b) === 0;
}
