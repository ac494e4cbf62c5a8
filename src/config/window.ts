/** Phase two for a pipeline's `window` and `time` sections: the rules a schema cannot say. */

import { durationField, formatDuration } from './duration.ts';
import type { RawPipeline } from './schema.ts';

export type WindowConfig =
  | { type: 'sliding' | 'tumbling' | 'hopping'; sizeMs: number; everyMs: number; offsetMs: number; emit: 'interval' | 'event'; partial: 'skip' | 'emit' }
  | { type: 'count'; size: number; every: number; partial: 'skip' | 'emit' }
  | { type: 'session'; gapMs: number; maxDurationMs?: number };

export interface TimeConfig {
  slackMs: number;
  adaptive?: { maxSlackMs: number; halfLifeMs: number };
  late: 'drop' | 'deadletter' | 'update';
  allowedLatenessMs: number;
  watermark: 'key' | 'pipeline';
  idleTimeoutMs: number;
  maxFutureMs: number;
  future: 'clamp' | 'deadletter';
  keyTtlMs: number;
}

type Problems = string[];

export function resolveWindow(w: NonNullable<RawPipeline['window']>, at: string, problems: Problems): WindowConfig {
  const f = at; // the field prefix: `pipelines[0].window` or `pipelines[0].windows[1]`
  const forbid = (...names: Array<keyof typeof w>): void => {
    for (const n of names) if (w[n] !== undefined) problems.push(`${f}.${n}: not used by ${w.type} windows; remove it`);
  };
  const need = (name: keyof typeof w, example: string): boolean => {
    if (w[name] !== undefined) return true;
    problems.push(`${f}.${name}: required for ${w.type} windows, e.g. ${example}`);
    return false;
  };
  const positive = (ms: number, name: string): void => {
    if (ms <= 0) problems.push(`${f}.${name}: must be greater than 0`);
  };

  if (w.type === 'count') {
    forbid('hop', 'offset', 'emit', 'gap', 'maxDuration');
    need('size', 'size: 100 (events)');
    const size = typeof w.size === 'number' ? w.size : NaN;
    const every = w.every === undefined ? 1 : typeof w.every === 'number' ? w.every : NaN;
    if (w.size !== undefined && !Number.isInteger(size)) problems.push(`${f}.size: count windows take a number of events, e.g. size: 100`);
    if (!Number.isInteger(every)) problems.push(`${f}.every: count windows emit every n events, e.g. every: 10`);
    else if (every > size) problems.push(`${f}.every: must not exceed size (${size} events)`);
    return { type: 'count', size, every, partial: w.partial };
  }

  if (w.type === 'session') {
    forbid('size', 'every', 'hop', 'offset', 'emit'); // partial does not apply: a session starts at its first event
    need('gap', 'gap: 5m');
    const gapMs = durationField(w.gap, `${f}.gap`, problems);
    if (w.gap !== undefined) positive(gapMs, 'gap');
    const maxDurationMs = w.maxDuration === undefined ? undefined : durationField(w.maxDuration, `${f}.maxDuration`, problems);
    if (maxDurationMs !== undefined && maxDurationMs <= gapMs) problems.push(`${f}.maxDuration: must be longer than gap (${formatDuration(gapMs)})`);
    return maxDurationMs === undefined ? { type: 'session', gapMs } : { type: 'session', gapMs, maxDurationMs };
  }

  forbid('gap', 'maxDuration');
  need('size', 'size: 60s');
  const sizeMs = durationField(w.size, `${f}.size`, problems);
  if (w.size !== undefined) positive(sizeMs, 'size');
  const offsetMs = durationField(w.offset, `${f}.offset`, problems);
  let everyMs = sizeMs;
  let emit: 'interval' | 'event' = 'interval';
  if (w.type === 'tumbling') {
    forbid('every', 'hop', 'emit');
  } else if (w.type === 'hopping') {
    forbid('every', 'emit');
    if (need('hop', 'hop: 10s')) {
      everyMs = durationField(w.hop, `${f}.hop`, problems);
      positive(everyMs, 'hop');
      if (everyMs >= sizeMs && sizeMs > 0) problems.push(`${f}.hop: must be lower than size (${formatDuration(sizeMs)}); for hop = size use type: tumbling`);
    }
  } else {
    forbid('hop');
    emit = w.emit ?? (w.every === undefined ? 'event' : 'interval');
    if (emit === 'event' && w.every !== undefined) problems.push(`${f}.every: emit: event gives a result per event; remove every, or use emit: interval`);
    if (emit === 'interval') {
      everyMs = durationField(w.every, `${f}.every`, problems);
      positive(everyMs, 'every');
      if (everyMs >= sizeMs && sizeMs > 0) problems.push(`${f}.every: must be lower than size (${formatDuration(sizeMs)}); for every = size use type: tumbling`);
    }
  }
  if (offsetMs >= everyMs && everyMs > 0) problems.push(`${f}.offset: must be lower than the window's step (${formatDuration(everyMs)})`);
  return { type: w.type, sizeMs, everyMs, offsetMs, emit, partial: w.partial };
}

/** `window` or `windows`: exactly one; several windows must be time windows with one step and offset. */
export function resolveWindows(p: RawPipeline, at: string, problems: Problems): WindowConfig[] {
  if (p.window && p.windows) {
    problems.push(`${at}.windows: give either window or windows, not both`);
    return [resolveWindow(p.window, `${at}.window`, problems)];
  }
  if (p.window) return [resolveWindow(p.window, `${at}.window`, problems)];
  if (!p.windows) {
    problems.push(`${at}.window: required, e.g. window: { type: sliding, size: 30s, every: 5s }`);
    return [{ type: 'tumbling', sizeMs: 1, everyMs: 1, offsetMs: 0, emit: 'interval', partial: 'skip' }];
  }
  const all = p.windows.map((w, i) => resolveWindow(w, `${at}.windows[${i}]`, problems));
  const timed = all.filter((w): w is Extract<WindowConfig, { sizeMs: number; emit: 'interval' | 'event' }> => 'sizeMs' in w && w.emit === 'interval');
  if (all.length > 1) {
    if (timed.length !== all.length) {
      problems.push(`${at}.windows: several windows must all be tumbling, hopping or sliding with every (they are merged at each window end)`);
      return all;
    }
    const step = timed[0]!;
    timed.forEach((w, i) => {
      if (w.everyMs !== step.everyMs || w.offsetMs !== step.offsetMs) {
        problems.push(`${at}.windows[${i}]: every window needs the same step and offset as windows[0] (${formatDuration(step.everyMs)}, offset ${formatDuration(step.offsetMs)}) so they close together`);
      }
    });
    if (new Set(timed.map((w) => w.sizeMs)).size !== timed.length) problems.push(`${at}.windows: sizes must differ (feature names carry the size)`);
    timed.sort((a, b) => b.sizeMs - a.sizeMs);
    return timed;
  }
  return all;
}

export function resolveTime(t: RawPipeline['time'], window: WindowConfig, at: string, problems: Problems): TimeConfig {
  const f = `${at}.time`;
  const d = (v: string | number, name: string): number => durationField(v, `${f}.${name}`, problems);
  const slackMs = d(t.slack, 'slack');
  const allowedLatenessMs = d(t.allowedLateness, 'allowedLateness');
  const config: TimeConfig = {
    slackMs,
    late: t.late,
    allowedLatenessMs,
    watermark: t.watermark,
    idleTimeoutMs: d(t.idleTimeout, 'idleTimeout'),
    maxFutureMs: d(t.maxFuture, 'maxFuture'),
    future: t.future,
    keyTtlMs: d(t.keyTtl, 'keyTtl'),
  };
  if (t.adaptive) {
    const maxSlackMs = d(t.maxSlack, 'maxSlack');
    if (maxSlackMs < slackMs) problems.push(`${f}.maxSlack: must be at least slack (${formatDuration(slackMs)})`);
    config.adaptive = { maxSlackMs, halfLifeMs: Math.max(1, d(t.slackHalfLife, 'slackHalfLife')) };
  }
  if (t.late === 'update') {
    const timeWindow = window.type === 'sliding' || window.type === 'tumbling' || window.type === 'hopping';
    if (!timeWindow || (window.type === 'sliding' && window.emit === 'event')) {
      problems.push(`${f}.late: update corrects closed time windows; ${window.type}${window.type === 'sliding' ? ' (emit: event)' : ''} windows take drop or deadletter`);
    } else if (allowedLatenessMs <= 0) {
      problems.push(`${f}.allowedLateness: late: update needs how long a window stays correctable, e.g. allowedLateness: 5m`);
    }
  } else if (allowedLatenessMs > 0) {
    problems.push(`${f}.allowedLateness: only used with late: update; remove it or set late: update`);
  }
  return config;
}
