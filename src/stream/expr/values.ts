/**
 * The value rules every operator and function shares: null in → null out, no coercion between
 * types, numbers always finite (NaN and ±Infinity become null), and only `true` is true.
 */

import { ExprError } from './errors.ts';

/** What an expression can produce: JSON values (arrays and objects come from events, literals, split). */
export type Value = null | number | string | boolean | readonly Value[] | { readonly [k: string]: Value };

export function typeName(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

/** Keeps numbers finite: an overflow, 0/0 or sqrt(-1) reads as null, never NaN/Infinity. */
export function finite(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

/** Conditions: true is true; false and null are false; any other type is a mistake worth a message. */
export function truth(v: unknown, what: string, col?: number): boolean {
  if (v === true) return true;
  if (v === false || v === null || v === undefined) return false;
  throw new ExprError(`${what} needs a boolean, got ${typeName(v)}`, col, 'compare it, e.g. x > 0 or exists(x)');
}

/** `==`: strict equality of primitives (no coercion: 1 == "1" is false); null == null is true. */
export function equals(a: unknown, b: unknown): boolean {
  if (a === undefined) a = null;
  if (b === undefined) b = null;
  return a === b;
}

/** `< <= > >=`: numbers with numbers, strings with strings; anything else (null included) is false. */
export function compare(op: string, a: unknown, b: unknown): boolean {
  if (!((typeof a === 'number' && typeof b === 'number') || (typeof a === 'string' && typeof b === 'string'))) return false;
  switch (op) {
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    default:
      return a >= b;
  }
}

export function needNumber(v: unknown, what: string, col?: number): number {
  if (typeof v !== 'number') throw new ExprError(`${what} needs a number, got ${typeName(v)}`, col);
  return v;
}

export function needString(v: unknown, what: string, col?: number): string {
  if (typeof v !== 'string') throw new ExprError(`${what} needs a string, got ${typeName(v)}`, col);
  return v;
}

/** Names that never resolve, so an expression cannot reach the prototype chain. */
const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

/** Member access: own properties of plain objects and integer indexes of arrays; everything else is null. */
export function member(obj: unknown, prop: unknown): unknown {
  if (obj === null || typeof obj !== 'object') return null;
  if (Array.isArray(obj)) {
    return typeof prop === 'number' && Number.isInteger(prop) && prop >= 0 && prop < obj.length ? (obj[prop] ?? null) : null;
  }
  const name = typeof prop === 'number' ? String(prop) : prop;
  if (typeof name !== 'string' || FORBIDDEN.has(name) || !Object.hasOwn(obj, name)) return null;
  const v = (obj as Record<string, unknown>)[name];
  return v === undefined ? null : v;
}

/** Longest string an expression may build (concatenation could otherwise double per level). */
export const MAX_STRING_LENGTH = 65_536;

export function checkLength(length: number, col?: number): void {
  if (length > MAX_STRING_LENGTH) throw new ExprError(`a string of ${length} characters is over the limit of ${MAX_STRING_LENGTH}`, col);
}

export function capped(s: string, col?: number): string {
  checkLength(s.length, col);
  return s;
}
