/**
 * The gather half of scatter-gather: results from named branches (`parts`) that share a correlation
 * id (the event key) are combined into one event once every part has arrived, or at `timeout`
 * after the first part (event time) per `policy`: `partial` emits what came with `missing: […]`,
 * `drop` emits nothing. The runtime fans the request out; a part comes in on the input named after
 * it, or names itself through the `part` expression. A repeated part is ignored (redelivery).
 */

import { Type, type Static } from '@sinclair/typebox';
import { hashId } from '../event.ts';
import { checkDuration, Duration, Fifo, held, KeyStore, ms, scopeOf, type Held } from './common.ts';
import type { Emitted, OperatorSpec, PatternEvent, PatternOperator } from './operator.ts';

export const GatherParams = Type.Object(
  {
    parts: Type.Array(Type.String({ minLength: 1 }), { minItems: 1, description: 'the branch names to wait for' }),
    timeout: Duration('how long after the first part (event time) the group waits for the others'),
    policy: Type.Union([Type.Literal('partial'), Type.Literal('drop')], {
      default: 'partial',
      description: 'at timeout: emit what arrived with `missing: [...]`, or drop it',
    }),
    part: Type.Optional(Type.String({ description: 'expression naming the part of an event; default its input name' })),
  },
  { additionalProperties: false },
);
export type GatherParams = Static<typeof GatherParams>;

interface Group {
  startTs: number;
  parts: Map<string, Held>;
}

type GroupState = [key: string, startTs: number, parts: Array<[string, Held]>];

function createGather(params: GatherParams, opts: Parameters<OperatorSpec<GatherParams>['create']>[1]): PatternOperator {
  const timeoutMs = ms(params.timeout, 'timeout');
  const names = new Set(params.parts);
  const partOf = params.part ? opts.compile(params.part) : undefined;
  // Groups stay in creation order (never re-touched), which is deadline order for in-order input.
  const groups = new KeyStore<Group>(opts.limits.maxKeys, (g) => g.parts.size);
  const deadlines = new Fifo<{ key: string; group: Group }>();

  function emit(key: string, g: Group, ts: number): Emitted {
    const parts: Record<string, unknown> = {};
    const missing: string[] = [];
    const ids: string[] = [];
    for (const name of params.parts) {
      const p = g.parts.get(name);
      if (p) {
        parts[name] = p.body;
        ids.push(p.id);
      } else missing.push(name);
    }
    return { id: hashId('gather', key, ...ids), key, ts, body: { parts, missing } };
  }

  /** Closes a timed-out group: the partial result, or nothing under `drop`. */
  function expire(key: string, g: Group): Emitted[] {
    groups.delete(key);
    return params.policy === 'drop' ? [] : [emit(key, g, g.startTs + timeoutMs)];
  }

  function open(key: string, startTs: number): Group {
    const g: Group = { startTs, parts: new Map() };
    groups.touch(key, () => g);
    deadlines.push({ key, group: g });
    return g;
  }

  function push(e: PatternEvent): Emitted[] {
    const name = partOf ? partOf(scopeOf(e)) : e.source;
    if (typeof name !== 'string' || !names.has(name)) return [];
    const out: Emitted[] = [];
    let g = groups.get(e.key);
    if (g && e.ts > g.startTs + timeoutMs) out.push(...expire(e.key, g)); // its timeout passed in event time
    g = groups.get(e.key) ?? open(e.key, e.ts);
    if (!g.parts.has(name)) g.parts.set(name, held(e));
    if (g.parts.size === names.size) {
      groups.delete(e.key);
      out.push(emit(e.key, g, e.ts));
    }
    return out;
  }

  function advance(watermarkMs: number): Emitted[] {
    const out: Emitted[] = [];
    for (let d = deadlines.peek(); d; d = deadlines.peek()) {
      const live = groups.get(d.key) === d.group;
      if (live && d.group.startTs + timeoutMs >= watermarkMs) break;
      deadlines.shift();
      if (live) out.push(...expire(d.key, d.group));
    }
    return out;
  }

  for (const [key, startTs, parts] of (opts.state as GroupState[] | undefined) ?? []) open(key, startTs).parts = new Map(parts);

  return {
    push,
    advance,
    snapshot: (): GroupState[] => [...groups.map].map(([key, g]) => [key, g.startTs, [...g.parts]]),
    stats: () => ({ keys: groups.size, buffered: groups.items(), evicted: groups.evicted }),
  };
}

export const gatherSpec: OperatorSpec<GatherParams> = {
  name: 'gather',
  summary: 'combines the results of named branches with the same correlation id into one event; at timeout emits the partial result or drops it',
  params: GatherParams,
  example: `patterns:
  - name: loan-checks
    operator: gather
    inputs:
      credit: { topic: "checks/credit/+", key: "$.requestId" }
      address: { topic: "checks/address/+", key: "$.requestId" }
      identity: { topic: "checks/identity/+", key: "$.requestId" }
    params: { parts: [credit, address, identity], timeout: 5s, policy: partial }
    emit: { topic: "loans/checked/{key}" }`,
  check(p) {
    const problems: string[] = [];
    checkDuration(p.timeout, 'timeout', problems);
    if (new Set(p.parts).size !== p.parts.length) problems.push(`parts: names must be unique (${p.parts.join(', ')})`);
    return problems;
  },
  create: createGather,
};
