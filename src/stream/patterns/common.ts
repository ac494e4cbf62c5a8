/**
 * Small pieces the pattern operators share: duration params, the expression scope of an event,
 * predicate truth, a bounded LRU key store that counts evictions, and an amortised O(1) FIFO.
 */

import { Type } from '@sinclair/typebox';
import { parseDuration } from '../../config/duration.ts';
import type { PatternEvent } from './operator.ts';

/** A duration param: `"500ms"`, `"30s"`, `"5m"` or a number of milliseconds; `what` says what it bounds. */
export const Duration = (what: string) => Type.Union([Type.String(), Type.Number({ minimum: 0 })], { description: `${what} (a duration: "30s", "5m" or ms)` });

/** Milliseconds of a duration param; `check()` has already refused malformed ones, so this throws only on misuse. */
export function ms(value: string | number, field: string): number {
  const out = parseDuration(value);
  if (out === undefined) throw new Error(`${field}: not a duration (${JSON.stringify(value)}); use e.g. "30s" or "5m"`);
  return out;
}

/** Phase-two helper: appends a readable problem when `value` is present and not a duration. */
export function checkDuration(value: string | number | undefined, field: string, problems: string[]): void {
  if (value !== undefined && parseDuration(value) === undefined) problems.push(`${field}: not a duration (${JSON.stringify(value)}); use e.g. "30s" or "5m"`);
}

/**
 * What an expression sees for one event: the body's fields plus `$key`, `$ts`, `$topic`, `$source`.
 * Built by assignment: a spread with extra keys measured ~50× slower in V8 (it leaves the fast path).
 */
export function scopeOf(e: PatternEvent): Record<string, unknown> {
  const s: Record<string, unknown> = Object.assign({}, e.body);
  s.$key = e.key;
  s.$ts = e.ts;
  s.$topic = e.topic;
  s.$source = e.source;
  return s;
}

/** A predicate holds only when it evaluates to `true`: null (a missing field) and other values do not. */
export const holds = (v: unknown): boolean => v === true;

/** An event as operators keep it in state: JSON-safe, no topic. */
export interface Held {
  id: string;
  ts: number;
  body: Readonly<Record<string, unknown>>;
}

export const held = (e: PatternEvent): Held => ({ id: e.id, ts: e.ts, body: e.body });

/**
 * Keyed state with a key limit. Exact LRU by Map re-insertion on write (`touch`); beyond `maxKeys`
 * the least recently written key goes and `onEvict` reports how many items it held.
 */
export class KeyStore<T> {
  readonly map = new Map<string, T>();
  evicted = 0;

  constructor(
    private readonly maxKeys: number,
    private readonly itemsOf: (value: T) => number,
    private readonly onEvict?: (key: string, value: T) => void,
  ) {}

  get(key: string): T | undefined {
    return this.map.get(key);
  }

  /** The key's state, moved to the most recent end, created by `make` when absent. */
  touch(key: string, make: () => T): T {
    const v = this.map.get(key) ?? make();
    this.set(key, v);
    return v;
  }

  /** Writes the key's state as the most recent; beyond `maxKeys` the least recently written key goes. */
  set(key: string, value: T): void {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > this.maxKeys) {
      const [oldKey, old] = this.map.entries().next().value as [string, T];
      this.map.delete(oldKey);
      this.evicted += Math.max(1, this.itemsOf(old));
      this.onEvict?.(oldKey, old);
    }
  }

  /** True when the key was there. */
  delete(key: string): boolean {
    return this.map.delete(key);
  }

  get size(): number {
    return this.map.size;
  }

  /** Items held across keys (stats, not the hot path). */
  items(): number {
    let n = 0;
    for (const v of this.map.values()) n += this.itemsOf(v);
    return n;
  }
}

/**
 * First in, first out with an array and a head index (Array#shift is O(n)). Operators use it as a
 * timer queue: with in-order input and a fixed timeout, deadlines are pushed in deadline order.
 */
export class Fifo<T> {
  private items: T[] = [];
  private head = 0;

  push(item: T): void {
    this.items.push(item);
  }

  peek(): T | undefined {
    return this.items[this.head];
  }

  shift(): T | undefined {
    if (this.head >= this.items.length) return undefined;
    const item = this.items[this.head++];
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }

  get length(): number {
    return this.items.length - this.head;
  }

  /** The queued items, first first (snapshots). */
  toArray(): T[] {
    return this.items.slice(this.head);
  }
}
