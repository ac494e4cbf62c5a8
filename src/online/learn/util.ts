/** Small numeric helpers shared by the learners (River's `utils.math`), plus state (de)serialisation. */

import type { ClassLabel, Features, State } from './types.ts';

/** River's sigmoid: saturates to exactly 0/1 beyond |x| > 30. */
export function sigmoid(x: number): number {
  if (x < -30) return 0;
  if (x > 30) return 1;
  return 1 / (1 + Math.exp(-x));
}

export function clamp(x: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, x));
}

/** True for a finite number; strings and NaN are not numeric features. */
export function isNum(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

/** The numeric part of `x`, in `x`'s key order (River iterates dicts in insertion order). */
/** A copy of `x` with each numeric feature mapped through `f`; other values pass through unchanged (scalers). */
export function mapNumeric(x: Features, f: (v: number, key: string) => number): Record<string, number | string> {
  const out: Record<string, number | string> = {};
  for (const k in x) {
    const v = x[k]!;
    out[k] = isNum(v) ? f(v, k) : (v as number | string);
  }
  return out;
}

export function numeric(x: Features): Array<[string, number]> {
  const out: Array<[string, number]> = [];
  for (const k in x) {
    const v = x[k];
    if (isNum(v)) out.push([k, v]);
  }
  return out;
}

/** Σ w[k]·x[k] over `x`'s numeric features; unknown weights count as 0. */
export function dot(w: Record<string, number>, x: Features): number {
  let s = 0;
  for (const [k, v] of numeric(x)) s += (w[k] ?? 0) * v;
  return s;
}

/** Maps a label to a binary target the way River does for `bool` targets. */
export function asBool(y: ClassLabel): boolean {
  if (typeof y === 'boolean') return y;
  if (typeof y === 'number') return y > 0;
  const s = y.trim().toLowerCase();
  return s === 'true' || s === '1' || s === 'yes';
}

/** The `{False, True}` probability pair of a binary classifier. */
export function binaryProba(pTrue: number): { false: number; true: number } {
  return { false: 1 - pTrue, true: pTrue };
}

/** River's `max(proba, key=proba.get)`: the first key wins ties. */
export function argmax(p: Record<string, number>): string | null {
  let best: string | null = null;
  let bestP = -Infinity;
  for (const k in p) {
    const v = p[k]!;
    if (v > bestP) {
      best = k;
      bestP = v;
    }
  }
  return best;
}

/** A deep, JSON-round-tripped copy: snapshots must not alias live state. */
export function jsonCopy<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

/** Reads a restored state field, falling back to `fallback` when absent. */
export function fromState<T>(state: State | undefined, key: string, fallback: T): T {
  if (!state || !(key in state)) return fallback;
  return jsonCopy(state[key] as T);
}

/** A null-prototype record, so feature names like `__proto__` or `constructor` are safe keys. */
export function dict<V>(init?: Record<string, V>): Record<string, V> {
  const d = Object.create(null) as Record<string, V>;
  if (init) for (const k of Object.keys(init)) d[k] = init[k]!;
  return d;
}

/** Reads a number param or throws a readable error naming the field. */
export function numParam(params: Record<string, unknown>, key: string): number {
  const v = params[key];
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`${key}: must be a finite number (got ${String(v)})`);
  return v;
}

/**
 * The class labels a classifier has seen, keyed by their string form (probability dict keys), in
 * first-seen order, restored from and snapshotted as a plain list.
 */
export class LabelBook {
  private readonly byKey: Map<string, ClassLabel>;

  constructor(saved: ClassLabel[] = []) {
    this.byKey = new Map(saved.map((l) => [String(l), l]));
  }

  remember(y: ClassLabel): void {
    const key = String(y);
    if (!this.byKey.has(key)) this.byKey.set(key, y);
  }

  get size(): number {
    return this.byKey.size;
  }

  keys(): IterableIterator<string> {
    return this.byKey.keys();
  }

  /** The label with the highest probability (River's tie rule: first key wins), or null for `{}`. */
  mostLikely(proba: Record<string, number>): ClassLabel | null {
    const best = argmax(proba);
    return best === null ? null : this.byKey.get(best)!;
  }

  toJSON(): ClassLabel[] {
    return [...this.byKey.values()];
  }
}

