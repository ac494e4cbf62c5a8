/** NAB timestamps, probation length and label windows as row-index ranges (SCORING.md a.1, a.2). */

/** `YYYY-MM-DD HH:MM:SS[.ffffff]` → milliseconds, read as UTC (only equality and order matter). */
export function parseTimestamp(text: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?$/.exec(text.trim());
  if (!m) throw new Error(`nab: bad timestamp "${text}"`);
  const ms = m[7] ? Math.floor(Number(`0.${m[7]}`) * 1000) : 0;
  return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!, ms);
}

/** NAB's probationary period: min(floor(p·n), p·5000) rows are not scored (`getProbationPeriod`). */
export function probationLength(n: number, fraction = 0.15): number {
  return Math.min(Math.floor(fraction * n), fraction * 5000);
}

/** A label window as rows: L = first row with the start timestamp, R = first row with the end one. */
export interface RowWindow {
  L: number;
  R: number;
}

/**
 * Windows given as [start, end] timestamp strings → row ranges, by the first occurrence of each
 * timestamp (files can repeat timestamps around DST; rows are kept by position).
 */
export function windowRows(timestamps: readonly number[], windows: ReadonlyArray<readonly [string, string]>): RowWindow[] {
  return windows.map(([start, end]) => {
    const L = timestamps.indexOf(parseTimestamp(start));
    const R = timestamps.indexOf(parseTimestamp(end));
    if (L < 0 || R < L) throw new Error(`nab: window [${start}, ${end}] not found in file`);
    return { L, R };
  });
}
