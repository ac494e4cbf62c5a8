/**
 * The function table. Unless a function says `nulls: true`, a null argument makes the result null
 * (SQL-style propagation), so `lower(missing)` is null, not an error. Arguments that must be known
 * at compile time (a regex, a unit) are listed in `literal` and bound once by `bind`.
 */

import { ExprError, suggest } from './errors.ts';
import { compileRegex } from './regex.ts';
import { converter } from './units.ts';
import { capped, checkLength, finite, needNumber, needString, typeName, type Value } from './values.ts';

type Impl = (args: unknown[], col?: number) => unknown;

export interface FnSpec {
  min: number;
  max: number;
  /** Receives nulls itself instead of returning null when any argument is null. */
  nulls?: boolean;
  /** Argument indexes that must be string literals (checked at compile time). */
  literal?: number[];
  call: Impl;
  /** Specializes on the literal arguments (undefined where not literal); may throw ExprError. */
  bind?(literals: unknown[], col?: number): Impl | undefined;
  doc: string;
}

const MAX_SPLIT_PARTS = 10_000;

const math = (f: (x: number) => number, name: string, doc: string): FnSpec => ({
  min: 1,
  max: 1,
  call: (a, col) => finite(f(needNumber(a[0], `${name}()`, col))),
  doc,
});
const str1 = (f: (s: string) => unknown, name: string, doc: string): FnSpec => ({
  min: 1,
  max: 1,
  call: (a, col) => {
    const r = f(needString(a[0], `${name}()`, col));
    return typeof r === 'string' ? capped(r, col) : r;
  },
  doc,
});
const str2 = (f: (s: string, t: string) => unknown, name: string, doc: string): FnSpec => ({
  min: 2,
  max: 2,
  call: (a, col) => f(needString(a[0], `${name}()`, col), needString(a[1], `${name}()`, col)),
  doc,
});
const nums = (a: unknown[], name: string, col?: number): number[] => a.map((x) => needNumber(x, `${name}()`, col));

/** Text of a scalar for concat()/str(); arrays and objects have no canonical text here. */
function text(v: unknown, name: string, col?: number): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw new ExprError(`${name}() needs strings, numbers or booleans, got ${typeName(v)}`, col);
}

function regexMatcher(literals: unknown[], col?: number): Impl {
  const re = compileRegex(literals[1] as string, (literals[2] as string | undefined) ?? '', col);
  return (a, c) => re.test(needString(a[0], 'matches()', c));
}

export const FUNCTIONS: Readonly<Record<string, FnSpec>> = Object.freeze({
  // strings
  lower: str1((s) => s.toLowerCase(), 'lower', 'lower(s): lower case'),
  upper: str1((s) => s.toUpperCase(), 'upper', 'upper(s): upper case'),
  trim: str1((s) => s.trim(), 'trim', 'trim(s): without leading and trailing white space'),
  len: {
    min: 1,
    max: 1,
    call: (a, col) => (Array.isArray(a[0]) ? a[0].length : needString(a[0], 'len()', col).length),
    doc: 'len(s): length of a string (UTF-16 units) or an array',
  },
  contains: {
    min: 2,
    max: 2,
    call: (a, col) => (Array.isArray(a[0]) ? a[0].includes(a[1]) : needString(a[0], 'contains()', col).includes(needString(a[1], 'contains()', col))),
    doc: 'contains(s, part): s holds the substring part (or the array s holds the element part)',
  },
  startsWith: str2((s, p) => s.startsWith(p), 'startsWith', 'startsWith(s, prefix)'),
  endsWith: str2((s, p) => s.endsWith(p), 'endsWith', 'endsWith(s, suffix)'),
  substr: {
    min: 2,
    max: 3,
    call: (a, col) => {
      const s = needString(a[0], 'substr()', col);
      const start = Math.trunc(needNumber(a[1], 'substr()', col));
      const from = start < 0 ? Math.max(0, s.length + start) : start;
      return a.length > 2 ? s.slice(from, from + Math.max(0, Math.trunc(needNumber(a[2], 'substr()', col)))) : s.slice(from);
    },
    doc: 'substr(s, start, length?): part of s; a negative start counts from the end',
  },
  concat: { min: 1, max: 64, call: (a, col) => capped(a.map((v) => text(v, 'concat', col)).join(''), col), doc: 'concat(a, b, …): text of the arguments joined' },
  replace: {
    min: 3,
    max: 3,
    call: (a, col) => {
      const [s, from, to] = [0, 1, 2].map((i) => needString(a[i], 'replace()', col)) as [string, string, string];
      // bound the result before building it: (occurrences · growth) is known up front
      const n = from === '' ? s.length + 1 : s.split(from).length - 1;
      checkLength(s.length + n * (to.length - from.length), col);
      return s.replaceAll(from, to);
    },
    doc: 'replace(s, from, to): every occurrence of the text from replaced (no regex)',
  },
  split: {
    min: 2,
    max: 2,
    call: (a, col) => needString(a[0], 'split()', col).split(needString(a[1], 'split()', col), MAX_SPLIT_PARTS),
    doc: `split(s, sep): array of parts (at most ${MAX_SPLIT_PARTS})`,
  },
  str: { min: 1, max: 1, call: (a, col) => text(a[0], 'str', col), doc: 'str(x): text of a number or boolean' },
  num: {
    min: 1,
    max: 1,
    call: (a, col) => {
      const v = a[0];
      if (typeof v === 'number') return v;
      if (typeof v === 'boolean') return v ? 1 : 0;
      const s = needString(v, 'num()', col).trim();
      return s === '' ? null : finite(Number(s));
    },
    doc: 'num(x): a number from text ("12.5"), true → 1, false → 0; null when the text is no number',
  },
  matches: {
    min: 2,
    max: 3,
    literal: [1, 2],
    call: () => {
      throw new ExprError('matches() was not bound');
    },
    bind: regexMatcher,
    doc: 'matches(s, "regex", "flags"?): s matches the regular expression (checked for catastrophic backtracking)',
  },
  // numbers
  abs: math(Math.abs, 'abs', 'abs(x)'),
  floor: math(Math.floor, 'floor', 'floor(x)'),
  ceil: math(Math.ceil, 'ceil', 'ceil(x)'),
  sqrt: math(Math.sqrt, 'sqrt', 'sqrt(x): null for x < 0'),
  log: math(Math.log, 'log', 'log(x): natural logarithm; null for x ≤ 0'),
  log10: math(Math.log10, 'log10', 'log10(x)'),
  exp: math(Math.exp, 'exp', 'exp(x): null on overflow'),
  round: {
    min: 1,
    max: 2,
    call: (a, col) => {
      const [x, digits = 0] = nums(a, 'round', col);
      const d = Math.min(15, Math.max(0, Math.trunc(digits!)));
      if (Math.abs(x!) >= 2 ** 52) return x; // no fractional digits left to round
      const p = 10 ** d;
      const y = Math.abs(x!) * p;
      // Only near a half can binary noise flip the result (1.005 · 100 = 100.49999…): there, shift
      // by the decimal exponent in text, so 1.005 rounds as the 1.005 the user wrote.
      if (Math.abs(y - Math.floor(y) - 0.5) >= 1e-6) return finite(Math.sign(x!) * (Math.round(y) / p));
      const abs = String(Math.abs(x!));
      const r = abs.includes('e') ? Math.round(y) / p : Number(`${Math.round(Number(`${abs}e${d}`))}e-${d}`);
      return finite(Math.sign(x!) * r);
    },
    doc: 'round(x, digits?): half away from zero, on the decimal digits as written (round(1.005, 2) = 1.01)',
  },
  pow: { min: 2, max: 2, call: (a, col) => finite(Math.pow(...(nums(a, 'pow', col) as [number, number]))), doc: 'pow(x, y): null when undefined or overflowing' },
  min: { min: 1, max: 64, call: (a, col) => Math.min(...nums(a, 'min', col)), doc: 'min(a, b, …)' },
  max: { min: 1, max: 64, call: (a, col) => Math.max(...nums(a, 'max', col)), doc: 'max(a, b, …)' },
  clamp: {
    min: 3,
    max: 3,
    call: (a, col) => {
      const [x, lo, hi] = nums(a, 'clamp', col) as [number, number, number];
      if (lo > hi) throw new ExprError(`clamp() needs low ≤ high, got ${lo} > ${hi}`, col);
      return Math.min(hi, Math.max(lo, x));
    },
    doc: 'clamp(x, low, high)',
  },
  convert: {
    min: 3,
    max: 3,
    call: (a, col) => finite(converter(needString(a[1], 'convert()', col), needString(a[2], 'convert()', col), col)(needNumber(a[0], 'convert()', col))),
    bind: (lit, col) => {
      if (typeof lit[1] !== 'string' || typeof lit[2] !== 'string') return undefined;
      const f = converter(lit[1], lit[2], col);
      return (a, c) => finite(f(needNumber(a[0], 'convert()', c)));
    },
    doc: 'convert(x, "from", "to"): unit conversion (see the unit table); incompatible literal units are refused at compile time',
  },
  // null handling
  exists: { min: 1, max: 1, nulls: true, call: (a) => a[0] !== null && a[0] !== undefined, doc: 'exists(x): x is present and not null' },
  isnull: { min: 1, max: 1, nulls: true, call: (a) => a[0] === null || a[0] === undefined, doc: 'isnull(x): x is missing or null' },
  coalesce: { min: 1, max: 64, nulls: true, call: (a) => (a.find((v) => v !== null && v !== undefined) as Value | undefined) ?? null, doc: 'coalesce(a, b, …): the first non-null argument' },
});

/** `if(c, a, b)` is lazy, so the compiler handles it; listed here for arity and suggestions. */
export const SPECIAL_FORMS = { if: { min: 3, max: 3, doc: 'if(c, a, b): a when c is true, else b (only one branch is evaluated)' } } as const;

export function unknownFunction(name: string, col?: number): ExprError {
  if (name === 'now' || name === 'today' || name === 'time') {
    return new ExprError(`'${name}' is not available`, col, 'expressions have no wall clock; use $ts (the event time, epoch ms)');
  }
  return new ExprError(`unknown function '${name}'`, col, suggest(name, [...Object.keys(FUNCTIONS), ...Object.keys(SPECIAL_FORMS)]) ?? 'see docs/EXPRESSIONS.md for the list');
}
