/** Load-time helpers over the element tree: attributes, children, and refusals that name the element. */

import { AppError } from '../../errors.ts';
import type { El } from './xml.ts';

/** A refusal at load time: the element, its line and what to fix, as a 422. */
export function refuse(el: El, message: string): AppError {
  return new AppError('MODEL_INVALID', `PMML <${el.name}> (line ${el.line}): ${message}`);
}

/** Elements that carry no scoring semantics and are skipped wherever they appear (PMML 4.4 "General Structure"). */
const IGNORED = new Set(['Extension', 'ModelStats', 'ModelExplanation', 'ModelVerification', 'Header', 'MiningBuildTask', 'Decisions']);

/**
 * The children of `el`, refusing any element not in `allowed`: an element we do not implement
 * must stop the load, never be silently skipped (it may change every score).
 */
export function kids(el: El, allowed: readonly string[]): El[] {
  const out: El[] = [];
  for (const c of el.children) {
    if (IGNORED.has(c.name) || c.name.startsWith('{')) continue;
    if (!allowed.includes(c.name)) throw refuse(c, `element <${c.name}> inside <${el.name}> is not supported yet`);
    out.push(c);
  }
  return out;
}

export function child(el: El, name: string): El | undefined {
  return el.children.find((c) => c.name === name);
}

export function attr(el: El, name: string): string | undefined {
  return el.attrs[name];
}

export function req(el: El, name: string): string {
  const v = el.attrs[name];
  if (v === undefined) throw refuse(el, `attribute ${name} is required`);
  return v;
}

/** A numeric attribute (xs:double lexical form), or `fallback` when absent. */
export function num(el: El, name: string, fallback: number): number;
export function num(el: El, name: string): number | undefined;
export function num(el: El, name: string, fallback?: number): number | undefined {
  const v = el.attrs[name];
  if (v === undefined) return fallback;
  const n = parseNumber(v);
  if (n === undefined) throw refuse(el, `attribute ${name}="${v}" is not a number`);
  return n;
}

/** An enumerated attribute: refuses values outside `allowed` (e.g. a strategy we do not implement yet). */
export function oneOf<T extends string>(el: El, name: string, allowed: readonly T[], fallback: T): T {
  const v = el.attrs[name];
  if (v === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(v)) throw refuse(el, `${name}="${v}" is not supported yet (supported: ${allowed.join(', ')})`);
  return v as T;
}

/** xs:double / Java Double.parseDouble lexical forms; undefined when not a number. */
export function parseNumber(s: string): number | undefined {
  const t = s.trim();
  if (t === '') return undefined;
  if (t === 'NaN') return NaN;
  if (t === 'INF' || t === 'Infinity' || t === '+Infinity') return Infinity;
  if (t === '-INF' || t === '-Infinity') return -Infinity;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?[fFdD]?$/.test(t)) return undefined;
  return Number(t.replace(/[fFdD]$/, ''));
}

/** The whitespace-separated numbers of an Array, Indices or REAL-Entries element. */
export function numberList(el: El): number[] {
  const t = el.text.trim();
  if (t === '') return [];
  return t.split(/\s+/).map((w) => {
    const n = parseNumber(w);
    if (n === undefined) throw refuse(el, `"${w}" is not a number`);
    return n;
  });
}
