/**
 * Sequence detection per key in event time, after the SASE/Flink CEP model (Agrawal et al.,
 * "Efficient pattern matching over event streams", SIGMOD 2008): `steps` ("A then B within T", a
 * predicate per step, later steps see the previous matched body as `$prev`), `times` (N matches of
 * `where` in a row) and `trend` (a value rising for N steps, then a drop) — the last two compile to
 * steps. A partial match lives until it completes, breaks, or `within` passes since its first event.
 *
 * `every` (default true): every event matching the first step starts its own partial match, so
 * A1 A2 B gives (A1,B) and (A2,B); false: a match starts only when the key has none in progress.
 * `contiguity`: `strict` — the next step must be the key's very next event, any other breaks the
 * match (default for times and trend); `skip-till-next` — events that do not match the next step are
 * skipped, the first that does is taken (default for steps); `skip-till-any` — a matching event is
 * taken and also skipped, so every combination is found (A B1 B2 gives (A,B1) and (A,B2)).
 * Partial matches per key are bounded by maxBufferedPerKey (oldest evicted, counted).
 */

import { Type, type Static } from '@sinclair/typebox';
import { hashId } from '../event.ts';
import type { Compiled } from '../expr/types.ts';
import { checkDuration, Duration, Fifo, held, holds, KeyStore, ms, scopeOf, type Held } from './common.ts';
import type { Emitted, OperatorOptions, OperatorSpec, PatternEvent, PatternOperator } from './operator.ts';

const Contiguity = Type.Union([Type.Literal('strict'), Type.Literal('skip-till-next'), Type.Literal('skip-till-any')]);

export const SequenceParams = Type.Object(
  {
    steps: Type.Optional(
      Type.Array(Type.Object({ name: Type.String({ minLength: 1 }), where: Type.String() }, { additionalProperties: false }), {
        minItems: 1,
        description: 'the steps in order, each a predicate expression (`$prev`: the previous step\'s body)',
      }),
    ),
    times: Type.Optional(Type.Integer({ minimum: 1, description: 'N in a row: N events of the key matching `where`' })),
    where: Type.Optional(Type.String({ description: 'predicate of `times` (default every event); an event failing it breaks the run' })),
    trend: Type.Optional(
      Type.Object(
        { value: Type.String(), rising: Type.Integer({ minimum: 1 }) },
        { additionalProperties: false, description: '`value` expression rises `rising` times in a row, then drops' },
      ),
    ),
    within: Type.Optional(Duration('longest time from the first to the last event of a match; default no limit')),
    contiguity: Type.Optional(Type.Union(Contiguity.anyOf, { description: 'default skip-till-next for steps, strict for times and trend (see "Sequence semantics")' })),
    every: Type.Boolean({ default: true, description: 'each first-step event starts its own match (false: one match at a time per key)' }),
  },
  { additionalProperties: false },
);
export type SequenceParams = Static<typeof SequenceParams>;

interface Partial {
  startTs: number;
  events: Held[];
  /** The trend value of the last matched event. */
  last: number;
}

/** Does the event in `scope` match step `i` of a partial match `p` (undefined for the first step)? */
type Step = (scope: Record<string, unknown>, p: Partial | undefined) => boolean;

interface Plan {
  names: string[];
  steps: Step[];
  /** Trend: the numeric value of the event, read once per event. */
  value?: Compiled;
}

function plan(p: SequenceParams, compile: OperatorOptions['compile']): Plan {
  if (p.steps) {
    const where = p.steps.map((s) => compile(s.where));
    const steps = where.map<Step>((w) => (scope, prev) => {
      scope.$prev = prev ? prev.events[prev.events.length - 1]!.body : null;
      return holds(w(scope));
    });
    return { names: p.steps.map((s) => s.name), steps };
  }
  if (p.trend) {
    const n = p.trend.rising;
    const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
    const steps: Step[] = [(s) => isNum(s.$value)];
    for (let i = 0; i < n; i++) steps.push((s, prev) => isNum(s.$value) && s.$value > prev!.last);
    steps.push((s, prev) => isNum(s.$value) && s.$value < prev!.last);
    return { names: steps.map((_, i) => String(i)), steps, value: compile(p.trend.value) };
  }
  const where = p.where ? compile(p.where) : undefined;
  const step: Step = (scope) => (where ? holds(where(scope)) : true);
  return { names: Array.from({ length: p.times ?? 1 }, (_, i) => String(i)), steps: Array.from({ length: p.times ?? 1 }, () => step) };
}

interface SequenceState {
  keys: Array<[key: string, held: { partials: Partial[] }]>;
  deadlines: Array<[key: string, deadline: number]>;
}

function createSequence(params: SequenceParams, opts: OperatorOptions): PatternOperator {
  const { names, steps, value } = plan(params, opts.compile);
  const withinMs = params.within === undefined ? Infinity : ms(params.within, 'within');
  const contiguity = params.contiguity ?? (params.steps ? 'skip-till-next' : 'strict');
  const every = params.every ?? true;
  const mode = params.steps ? 'steps' : params.trend ? 'trend' : 'times';
  const keys = new KeyStore<{ partials: Partial[] }>(opts.limits.maxKeys, (k) => k.partials.length);
  const deadlines = new Fifo<[string, number]>(); // one per started match, in start order
  let evictedPartials = 0;

  function emit(key: string, p: Partial): Emitted {
    const body: Record<string, unknown> = { pattern: mode, events: p.events.map((e) => e.body), start: p.startTs, end: p.events[p.events.length - 1]!.ts };
    if (mode === 'steps') body.match = Object.fromEntries(names.map((n, i) => [n, p.events[i]!.body]));
    return { id: hashId('sequence', ...p.events.map((e) => e.id)), key, ts: body.end as number, body };
  }

  function push(e: PatternEvent): Emitted[] {
    const scope = scopeOf(e);
    const v = value ? value(scope) : undefined;
    if (value) scope.$value = v;
    const last = typeof v === 'number' ? v : 0; // read only by trend steps, which require a number
    const out: Emitted[] = [];
    const next: Partial[] = [];
    let active = false;
    for (const p of keys.get(e.key)?.partials ?? []) {
      if (e.ts - p.startTs > withinMs) continue; // expired in event time, whether or not advance() ran
      active = true;
      if (!steps[p.events.length]!(scope, p)) {
        if (contiguity !== 'strict') next.push(p);
        continue;
      }
      if (contiguity === 'skip-till-any') next.push(p);
      const q = contiguity === 'skip-till-any' ? { ...p, events: [...p.events] } : p;
      q.events.push(held(e));
      q.last = last;
      if (q.events.length === steps.length) out.push(emit(e.key, q));
      else next.push(q);
    }
    if ((every || !active) && steps[0]!(scope, undefined)) {
      const p: Partial = { startTs: e.ts, events: [held(e)], last };
      if (steps.length === 1) out.push(emit(e.key, p));
      else {
        next.push(p);
        if (withinMs < Infinity) deadlines.push([e.key, e.ts + withinMs]);
      }
    }
    if (next.length > opts.limits.maxBufferedPerKey) evictedPartials += next.splice(0, next.length - opts.limits.maxBufferedPerKey).length;
    if (next.length > 0) keys.touch(e.key, () => ({ partials: next })).partials = next;
    else keys.delete(e.key);
    return out;
  }

  /** Frees partial matches whose window has passed; they can no longer complete, so nothing is emitted. */
  function advance(watermarkMs: number): Emitted[] {
    for (let d = deadlines.peek(); d && d[1] < watermarkMs; d = deadlines.peek()) {
      deadlines.shift();
      const k = keys.get(d[0]);
      if (!k) continue;
      k.partials = k.partials.filter((p) => p.startTs + withinMs >= watermarkMs);
      if (k.partials.length === 0) keys.delete(d[0]);
    }
    return [];
  }

  const restored = opts.state as SequenceState | undefined;
  for (const [key, k] of restored?.keys ?? []) keys.touch(key, () => k);
  for (const d of restored?.deadlines ?? []) deadlines.push(d);

  return {
    push,
    advance,
    snapshot: (): SequenceState => ({ keys: [...keys.map], deadlines: deadlines.toArray() }),
    stats: () => ({ keys: keys.size, buffered: keys.items(), evicted: keys.evicted + evictedPartials }),
  };
}

export const sequenceSpec: OperatorSpec<SequenceParams> = {
  name: 'sequence',
  summary: 'per-key sequences in event time: A then B within T, N in a row, a rising trend then a drop; with `every` and contiguity options (see Sequence semantics)',
  params: SequenceParams,
  example: `patterns:
  - name: domestic-then-foreign
    operator: sequence
    inputs:
      payments: { topic: "cards/+/payments", key: "topic[1]" }
    params:
      steps:
        - { name: domestic, where: "country == 'NL'" }
        - { name: foreign, where: "country != $prev.country" }
      within: 10m
    emit: { topic: "alerts/card/{key}" }`,
  check(p) {
    const problems: string[] = [];
    checkDuration(p.within, 'within', problems);
    const modes = ['steps', 'times', 'trend'].filter((m) => p[m as keyof SequenceParams] !== undefined);
    if (modes.length !== 1) problems.push(`steps, times, trend: give exactly one (got ${modes.length ? modes.join(', ') : 'none'})`);
    if (p.where !== undefined && p.times === undefined) problems.push('where: goes with times (steps carry their own where)');
    if (p.trend && p.contiguity && p.contiguity !== 'strict') problems.push('contiguity: a trend is strict (rising means each next value is higher)');
    return problems;
  },
  create: createSequence,
};
