/** Event-time parsing: epoch milliseconds, epoch seconds, or ISO 8601 text → epoch ms. */

/**
 * Numbers below 1e11 are read as epoch seconds (1e11 s is the year 5138; 1e11 ms is 1973), so devices
 * that send `1732262400` and `1732262400000` both work. Returns undefined for anything else.
 */
export function parseEventTime(value: unknown): number | undefined {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) return undefined;
    return value < 1e11 ? Math.round(value * 1000) : Math.round(value);
  }
  if (typeof value === 'string' && value.length <= 64 && /^\d{4}-\d{2}-\d{2}T/.test(value)) {
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? undefined : ms;
  }
  return undefined;
}
