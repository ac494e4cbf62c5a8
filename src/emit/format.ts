/**
 * Output formats of pattern results: JSON (as is, or reshaped by a template), a CSV line
 * (RFC 4180 quoting) and XML (fast-xml-parser's XMLBuilder, which escapes text). A template maps
 * each output field to a `$.path` into the result or to an expression of the safe language.
 */

import { XMLBuilder } from 'fast-xml-parser';
import { parseJsonPath, readPath } from '../config/paths.ts';
import type { Compile, Compiled, Scope } from '../stream/expr/types.ts';

export type Format = 'json' | 'csv' | 'xml';

/** What a result looks like before formatting: the operator's body plus its envelope. */
export interface Renderable {
  id: string;
  key: string;
  ts: number;
  pattern: string;
  body: Record<string, unknown>;
}

/** One field of a template: a path into the body or an expression over it. */
type Field = (scope: Scope, body: Record<string, unknown>) => unknown;

export interface CompiledTemplate {
  fields: Array<[string, Field]>;
}

/** Compiles a template once; throws (with the field name) when an expression does not compile. */
export function compileTemplate(template: Record<string, string> | string[], compile: Compile): CompiledTemplate {
  const entries: Array<[string, string]> = Array.isArray(template) ? template.map((t) => [t, t]) : Object.entries(template);
  return {
    fields: entries.map(([name, source]) => {
      const path = parseJsonPath(source);
      if (path) return [name, (_scope, body) => readPath(body, path)];
      let fn: Compiled;
      try {
        fn = compile(source);
      } catch (err) {
        throw new Error(`${name}: ${(err as Error).message}`);
      }
      return [name, (scope) => fn(scope)];
    }),
  };
}

export interface Renderer {
  /** The payload text; throws only if an expression throws (the caller dead-letters the result). */
  render(r: Renderable): string;
}

export function createRenderer(opts: { format: Format; template?: CompiledTemplate; root?: string }): Renderer {
  const { format, template } = opts;
  const builder = format === 'xml' ? new XMLBuilder({ ignoreAttributes: true }) : undefined;
  const shape = (r: Renderable): Record<string, unknown> => {
    // Without a template the result keeps its envelope (id for downstream dedupe, pattern, key, ts).
    if (!template) return Object.assign({ id: r.id, pattern: r.pattern, key: r.key, ts: r.ts }, r.body, { id: r.id, pattern: r.pattern, key: r.key, ts: r.ts });
    // By assignment, as scopeOf (src/stream/patterns/common.ts): a spread with extra keys leaves V8's fast path.
    const scope: Record<string, unknown> = Object.assign({}, r.body);
    scope.$id = r.id;
    scope.$key = r.key;
    scope.$ts = r.ts;
    scope.$pattern = r.pattern;
    const out: Record<string, unknown> = {};
    for (const [name, field] of template.fields) out[name] = field(scope, r.body);
    return out;
  };
  return {
    render(r) {
      const shaped = shape(r);
      if (format === 'json') return JSON.stringify(shaped);
      if (format === 'csv') return csvLine(Object.values(shaped));
      return `<?xml version="1.0" encoding="UTF-8"?>${builder!.build({ [opts.root ?? 'event']: xmlSafe(shaped) }) as string}`;
    },
  };
}

/** One CSV record, RFC 4180 §2: fields with a comma, quote or line break are quoted, quotes doubled. */
export function csvLine(values: unknown[]): string {
  return values.map(csvField).join(',');
}

function csvField(v: unknown): string {
  if (v === undefined || v === null) return '';
  const text = typeof v === 'object' ? JSON.stringify(v) : String(v);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** XML names (XML 1.0 §2.3) are narrower than JSON keys: other characters become `_`. */
function xmlName(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9_.-]/g, '_');
  return /^[A-Za-z_]/.test(cleaned) && !/^xml/i.test(cleaned) ? cleaned : `_${cleaned}`;
}

function xmlSafe(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(xmlSafe);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[xmlName(k)] = xmlSafe(v);
  return out;
}
