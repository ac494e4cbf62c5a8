/**
 * `npm run bench -- windows`: events/s per core of every window type (6 aggregates × 3 fields,
 * no decoding, no model) against a naive recompute of the same sliding windows, and heap bytes
 * per key (forced GC) for 10k and 1M keys. Ends with the `windows:` line.
 */

import v8 from 'node:v8';
import vm from 'node:vm';
import type { WindowConfig } from '../src/config/window.ts';
import { createWindows } from '../src/features/windows/create.ts';
import { median, fmtInt, printTable, type Row } from './stats.ts';
import { envInt, type Suite } from './suite.ts';
import { createNaiveSliding } from './windows-naive.ts';

const AGGS = ['count', 'mean', 'std', 'min', 'max', 'last'];
const FIELDS = { a: AGGS, b: AGGS, c: AGGS };
const LIMITS = { maxEventsPerKey: 1_000_000, maxKeys: 2_000_000 };

const TYPES: Array<[string, WindowConfig]> = [
  ['tumbling 60s', { type: 'tumbling', sizeMs: 60_000, everyMs: 60_000, offsetMs: 0, emit: 'interval', partial: 'emit' }],
  ['hopping 60s/10s', { type: 'hopping', sizeMs: 60_000, everyMs: 10_000, offsetMs: 0, emit: 'interval', partial: 'emit' }],
  ['sliding 60s every 1s', { type: 'sliding', sizeMs: 60_000, everyMs: 1000, offsetMs: 0, emit: 'interval', partial: 'emit' }],
  ['sliding 60s every 100ms', { type: 'sliding', sizeMs: 60_000, everyMs: 100, offsetMs: 0, emit: 'interval', partial: 'emit' }],
  ['sliding 60s per event', { type: 'sliding', sizeMs: 60_000, everyMs: 60_000, offsetMs: 0, emit: 'event', partial: 'emit' }],
  ['count 100 every 10', { type: 'count', size: 100, every: 10, partial: 'emit' }],
  ['session gap 30s', { type: 'session', gapMs: 30_000 }],
];

/** 1000 devices at 10 Hz of event time, round-robin: a 60 s window holds 600 events per device. */
function makeEvents(n: number, devices: number): Array<{ key: string; ts: number; values: Record<string, number> }> {
  const keys = Array.from({ length: devices }, (_, i) => `device-${i}`);
  const out = [];
  let seed = 1;
  const rnd = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let i = 0; i < n; i++) {
    const tick = Math.floor(i / devices);
    out.push({ key: keys[i % devices]!, ts: 1_767_225_600_000 + tick * 100, values: { a: 20 + rnd(), b: 5 * rnd(), c: 100 + 10 * rnd() } });
  }
  return out;
}

function rate(run: () => void, n: number, runs = 3): number {
  if (runs > 1) run(); // warm-up: JIT and allocation sites settle before timing
  const rates: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    run();
    rates.push(n / ((performance.now() - t0) / 1000));
  }
  return median(rates);
}

function bytesPerIdleKey(keys: number): number {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  const w = createWindows(TYPES[2]![1], { fields: FIELDS, limits: LIMITS, allowedLatenessMs: 0 });
  gc();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < keys; i++) {
    const key = `device-${i}`;
    w.push(key, 1000, { a: 1, b: 2, c: 3 });
    w.advance(key, 1_000_000); // its windows closed: the key is idle
  }
  gc();
  const bytes = (process.memoryUsage().heapUsed - before) / keys;
  if (w.stats().keys !== keys) throw new Error('keys were evicted during the measurement');
  return bytes;
}

export const suite: Suite = {
  name: 'windows',
  summary: 'each window type, 6 aggregates × 3 fields, vs a naive recompute; bytes per idle key',
  async run(ctx) {
    const n = envInt('BENCH_WINDOW_EVENTS', 1_200_000); // 2 min of event time: 60 s windows run full
    const events = makeEvents(n, 1000);
    const rows: Row[] = [];
    let sliding = 0;
    for (const [name, config] of TYPES) {
      let emitted = 0;
      const evs = rate(() => {
        const w = createWindows(config, { fields: FIELDS, limits: LIMITS, allowedLatenessMs: 0 });
        emitted = 0;
        for (const e of events) {
          const r = w.push(e.key, e.ts, e.values);
          if (r.ok) emitted += r.closed.length;
        }
      }, n);
      if (name === 'sliding 60s per event') sliding = evs;
      rows.push({ window: name, 'events/s': fmtInt(evs), results: fmtInt(emitted) });
    }
    const naiveRate = (everyMs: number): [number, number] => {
      let out = 0;
      const r = rate(() => {
        const w = createNaiveSliding(60_000, everyMs);
        for (const e of events) w.push(e.key, e.ts, e.values);
        out = w.emitted;
      }, n, 1); // a rescan is slow and steady: one timed run
      return [r, out];
    };
    const [naive, naiveOut] = naiveRate(1000);
    rows.push({ window: 'naive sliding 60s every 1s (rescan)', 'events/s': fmtInt(naive), results: fmtInt(naiveOut) });
    const [naiveFast, naiveFastOut] = naiveRate(100);
    rows.push({ window: 'naive sliding 60s every 100ms (rescan)', 'events/s': fmtInt(naiveFast), results: fmtInt(naiveFastOut) });
    const [naiveEvent, naiveEventOut] = naiveRate(0);
    rows.push({ window: 'naive sliding 60s per event (rescan)', 'events/s': fmtInt(naiveEvent), results: fmtInt(naiveEventOut) });
    printTable(`${fmtInt(n)} events, 1000 devices at 10 Hz, single thread (median of 3):`, rows);

    const small = bytesPerIdleKey(10_000);
    const large = bytesPerIdleKey(envInt('BENCH_WINDOW_KEYS', 1_000_000));
    printTable('heap bytes per idle key (forced GC; key string and map entry included):', [
      { keys: '10,000', 'bytes/key': fmtInt(small) },
      { keys: fmtInt(envInt('BENCH_WINDOW_KEYS', 1_000_000)), 'bytes/key': fmtInt(large) },
    ]);
    console.log('targets: ≥ 1,000,000 events/s per core for sliding windows with O(1) aggregates; ≤ 1 KB per idle key');
    ctx.figures.set('windows.sliding', sliding);
    // The headline compares like with like: a result at every event, incremental vs rescanning.
    ctx.trailer.push(`windows: sliding=${Math.round(sliding)} naive=${Math.round(naiveEvent)} ratio=${(sliding / naiveEvent).toFixed(2)} bytes_per_key=${Math.round(large)}`);
  },
};
