/** The two tiny addressing forms pipelines use: `topic[n]` (an MQTT topic level) and `$.a.b` (a JSON path). */

export type KeySource = { kind: 'topic'; level: number } | { kind: 'path'; path: string[] };

/** Parses `$.a.b` into ['a','b']; undefined when malformed. */
export function parseJsonPath(text: string): string[] | undefined {
  if (!text.startsWith('$.')) return undefined;
  const parts = text.slice(2).split('.');
  return parts.every((p) => /^[A-Za-z_][A-Za-z0-9_-]*$/.test(p)) ? parts : undefined;
}

export function parseKeySource(text: string): KeySource | undefined {
  const m = /^topic\[(\d{1,3})\]$/.exec(text);
  if (m) return { kind: 'topic', level: Number(m[1]) };
  const path = parseJsonPath(text);
  return path ? { kind: 'path', path } : undefined;
}

/** Reads an own property path; never walks the prototype chain (`__proto__`, `constructor`). */
export function readPath(obj: Record<string, unknown>, path: string[]): unknown {
  let cur: unknown = obj;
  for (const part of path) {
    if (cur === null || typeof cur !== 'object' || !Object.hasOwn(cur, part)) return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}
