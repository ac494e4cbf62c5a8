/**
 * The stateless pre-stages of a pipeline, before dedupe, reorder and windows: `filter` (keep events
 * for which the expression is true) then `transform` in a fixed order — convert → compute (in the
 * order written; each sees the fields before it) → rename → drop. Compiled once at config load.
 */

import { ExprError } from './expr/errors.ts';
import type { Compile, Compiled } from './expr/types.ts';
import { converter } from './expr/units.ts';

/** The spec as written in YAML (`filter:` and `transform:` of a pipeline). */
export interface PrestageSpec {
  filter?: string;
  transform?: {
    compute?: Record<string, string>;
    rename?: Record<string, string>;
    drop?: string[];
    convert?: Record<string, { from: string; to: string }>;
  };
}

/** Where the event came from: read as `$key`, `$ts`, `$topic` by expressions. */
export interface PrestageMeta {
  key: string;
  ts: number;
  topic: string;
}

export type PrestageResult =
  | { kind: 'keep'; body: Record<string, unknown> }
  | { kind: 'filtered' }
  /** `detail` names the field (`transform.compute.tempC: …`); the event is dead-lettered as bad_transform. */
  | { kind: 'bad'; detail: string };

export interface Prestage {
  apply(body: Readonly<Record<string, unknown>>, meta: PrestageMeta): PrestageResult;
}

/** Names a transform may write: plain identifiers, never `$…` (reserved) or prototype names. */
const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Writes an own data property even for odd names, so no assignment can reach a prototype. Used for
 * rename targets; convert and compute assign directly, their names having passed FIELD_NAME and FORBIDDEN.
 */
function put(obj: Record<string, unknown>, name: string, value: unknown): void {
  Object.defineProperty(obj, name, { value, writable: true, enumerable: true, configurable: true });
}

function isResult(v: unknown): boolean {
  return (typeof v === 'number' && Number.isFinite(v)) || typeof v === 'string' || typeof v === 'boolean';
}

function describe(v: unknown): string {
  if (v === null || v === undefined) return 'null (a field it reads is missing, or a division by zero; guard it with ??)';
  return Array.isArray(v) ? 'an array' : typeof v === 'object' ? 'an object' : String(v);
}

/**
 * Compiles the spec. Problems come back with field paths relative to the pipeline
 * (`filter: unknown function 'lenght' at 5; did you mean 'len'?`); none → a ready pre-stage.
 */
export function compilePrestage(spec: PrestageSpec, compile: Compile, features: string[] = []): { prestage?: Prestage; problems: string[] } {
  const problems: string[] = [];
  const expr = (source: string, field: string): Compiled | undefined => {
    try {
      return compile(source);
    } catch (err) {
      if (!(err instanceof ExprError)) throw err;
      problems.push(`${field}: ${err.message}`);
      return undefined;
    }
  };
  const name = (n: string, field: string): boolean => {
    const ok = FIELD_NAME.test(n) && !FORBIDDEN.has(n);
    if (!ok) problems.push(`${field}: "${n}" is not a field name; use letters, digits, _ and - (not starting with a digit)`);
    return ok;
  };
  const filter = spec.filter === undefined ? undefined : expr(spec.filter, 'filter');
  const t = spec.transform ?? {};
  // [field, its path in problems, …]: the path is built once here, not per event
  const convert: Array<[string, string, (x: number) => number]> = [];
  for (const [field, u] of Object.entries(t.convert ?? {})) {
    if (!name(field, `transform.convert.${field}`)) continue;
    try {
      convert.push([field, `transform.convert.${field}`, converter(u.from, u.to)]);
    } catch (err) {
      problems.push(`transform.convert.${field}: ${(err as Error).message}`);
    }
  }
  const compute: Array<[string, string, Compiled]> = [];
  for (const [field, source] of Object.entries(t.compute ?? {})) {
    const f = name(field, `transform.compute.${field}`) ? expr(source, `transform.compute.${field}`) : undefined;
    if (f) compute.push([field, `transform.compute.${field}`, f]);
  }
  const rename = Object.entries(t.rename ?? {});
  const targets = new Set<string>();
  for (const [from, to] of rename) {
    name(from, `transform.rename.${from}`);
    name(to, `transform.rename.${from}`);
    if (targets.has(to)) problems.push(`transform.rename.${from}: "${to}" is the target of another rename`);
    targets.add(to);
  }
  const drop = t.drop ?? [];
  drop.forEach((f, i) => name(f, `transform.drop[${i}]`));
  // a feature the transform takes away would never reach the window: say so at load, not per event
  for (const f of features) {
    if (drop.includes(f)) problems.push(`transform.drop: ${f} is a feature field; dropping it leaves its window empty`);
    const renamed = rename.find(([from]) => from === f);
    if (renamed && !targets.has(f)) problems.push(`transform.rename.${f}: ${f} is a feature field; name the feature ${renamed[1]} instead`);
  }
  if (problems.length > 0) return { problems };
  if (!filter && convert.length + compute.length + rename.length + drop.length === 0) return { problems };
  return { prestage: { apply: (body, meta) => run(body, meta) }, problems };

  function run(body: Readonly<Record<string, unknown>>, meta: PrestageMeta): PrestageResult {
    // One own copy: the scope expressions read, and the body the transform writes. The `$…` names
    // come first in the literal and are set again after the spread, so the event cannot override
    // them; spread (not Object.assign) keeps an own `__proto__` key a plain field. Adding keys after
    // a spread, or defineProperty, leaves V8's fast path: measured ~4 µs instead of ~0.15 µs per event.
    const scope: Record<string, unknown> = { $key: meta.key, $ts: meta.ts, $topic: meta.topic, ...body };
    scope.$key = meta.key;
    scope.$ts = meta.ts;
    scope.$topic = meta.topic;
    let field = 'filter';
    try {
      if (filter && filter(scope) !== true) return { kind: 'filtered' };
      for (const [f, path, conv] of convert) {
        field = path;
        const v = Object.hasOwn(scope, f) ? scope[f] : null;
        if (v === null) continue; // nothing to convert; a missing reading stays missing
        if (typeof v !== 'number') return { kind: 'bad', detail: `${field}: ${f} is ${typeof v}, not a number` };
        const out = conv(v);
        if (!Number.isFinite(out)) return { kind: 'bad', detail: `${field}: ${f} converts to ${out}` };
        scope[f] = out;
      }
      for (const [f, path, fn] of compute) {
        field = path;
        const v = fn(scope);
        if (!isResult(v)) return { kind: 'bad', detail: `${field}: the result is ${describe(v)}; it must be a finite number, a string or a boolean` };
        scope[f] = v;
      }
    } catch (err) {
      // ExprError by design; anything else is a bug, still a per-message failure and never a crash
      return { kind: 'bad', detail: `${field}: ${err instanceof Error ? err.message : String(err)}` };
    }
    for (const [from, to] of rename) {
      if (!Object.hasOwn(scope, from)) continue;
      put(scope, to, scope[from]);
      delete scope[from];
    }
    for (const f of drop) delete scope[f];
    return { kind: 'keep', body: scope };
  }
}
