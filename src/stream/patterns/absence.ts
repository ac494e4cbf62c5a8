/**
 * Absence detection per key: no expected event within T after a trigger (`after`, then `expect`
 * within T: an anomaly with no acknowledgement), or since the last expected event (no `after`: a
 * heartbeat that stops; with `changed`: a value that does not change). An expected event resets the
 * timer; the timer fires from advance() once the watermark passes its deadline — event time, or
 * processing time when the runtime drives advance() with its clock — and from push() when an
 * arriving event is already past it. It fires once; the next expected event (or trigger) re-arms it.
 */

import { Type, type Static } from '@sinclair/typebox';
import { hashId } from '../event.ts';
import { checkDuration, Duration, held, holds, KeyStore, ms, scopeOf, type Held } from './common.ts';
import type { Emitted, OperatorOptions, OperatorSpec, PatternEvent, PatternOperator } from './operator.ts';

export const AbsenceParams = Type.Object(
  {
    within: Duration('how long the expected event may take (after the trigger, or since the last one)'),
    after: Type.Optional(Type.String({ description: 'trigger predicate; absent: heartbeat mode, every expected event restarts the timer' })),
    expect: Type.Optional(Type.String({ description: 'predicate of the expected event; default any event of the key' })),
    changed: Type.Optional(Type.String({ description: 'expression: an event is expected when its value differs from the previous event\'s' })),
  },
  { additionalProperties: false },
);
export type AbsenceParams = Static<typeof AbsenceParams>;

interface KeyState {
  /** The trigger, or the last expected event in heartbeat mode; null when not armed. */
  armed: Held | null;
  /** `changed`: the previous event's value. */
  last?: unknown;
}

interface AbsenceState {
  keys: Array<[string, KeyState]>;
  timers: string[];
}

function createAbsence(params: AbsenceParams, opts: OperatorOptions): PatternOperator {
  const withinMs = ms(params.within, 'within');
  const after = params.after ? opts.compile(params.after) : undefined;
  const expect = params.expect ? opts.compile(params.expect) : undefined;
  const changed = params.changed ? opts.compile(params.changed) : undefined;
  // Armed keys in arming order. With in-order input and one timeout that is deadline order, so
  // advance() stops at the first key not yet due instead of scanning every key.
  const timers = new Map<string, KeyState>();
  const keys = new KeyStore<KeyState>(opts.limits.maxKeys, (k) => (k.armed ? 1 : 0), (key) => timers.delete(key));

  function fire(key: string, k: KeyState): Emitted {
    const t = k.armed!;
    k.armed = null;
    timers.delete(key);
    const deadline = t.ts + withinMs;
    return { id: hashId('absence', key, t.id, deadline), key, ts: deadline, body: { absent: true, since: t.ts, deadline, withinMs, [after ? 'trigger' : 'last']: t.body } };
  }

  function arm(key: string, k: KeyState, e: PatternEvent): void {
    k.armed = held(e);
    timers.delete(key);
    timers.set(key, k);
  }

  function push(e: PatternEvent): Emitted[] {
    const scope = scopeOf(e);
    const k = keys.touch(e.key, () => ({ armed: null }));
    const out: Emitted[] = [];
    if (k.armed && e.ts > k.armed.ts + withinMs) out.push(fire(e.key, k)); // overdue in event time
    let expected: boolean;
    if (changed) {
      const v = changed(scope);
      expected = !Object.is(v, k.last);
      k.last = v;
    } else expected = expect ? holds(expect(scope)) : true;
    if (!after) {
      if (expected) arm(e.key, k, e); // heartbeat: restart the timer
    } else if (k.armed) {
      if (expected) {
        k.armed = null; // satisfied: an event first answers a pending trigger, it does not re-trigger
        timers.delete(e.key);
      }
    } else if (holds(after(scope))) arm(e.key, k, e);
    return out;
  }

  function advance(watermarkMs: number): Emitted[] {
    const out: Emitted[] = [];
    for (const [key, k] of timers) {
      if (k.armed!.ts + withinMs >= watermarkMs) break;
      out.push(fire(key, k));
    }
    return out;
  }

  const restored = opts.state as AbsenceState | undefined;
  for (const [key, k] of restored?.keys ?? []) keys.touch(key, () => k);
  for (const key of restored?.timers ?? []) timers.set(key, keys.get(key)!);

  return {
    push,
    advance,
    snapshot: (): AbsenceState => ({ keys: [...keys.map], timers: [...timers.keys()] }),
    stats: () => ({ keys: keys.size, buffered: timers.size, evicted: keys.evicted }),
  };
}

export const absenceSpec: OperatorSpec<AbsenceParams> = {
  name: 'absence',
  summary: 'fires when no expected event arrives within T after a trigger, or since the last one (heartbeat, unchanged state), per key',
  params: AbsenceParams,
  example: `patterns:
  - name: unacknowledged-anomaly
    operator: absence
    inputs:
      anomalies: { topic: "streamscore/anomalies/+/+", key: "topic[3]" }
      acks: { topic: "acks/+", key: "topic[1]" }
    params: { after: "$source == 'anomalies' and score > 0.9", expect: "$source == 'acks'", within: 5m }
    emit: { topic: "escalations/{key}" }`,
  check(p) {
    const problems: string[] = [];
    checkDuration(p.within, 'within', problems);
    if (p.expect !== undefined && p.changed !== undefined) problems.push('expect, changed: give one (an expected event is a match, or a change)');
    return problems;
  },
  create: createAbsence,
};
