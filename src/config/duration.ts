/** Durations: `"10s"` at the edge, milliseconds inside. */

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Parses `500ms`, `10s`, `1m30s`, `2h`, or a bare number of milliseconds. Returns undefined when malformed. */
export function parseDuration(input: string | number): number | undefined {
  if (typeof input === 'number') return Number.isFinite(input) && input >= 0 ? input : undefined;
  const text = input.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text);
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/gy;
  let total = 0;
  let consumed = 0;
  for (const match of text.matchAll(re)) {
    total += Number(match[1]) * UNITS[match[2]!]!;
    consumed += match[0].length;
  }
  return consumed === text.length && consumed > 0 ? total : undefined;
}

/** Phase-two config helper: the duration in ms, or a problem naming `field` (and 0) when it is malformed; undefined → 0. */
export function durationField(value: string | number | undefined, field: string, problems: string[]): number {
  if (value === undefined) return 0;
  const ms = parseDuration(value);
  if (ms === undefined) {
    problems.push(`${field}: "${value}" is not a duration; write e.g. "500ms", "30s", "5m"`);
    return 0;
  }
  return ms;
}

/** Compact form of a duration in ms, exact: 30000 → `30s`, 90000 → `90s`, 3600000 → `1h`, 250 → `250ms`. */
export function formatDuration(ms: number): string {
  for (const [unit, size] of [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1000]] as const) {
    if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}
