/**
 * Dates and times of PMML 4.4 "Data Types" (date, time, dateTime and the dateDaysSince[…],
 * timeSeconds, dateTimeSecondsSince[…] counts): ISO text ↔ day and second counts, proleptic
 * Gregorian, no time zones (PMML values are local).
 */

const DAY_S = 86400;

/** Days from 1970-01-01 to year-01-01 (years 0–99 included, which Date.UTC would map to 19xx). */
export function yearStartDay(year: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, 0, 1);
  return Math.round(d.getTime() / (DAY_S * 1000));
}

/** "YYYY-MM-DD" → days since 1970-01-01; undefined when not a real date. */
export function parseDate(s: string): number | undefined {
  const m = /^(-?\d{4,})-(\d{2})-(\d{2})$/.exec(s.trim());
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d);
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return undefined;
  return Math.round(date.getTime() / (DAY_S * 1000));
}

/** "hh:mm:ss[.fff]" → seconds since midnight. */
export function parseTime(s: string): number | undefined {
  const m = /^(\d{2}):(\d{2}):(\d{2}(?:\.\d+)?)$/.exec(s.trim());
  if (!m) return undefined;
  const [h, mi, sec] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (h > 24 || mi > 59 || sec >= 61) return undefined;
  return h * 3600 + mi * 60 + sec;
}

/** "YYYY-MM-DDThh:mm:ss" (or a bare date, at midnight) → seconds since 1970-01-01T00:00:00. */
export function parseDateTime(s: string): number | undefined {
  const t = s.trim();
  const at = t.indexOf('T');
  if (at < 0) {
    const d = parseDate(t);
    return d === undefined ? undefined : d * DAY_S;
  }
  const d = parseDate(t.slice(0, at));
  const time = parseTime(t.slice(at + 1));
  return d === undefined || time === undefined ? undefined : d * DAY_S + time;
}

/** Seconds since 1970 → { y, m, d, H, M, S, dayOfYear } (UTC arithmetic on local values). */
export function fields(epochSeconds: number): { y: number; m: number; d: number; H: number; M: number; S: number; dayOfYear: number } {
  const date = new Date(Math.floor(epochSeconds) * 1000);
  const y = date.getUTCFullYear();
  return {
    y,
    m: date.getUTCMonth() + 1,
    d: date.getUTCDate(),
    H: date.getUTCHours(),
    M: date.getUTCMinutes(),
    S: date.getUTCSeconds(),
    dayOfYear: Math.floor(epochSeconds / DAY_S) - yearStartDay(y) + 1,
  };
}

/** formatDatetime's POSIX-style pattern: %Y %y %m %d %H %M %S %j %%. */
export function formatDatetime(epochSeconds: number, pattern: string): string {
  const f = fields(epochSeconds);
  const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
  return pattern.replace(/%([YymdHMSj%])/g, (_m, c: string) => {
    switch (c) {
      case 'Y':
        return String(f.y);
      case 'y':
        return pad(((f.y % 100) + 100) % 100);
      case 'm':
        return pad(f.m);
      case 'd':
        return pad(f.d);
      case 'H':
        return pad(f.H);
      case 'M':
        return pad(f.M);
      case 'S':
        return pad(f.S);
      case 'j':
        return pad(f.dayOfYear, 3);
      default:
        return '%';
    }
  });
}

/** Canonical ISO text of a day count and of a second count (date, dateTime values). */
export function isoDate(days: number): string {
  return new Date(days * DAY_S * 1000).toISOString().slice(0, 10);
}

export const SECONDS_PER_DAY = DAY_S;
