/**
 * `npm run bench -- patterns`: in-process events/s per core of the stream-pattern operators (join,
 * sequence, absence, top-K) at 10k keys, in event-time order, with naive baselines where one is
 * meaningful (top-K by a full sort of the window per refresh; absence by scanning every key per
 * advance). Predicates are plain closures: the expression language is measured on its own. Ends
 * with the `patterns:` line.
 */

import type { Compile, Scope } from '../src/stream/expr/types.ts';
import type { PatternEvent, PatternOperator } from '../src/stream/patterns/operator.ts';
import { scopeOf } from '../src/stream/patterns/common.ts';
import { createOrdered } from '../src/stream/patterns/ordered.ts';
import { PATTERNS } from '../src/stream/patterns/registry.ts';
import { fmtInt, median, printTable, type Row } from './stats.ts';
import { envInt, type Suite } from './suite.ts';

const KEYS = 10_000;
const BASE = 1_767_225_600_000;

/** The predicates the rules below use, as closures. */
const CLOSURES: Record<string, (s: Scope) => unknown> = {
  "kind == 'a'": (s) => s.kind === 'a',
  "kind == 'b'": (s) => s.kind === 'b',
  amount: (s) => s.amount,
  beat: (s) => s.kind !== 'silent',
};
const compile: Compile = (source) => {
  const fn = CLOSURES[source];
  if (!fn) throw new Error(`bench: no closure for ${source}`);
  return fn;
};

/** 10k keys, each speaking every 10 s of event time (one event per ms), round-robin; sources and kinds from a seeded LCG. */
function makeEvents(n: number): PatternEvent[] {
  let seed = 7;
  const rnd = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const kinds = ['a', 'b', 'c', 'c', 'c'];
  const out: PatternEvent[] = [];
  for (let i = 0; i < n; i++) {
    const k = i % KEYS;
    const r = rnd();
    // Every 50th key goes silent for a while, so absence has timers to fire.
    const kind = k % 50 === 0 && Math.floor(i / KEYS) % 20 > 10 ? 'silent' : kinds[Math.floor(r * kinds.length)]!;
    const key = `dev-${k}`;
    const ts = BASE + i;
    out.push({ id: `e${i}`, key, ts, source: r < 0.5 ? 'left' : 'right', topic: `t/${key}`, body: { kind, amount: Math.floor(r * 1000) } });
  }
  return out;
}

/** Events/s of one fresh operator over all events, advancing the watermark every 1000 events; median of 3 after a warm-up. */
function rate(make: () => PatternOperator, events: PatternEvent[], runs = 3): { evs: number; out: number } {
  let out = 0;
  const once = (): number => {
    const op = make();
    out = 0;
    const t0 = performance.now();
    for (let i = 0; i < events.length; i++) {
      const e = events[i]!;
      out += op.push(e).length;
      if (i % 1000 === 999) out += op.advance(e.ts).length;
    }
    return events.length / ((performance.now() - t0) / 1000);
  };
  if (runs > 1) once();
  const rates = Array.from({ length: runs }, once);
  return { evs: median(rates), out };
}

const LIMITS = { maxKeys: 2 * KEYS, maxBufferedPerKey: 1000 };
const make = (name: string, params: Record<string, unknown>) => () => PATTERNS[name]!.create(params, { compile, limits: LIMITS });

/** Naive top-K: every event kept in the window; each refresh aggregates the whole window and sorts every key. */
function naiveTopK(sizeMs: number, everyMs: number, n: number): PatternOperator {
  const window: PatternEvent[] = [];
  let next = -1;
  const refresh = (t: number) => {
    while (window.length && window[0]!.ts < t - sizeMs) window.shift();
    const sums = new Map<string, number>();
    for (const e of window) if (e.ts < t) sums.set(e.key, (sums.get(e.key) ?? 0) + (e.body.amount as number));
    return [...sums].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, n);
  };
  const due = (upto: number) => {
    let k = 0;
    while (next >= 0 && next <= upto) (refresh(next), (next += everyMs), k++);
    return Array.from({ length: k }, () => ({ id: '', key: '', ts: 0, body: {} }));
  };
  return {
    push(e) {
      const out = due(e.ts);
      if (next < 0) next = (Math.floor(e.ts / everyMs) + 1) * everyMs;
      window.push(e);
      return out;
    },
    advance: due,
    snapshot: () => null,
    stats: () => ({ keys: 0, buffered: window.length, evicted: 0 }),
  };
}

/** Naive absence: the same predicate on the same scope, but every key scanned at every advance. */
function naiveAbsence(withinMs: number): PatternOperator {
  const last = new Map<string, number>();
  const beat = compile('beat');
  return {
    push(e) {
      if (beat(scopeOf(e)) === true) last.set(e.key, e.ts);
      return [];
    },
    advance(wm) {
      const out = [];
      for (const [key, ts] of last) if (ts + withinMs < wm) (out.push({ id: '', key, ts, body: {} }), last.delete(key));
      return out;
    },
    snapshot: () => null,
    stats: () => ({ keys: last.size, buffered: 0, evicted: 0 }),
  };
}

export const suite: Suite = {
  name: 'patterns',
  summary: 'events/s per core of join, sequence, absence and top-K at 10k keys, vs naive top-K and absence',
  async run(ctx) {
    const n = envInt('BENCH_PATTERN_EVENTS', 400_000);
    const events = makeEvents(n);
    const shuffled = [...events].sort((a, b) => a.ts + ((Number(a.id.slice(1)) * 7919) % 500) - (b.ts + ((Number(b.id.slice(1)) * 7919) % 500)));
    const rows: Row[] = [];
    const figures: Record<string, number> = {};
    const measure = (label: string, figure: string | null, mk: () => PatternOperator, evs = events, runs = 3) => {
      const r = rate(mk, evs, runs);
      rows.push({ operator: label, 'events/s': fmtInt(r.evs), results: fmtInt(r.out), events: fmtInt(evs.length) });
      if (figure) figures[figure] = r.evs;
      return r.evs;
    };
    measure('join inner, within 20s', 'join', make('join', { within: 20_000, type: 'inner' }));
    measure('join full, within 20s', null, make('join', { within: 20_000, type: 'full' }));
    measure('join inner via K-slack 500ms (shuffled ≤ 500ms)', null, () => createOrdered(make('join', { within: 20_000, type: 'inner' }), { slackMs: 500, maxBuffered: 1_000_000 }), shuffled);
    measure("sequence a then b within 60s (skip-till-next, every)", 'sequence', make('sequence', { steps: [{ name: 'a', where: "kind == 'a'" }, { name: 'b', where: "kind == 'b'" }], within: 60_000, every: true }));
    measure("sequence 3 × a in a row (strict)", null, make('sequence', { times: 3, where: "kind == 'a'", every: true }));
    measure('absence heartbeat within 30s', 'absence', make('absence', { expect: 'beat', within: 30_000 }));
    measure('topk 10 by sum, 60s every 1s', 'topk', make('topk', { n: 10, aggregate: 'sum', value: 'amount', size: 60_000, every: 1000 }));
    const few = events.slice(0, Math.min(n, 100_000));
    const inc = measure('topk 10 by sum, 60s every 1s (first 100k events)', null, make('topk', { n: 10, aggregate: 'sum', value: 'amount', size: 60_000, every: 1000 }), few);
    const naive = measure('naive topk: full aggregate + sort per refresh (first 100k)', null, () => naiveTopK(60_000, 1000, 10), few, 1);
    const naiveAbs = measure('naive absence: scan every key per advance', null, () => naiveAbsence(30_000));
    printTable(`${fmtInt(n)} events, ${fmtInt(KEYS)} keys, one event per key every 10 s of event time, in order, watermark every 1000 events, single thread (median of 3):`, rows);
    console.log(`top-K incremental vs naive (same 100k events): ${(inc / naive).toFixed(1)}×; absence vs naive scan: ${(figures.absence! / naiveAbs).toFixed(1)}×`);
    for (const [k, v] of Object.entries(figures)) ctx.figures.set(`patterns.${k}`, v);
    ctx.trailer.push(`patterns: join=${Math.round(figures.join!)} sequence=${Math.round(figures.sequence!)} absence=${Math.round(figures.absence!)} topk=${Math.round(figures.topk!)}`);
  },
};
