/**
 * Built-in functions of Apply (PMML 4.4 "Built-in Functions"): arithmetic, math, comparison,
 * boolean, `if`, missing tests and a few string functions. One table, name → arity and body.
 */

import { formatDatetime, parseDateTime, parseTime, SECONDS_PER_DAY, yearStartDay } from './dates.ts';
import { normalCdf } from './math.ts';
import { asNumber, compareValues, EvalError, format, sameValue, type Value } from './values.ts';

export interface Builtin {
  /** Argument count: exact, or [min, max] (max Infinity for variadic). */
  readonly arity: number | readonly [number, number];
  /**
   * True when the function looks at missing arguments itself (isMissing, if, …); otherwise any
   * missing argument makes the result missing ("If one of the input fields of a function is a
   * missing value, then the function returns a missing value", PMML 4.4 "Apply").
   */
  readonly seesMissing?: boolean;
  readonly fn: (args: Value[]) => Value;
}

const n = asNumber;
const math1 = (f: (x: number) => number): Builtin => ({ arity: 1, fn: (a) => finite(f(n(a[0]!))) });
const math2 = (f: (x: number, y: number) => number): Builtin => ({ arity: 2, fn: (a) => finite(f(n(a[0]!), n(a[1]!))) });
const cmp = (test: (order: number) => boolean): Builtin => ({
  arity: 2,
  fn: (a) => {
    const order = compareValues(a[0]!, a[1]!);
    if (Number.isNaN(order)) throw new EvalError(`cannot compare ${format(a[0]!)} with ${format(a[1]!)}`);
    return test(order);
  },
});
const bool = (v: Value): boolean => {
  if (typeof v === 'boolean') return v;
  if (v === 1 || v === 0) return v === 1;
  throw new EvalError(`${format(v)} is not a boolean`);
};
const numbers = (a: Value[]): number[] => a.map(n);

/** A NaN result (log of a negative, 0/0) is an invalid value, not a number to carry on with. */
function finite(x: number): number {
  if (Number.isNaN(x)) throw new EvalError('the function result is not a number');
  return x;
}

/** Java's Math.rint: round half to even. */
function rint(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export const BUILTINS: Readonly<Record<string, Builtin>> = {
  '+': math2((x, y) => x + y),
  '-': math2((x, y) => x - y),
  '*': math2((x, y) => x * y),
  '/': math2((x, y) => x / y),
  min: { arity: [1, Infinity], fn: (a) => Math.min(...numbers(a)) },
  max: { arity: [1, Infinity], fn: (a) => Math.max(...numbers(a)) },
  sum: { arity: [1, Infinity], fn: (a) => numbers(a).reduce((s, x) => s + x, 0) },
  avg: { arity: [1, Infinity], fn: (a) => numbers(a).reduce((s, x) => s + x, 0) / a.length },
  product: { arity: [1, Infinity], fn: (a) => numbers(a).reduce((s, x) => s * x, 1) },
  median: { arity: [1, Infinity], fn: (a) => median(numbers(a)) },
  log10: math1(Math.log10),
  ln: math1(Math.log),
  log1p: math1(Math.log1p),
  exp: math1(Math.exp),
  expm1: math1(Math.expm1),
  sqrt: math1(Math.sqrt),
  abs: math1(Math.abs),
  pow: math2(Math.pow),
  threshold: math2((x, y) => (x > y ? 1 : 0)),
  floor: math1(Math.floor),
  ceil: math1(Math.ceil),
  round: math1((x) => Math.floor(x + 0.5)),
  rint: math1(rint),
  modulo: math2((x, y) => x - Math.floor(x / y) * y),
  sin: math1(Math.sin),
  cos: math1(Math.cos),
  tan: math1(Math.tan),
  asin: math1(Math.asin),
  acos: math1(Math.acos),
  atan: math1(Math.atan),
  atan2: math2(Math.atan2),
  sinh: math1(Math.sinh),
  cosh: math1(Math.cosh),
  tanh: math1(Math.tanh),
  hypot: math2(Math.hypot),
  stdNormalCDF: math1(normalCdf),
  stdNormalPDF: math1((x) => Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI)),
  normalCDF: { arity: 3, fn: (a) => normalCdf((n(a[0]!) - n(a[1]!)) / n(a[2]!)) },
  isMissing: { arity: 1, seesMissing: true, fn: (a) => a[0] === null },
  isNotMissing: { arity: 1, seesMissing: true, fn: (a) => a[0] !== null },
  equal: { arity: 2, fn: (a) => sameValue(a[0]!, a[1]!) },
  notEqual: { arity: 2, fn: (a) => !sameValue(a[0]!, a[1]!) },
  lessThan: cmp((o) => o < 0),
  lessOrEqual: cmp((o) => o <= 0),
  greaterThan: cmp((o) => o > 0),
  greaterOrEqual: cmp((o) => o >= 0),
  isIn: { arity: [2, Infinity], fn: (a) => a.slice(1).some((x) => sameValue(a[0]!, x)) },
  isNotIn: { arity: [2, Infinity], fn: (a) => !a.slice(1).some((x) => sameValue(a[0]!, x)) },
  and: { arity: [2, Infinity], fn: (a) => a.every(bool) },
  or: { arity: [2, Infinity], fn: (a) => a.some(bool) },
  not: { arity: 1, fn: (a) => !bool(a[0]!) },
  uppercase: { arity: 1, fn: (a) => format(a[0]!).toUpperCase() },
  lowercase: { arity: 1, fn: (a) => format(a[0]!).toLowerCase() },
  trimBlanks: { arity: 1, fn: (a) => format(a[0]!).trim() },
  // Date functions (PMML 4.4 "Built-in Functions"): counts relative to January 1st of a year.
  dateDaysSinceYear: { arity: 2, fn: (a) => Math.floor(seconds(a[0]!) / SECONDS_PER_DAY) - yearStartDay(n(a[1]!)) },
  dateSecondsSinceYear: { arity: 2, fn: (a) => seconds(a[0]!) - yearStartDay(n(a[1]!)) * SECONDS_PER_DAY },
  dateSecondsSinceMidnight: {
    arity: 1,
    fn: (a) => {
      const t = seconds(a[0]!, true);
      return ((t % SECONDS_PER_DAY) + SECONDS_PER_DAY) % SECONDS_PER_DAY;
    },
  },
  formatDatetime: { arity: 2, fn: (a) => formatDatetime(seconds(a[0]!, true), format(a[1]!)) },
  stringLength: { arity: 1, fn: (a) => format(a[0]!).length },
  formatNumber: { arity: 2, fn: (a) => formatNumber(n(a[0]!), format(a[1]!)) },
  // matches(input, pattern): true when the Java regex finds a match anywhere (Matcher.find)
  matches: { arity: 2, fn: (a) => regex(format(a[1]!)).test(format(a[0]!)) },
  // replace(input, pattern, replacement): every match replaced; Java's $1 group references are JavaScript's too
  replace: { arity: 3, fn: (a) => format(a[0]!).replace(new RegExp(format(a[1]!), 'gu'), format(a[2]!)) },
  concat: { arity: [1, Infinity], fn: (a) => a.map(format).join('') },
  // substring(input, startPos (1-based), length)
  substring: {
    arity: 3,
    fn: (a) => {
      const start = Math.max(0, n(a[1]!) - 1);
      return format(a[0]!).slice(start, start + Math.max(0, n(a[2]!)));
    },
  },
};

/**
 * formatNumber's pattern: Java's String.format conversions for one number — %[flags][width][.precision]
 * with d, f, e, E, g, x, s (what PMML 4.4 "formatNumber" defers to).
 */
export function formatNumber(x: number, pattern: string): string {
  return pattern.replace(/%([-0+ ,]*)(\d+)?(?:\.(\d+))?([dfeEgxXs%])/g, (_m, flags: string, width?: string, precision?: string, conv?: string) => {
    if (conv === '%') return '%';
    const p = precision === undefined ? undefined : Number(precision);
    let out: string;
    switch (conv) {
      case 'd':
        if (!Number.isInteger(x)) throw new EvalError(`formatNumber: %d needs an integer, got ${x}`);
        out = String(Math.abs(x));
        break;
      case 'f':
        out = Math.abs(x).toFixed(p ?? 6);
        break;
      case 'e':
      case 'E': {
        const t = Math.abs(x).toExponential(p ?? 6).replace(/e([+-])(\d)$/, 'e$10$2');
        out = conv === 'E' ? t.toUpperCase() : t;
        break;
      }
      case 'g':
        out = Math.abs(x).toPrecision(p === 0 ? 1 : (p ?? 6));
        break;
      case 'x':
      case 'X':
        out = Math.abs(Math.trunc(x)).toString(16);
        if (conv === 'X') out = out.toUpperCase();
        break;
      default:
        out = String(Math.abs(x));
    }
    if (flags.includes(',')) out = out.replace(/^(\d+)/, (d) => d.replace(/\B(?=(\d{3})+$)/g, ','));
    const sign = x < 0 || Object.is(x, -0) ? '-' : flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '';
    const w = width === undefined ? 0 : Number(width);
    if (flags.includes('-')) return (sign + out).padEnd(w);
    if (flags.includes('0')) return sign + out.padStart(w - sign.length, '0');
    return (sign + out).padStart(w);
  });
}

/** Java regular expressions as JavaScript ones (the common subset; inline flags are refused at run time). */
function regex(pattern: string): RegExp {
  return new RegExp(pattern, 'u');
}

/** A date or dateTime argument (ISO text) as seconds since 1970; a time of day alone as seconds since midnight. */
function seconds(v: Value, allowTime = false): number {
  const t = typeof v === 'string' ? (parseDateTime(v) ?? (allowTime ? parseTime(v) : undefined)) : undefined;
  if (t === undefined) throw new EvalError(`${format(v)} is not a date or dateTime`);
  return t;
}

/** Whether `count` arguments fit a builtin's arity. */
export function arityFits(b: Builtin, count: number): boolean {
  return typeof b.arity === 'number' ? count === b.arity : count >= b.arity[0] && count <= b.arity[1];
}
