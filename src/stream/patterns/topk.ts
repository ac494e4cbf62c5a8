/**
 * Top-K: the N keys with the highest aggregate (sum, count, mean, max) of a value over a sliding
 * window `size`, refreshed `every` (event time), emitted as one ranking event per refresh. The
 * refresh at time t covers [t − size, t) and fires once the watermark (or an event) reaches t.
 * Incremental, never a rescan: each key keeps one bucket per `every` of the window with running
 * sum, count and max; a refresh retires only the buckets that left the window (a FIFO of bucket
 * births), and moves only the keys that changed since the last refresh in an ordered set (once per
 * key, however many events it had), then reads the top N off its front. Refreshes over
 * an empty window are skipped, except the first, so consumers see the list clear.
 */

import { Type, type Static } from '@sinclair/typebox';
import { hashId } from '../event.ts';
import { checkDuration, Duration, Fifo, KeyStore, ms, scopeOf } from './common.ts';
import type { Emitted, OperatorOptions, OperatorSpec, PatternEvent, PatternOperator } from './operator.ts';
import { Ranking, type Ranked } from './ranking.ts';

export const TopKParams = Type.Object(
  {
    n: Type.Integer({ minimum: 1, maximum: 10_000, default: 10, description: 'how many keys the ranking lists' }),
    aggregate: Type.Union([Type.Literal('sum'), Type.Literal('count'), Type.Literal('mean'), Type.Literal('max')], { default: 'sum', description: 'how a key\'s values in the window combine into its score' }),
    value: Type.Optional(Type.String({ description: 'expression aggregated per key (a number; other values are skipped); not needed for count' })),
    key: Type.Optional(Type.String({ description: 'expression giving the ranked key; default the event key' })),
    size: Duration('window length (event time)'),
    every: Duration('refresh interval; size must be a multiple of it'),
  },
  { additionalProperties: false },
);
export type TopKParams = Static<typeof TopKParams>;

type Bucket = [index: number, sum: number, count: number, max: number];

interface KeyAgg {
  buckets: Bucket[]; // oldest first
  sum: number;
  count: number;
  max: number;
  rank: Ranked;
  /** In the ranking (with rank.score as inserted). */
  ranked: boolean;
  /** Changed since the last refresh: queued in `dirty`. */
  dirty: boolean;
}

export interface TopKOperator extends PatternOperator {
  /** Bucket updates and ranking comparisons so far: tests count them to prove there is no rescan. */
  work(): number;
}

interface TopKState {
  next: number | null;
  keys: Array<[string, Bucket[]]>;
}

function createTopK(params: TopKParams, opts: OperatorOptions): TopKOperator {
  const everyMs = ms(params.every, 'every');
  const slots = Math.round(ms(params.size, 'size') / everyMs);
  const agg = params.aggregate ?? 'sum';
  const n = params.n ?? 10;
  const valueOf = params.value ? opts.compile(params.value) : undefined;
  const keyOf = params.key ? opts.compile(params.key) : undefined;
  const ranking = new Ranking();
  const keys = new KeyStore<KeyAgg>(opts.limits.maxKeys, (k) => k.buckets.length, (_key, k) => k.ranked && ranking.remove(k.rank));
  const births = new Fifo<[index: number, key: string]>();
  const dirty: KeyAgg[] = [];
  let next: number | null = null; // index of the next refresh (time next·every); null while the window is empty
  let work = 0;

  const score = (k: KeyAgg): number => (agg === 'sum' ? k.sum : agg === 'count' ? k.count : agg === 'mean' ? k.sum / k.count : k.max);

  const fresh = (key: string) => (): KeyAgg => ({ buckets: [], sum: 0, count: 0, max: -Infinity, rank: { key, score: 0 }, ranked: false, dirty: false });

  function touched(k: KeyAgg): void {
    if (k.dirty) return;
    k.dirty = true;
    dirty.push(k);
  }

  function add(key: string, index: number, v: number): void {
    const k = keys.touch(key, fresh(key));
    let b = k.buckets[k.buckets.length - 1];
    if (!b || b[0] !== index) {
      b = [index, 0, 0, -Infinity];
      k.buckets.push(b);
      births.push([index, key]);
    }
    b[1] += v;
    b[2]++;
    b[3] = Math.max(b[3], v);
    k.sum += v;
    k.count++;
    k.max = Math.max(k.max, v);
    work++;
    touched(k);
  }

  /** Moves the keys that changed since the last refresh in the ranking; forgets the ones now empty. */
  function settle(): void {
    for (const k of dirty) {
      k.dirty = false;
      if (keys.get(k.rank.key) !== k) continue; // evicted meanwhile
      if (k.count === 0) {
        if (k.ranked) ranking.remove(k.rank);
        keys.delete(k.rank.key);
      } else if (k.ranked) ranking.update(k.rank, score(k));
      else {
        k.rank.score = score(k);
        k.ranked = true;
        ranking.insert(k.rank);
      }
    }
    dirty.length = 0;
  }

  /** Retires the buckets that left the window of refresh `r` and emits its ranking. */
  function refresh(r: number): Emitted {
    for (let head = births.peek(); head && head[0] < r - slots; head = births.peek()) {
      births.shift();
      const k = keys.get(head[1]);
      if (!k || k.buckets[0]?.[0] !== head[0]) continue; // the key was evicted meanwhile
      const [, sum, count, max] = k.buckets.shift()!;
      k.sum -= sum;
      k.count -= count;
      work++;
      if (max >= k.max) k.max = k.buckets.reduce((m, b) => Math.max(m, b[3]), -Infinity); // O(buckets of one key)
      touched(k);
    }
    settle();
    const t = r * everyMs;
    const top = ranking.top(n).map((x) => ({ key: x.key, value: x.score }));
    if (ranking.size === 0) next = null;
    return { id: hashId('topk', t), key: `top${n}`, ts: t, body: { start: t - slots * everyMs, end: t, aggregate: agg, top } };
  }

  function due(uptoMs: number): Emitted[] {
    const out: Emitted[] = [];
    while (next !== null && next * everyMs <= uptoMs) out.push(refresh(next++));
    return out;
  }

  function push(e: PatternEvent): Emitted[] {
    const scope = valueOf || keyOf ? scopeOf(e) : undefined;
    const raw = valueOf ? valueOf(scope!) : 1;
    const v = agg === 'count' ? 1 : raw;
    if (typeof v !== 'number' || !Number.isFinite(v)) return due(e.ts);
    const k = keyOf ? keyOf(scope!) : e.key;
    if (typeof k !== 'string' && typeof k !== 'number') return due(e.ts);
    const out = due(e.ts); // refreshes up to the event's time exclude it: it belongs to a later one
    // A straggler (input not through the reorder buffer) counts in the open bucket: the rankings
    // already emitted stay as they were, and buckets stay in time order.
    const index = next === null ? Math.floor(e.ts / everyMs) : Math.max(Math.floor(e.ts / everyMs), next - 1);
    if (next === null) next = index + 1;
    add(String(k), index, v);
    return out;
  }

  const restored = opts.state as TopKState | undefined;
  if (restored) {
    const all: Array<[string, Bucket]> = [];
    for (const [key, buckets] of restored.keys) for (const b of buckets) all.push([key, b]);
    for (const [key, b] of all.sort((x, y) => x[1][0] - y[1][0])) {
      const k = keys.touch(key, fresh(key));
      k.buckets.push(b);
      births.push([b[0], key]);
      k.sum += b[1];
      k.count += b[2];
      k.max = Math.max(k.max, b[3]);
      touched(k);
    }
    settle();
    next = restored.next;
  }

  return {
    push,
    advance: due,
    snapshot: (): TopKState => ({ next, keys: [...keys.map].map(([key, k]) => [key, k.buckets]) }),
    stats: () => ({ keys: keys.size, buffered: keys.items(), evicted: keys.evicted }),
    work: () => work + ranking.compares,
  };
}

export const topkSpec: OperatorSpec<TopKParams> = {
  name: 'topk',
  summary: 'the top N keys by sum, count, mean or max of a value over a sliding window, one ranking event per refresh',
  params: TopKParams,
  example: `patterns:
  - name: top-spenders
    operator: topk
    inputs:
      payments: { topic: "payments/+", key: "$.user" }
    params: { n: 10, aggregate: sum, value: amount, size: 10m, every: 1s }
    emit: { topic: "leaderboards/spenders" }`,
  check(p) {
    const problems: string[] = [];
    checkDuration(p.size, 'size', problems);
    checkDuration(p.every, 'every', problems);
    if (problems.length) return problems;
    const size = ms(p.size, 'size');
    const every = ms(p.every, 'every');
    if (every <= 0 || size % every !== 0 || size < every) problems.push(`size: must be a positive multiple of every (${every} ms), got ${size} ms`);
    else if (size / every > 100_000) problems.push(`every: size / every is ${size / every} buckets per key; at most 100000`);
    if (p.value === undefined && (p.aggregate ?? 'sum') !== 'count') problems.push(`value: required for aggregate ${p.aggregate ?? 'sum'}`);
    return problems;
  },
  create: createTopK,
};
