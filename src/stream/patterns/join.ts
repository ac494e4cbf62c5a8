/**
 * Stream–stream join (the windowed join of DDIA ch. 11, "stream-stream join"): events on inputs
 * `left` and `right` with the same key, |left.ts − right.ts| ≤ within (event time) and an optional
 * predicate over `{left, right}` are paired. A pair is emitted when its second event arrives; an
 * event that can no longer match (ts + within < watermark) leaves the buffer then, and is emitted
 * with the other side null when the join type keeps its side (left, right, full).
 */

import { Type, type Static } from '@sinclair/typebox';
import { hashId } from '../event.ts';
import { checkDuration, Duration, Fifo, holds, KeyStore, ms } from './common.ts';
import type { Emitted, OperatorSpec, PatternEvent, PatternOperator } from './operator.ts';

export const JoinParams = Type.Object(
  {
    within: Duration('largest |left.ts − right.ts| of a pair, event time'),
    type: Type.Union([Type.Literal('inner'), Type.Literal('left'), Type.Literal('right'), Type.Literal('full')], {
      default: 'inner',
      description: 'which unmatched events are emitted at window expiry, the missing side null',
    }),
    where: Type.Optional(Type.String({ description: 'predicate over `left` and `right` (the bodies) and `$key`, besides the same key' })),
  },
  { additionalProperties: false },
);
export type JoinParams = Static<typeof JoinParams>;

type Side = 'left' | 'right';

interface Entry {
  key: string;
  side: Side;
  id: string;
  ts: number;
  body: Readonly<Record<string, unknown>>;
  matched: boolean;
  seq: number;
  dead: boolean;
}

type EntryState = [key: string, side: Side, id: string, ts: number, body: Record<string, unknown>, matched: boolean, seq: number];
interface JoinState {
  seq: number;
  entries: EntryState[];
}

function createJoin(params: JoinParams, opts: Parameters<OperatorSpec<JoinParams>['create']>[1]): PatternOperator {
  const withinMs = ms(params.within, 'within');
  const type = params.type ?? 'inner';
  const keeps = (side: Side): boolean => type === 'full' || type === side;
  const where = params.where ? opts.compile(params.where) : undefined;
  const queue = new Fifo<Entry>();
  const keys = new KeyStore<Entry[]>(opts.limits.maxKeys, (list) => list.length, (_k, list) => list.forEach((e) => (e.dead = true)));
  let seq = 0;
  let evictedEntries = 0;

  const pair = (left: Entry, right: Entry): Emitted => ({
    id: hashId('join', left.id, right.id),
    key: left.key,
    ts: Math.max(left.ts, right.ts),
    body: { left: left.body, right: right.body },
  });

  function add(e: Entry): void {
    const list = keys.touch(e.key, () => []);
    list.push(e);
    queue.push(e);
    if (list.length > opts.limits.maxBufferedPerKey) {
      list.shift()!.dead = true; // the oldest can match least: it is closest to expiry
      evictedEntries++;
    }
  }

  function push(event: PatternEvent): Emitted[] {
    if (event.source !== 'left' && event.source !== 'right') return [];
    const e: Entry = { key: event.key, side: event.source, id: event.id, ts: event.ts, body: event.body, matched: false, seq: seq++, dead: false };
    const out: Emitted[] = [];
    for (const other of keys.get(e.key) ?? []) {
      if (other.side === e.side || Math.abs(other.ts - e.ts) > withinMs) continue;
      const [left, right] = e.side === 'left' ? [e, other] : [other, e];
      if (where && !holds(where({ left: left.body, right: right.body, $key: e.key }))) continue;
      left.matched = right.matched = true;
      out.push(pair(left, right));
    }
    add(e);
    return out;
  }

  function advance(watermarkMs: number): Emitted[] {
    const out: Emitted[] = [];
    for (let e = queue.peek(); e && (e.dead || e.ts + withinMs < watermarkMs); e = queue.peek()) {
      queue.shift();
      if (e.dead) continue;
      const list = keys.get(e.key)!;
      list.splice(list.indexOf(e), 1);
      if (list.length === 0) keys.delete(e.key);
      if (e.matched || !keeps(e.side)) continue;
      const body = e.side === 'left' ? { left: e.body, right: null } : { left: null, right: e.body };
      out.push({ id: hashId('join', e.side, e.id), key: e.key, ts: e.ts + withinMs, body });
    }
    return out;
  }

  const restored = opts.state as JoinState | undefined;
  if (restored) {
    for (const [key, side, id, ts, body, matched, s] of restored.entries) add({ key, side, id, ts, body, matched, seq: s, dead: false });
    seq = restored.seq;
  }

  return {
    push,
    advance,
    snapshot(): JoinState {
      const live: EntryState[] = [];
      for (const list of keys.map.values()) for (const e of list) live.push([e.key, e.side, e.id, e.ts, e.body as Record<string, unknown>, e.matched, e.seq]);
      return { seq, entries: live.sort((a, b) => a[6] - b[6]) };
    },
    stats: () => ({ keys: keys.size, buffered: keys.items(), evicted: keys.evicted + evictedEntries }),
  };
}

export const joinSpec: OperatorSpec<JoinParams> = {
  name: 'join',
  summary: 'stream–stream join of `left` and `right` by key within a time window; inner, left, right or full outer',
  params: JoinParams,
  inputs: ['left', 'right'],
  example: `patterns:
  - name: card-and-location
    operator: join
    inputs:
      left: { topic: "payments/+", key: "topic[1]" }
      right: { topic: "locations/+", key: "topic[1]" }
    params: { within: 2m, type: left, where: "left.country != right.country" }
    emit: { topic: "alerts/travel/{key}" }`,
  check(p) {
    const problems: string[] = [];
    checkDuration(p.within, 'within', problems);
    return problems;
  },
  create: createJoin,
};
