/** Event-time parsing: epoch milliseconds, epoch seconds, or ISO 8601 text → epoch ms. */

/**
 * Numbers below 1e11 are read as epoch seconds (1e11 s is the year 5138; 1e11 ms is 1973), so devices
 * that send `1732262400` and `1732262400000` both work. Returns undefined for anything else.
 */
/** The largest time a JS Date can hold (ECMA-262 §21.4.1.1): beyond it, time is not a time. */
const MAX_TIME_MS = 8.64e15;

export function parseEventTime(value: unknown): number | undefined {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) return undefined;
    const ms = value < 1e11 ? Math.round(value * 1000) : Math.round(value);
    return ms <= MAX_TIME_MS ? ms : undefined;
  }
  if (typeof value === 'string' && value.length <= 64 && /^\d{4}-\d{2}-\d{2}T/.test(value)) {
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? undefined : ms;
  }
  return undefined;
}
