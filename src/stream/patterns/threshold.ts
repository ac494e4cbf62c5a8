/**
 * Range threshold with hysteresis (a Schmitt trigger): per key, one `alert` when the value leaves
 * [below, above] for `for` consecutive readings, one `clear` when it is back inside the narrower
 * band [below + hysteresis, above − hysteresis]. Readings around a limit therefore never flap.
 * Only keys with a pending run or an open alert hold state; a key back to normal is forgotten.
 * Readings are taken in the order pushed (the rules runtime's K-slack wrapper gives event-time
 * order); an open alert stays open until the value is inside the band, even if it jumps across
 * to the other limit. Non-numeric or missing readings are skipped and counted.
 */

import { Type, type Static } from '@sinclair/typebox';
import { hashId } from '../event.ts';
import type { Compiled } from '../expr/types.ts';
import { KeyStore, scopeOf } from './common.ts';
import type { Emitted, OperatorSpec, PatternEvent, PatternOperator } from './operator.ts';

export const ThresholdParams = Type.Object(
  {
    value: Type.String({ minLength: 1, description: 'expression giving the reading, e.g. temperature or convert(t, "degF", "degC")' }),
    above: Type.Optional(Type.Number({ description: 'alert when the value is greater than this' })),
    below: Type.Optional(Type.Number({ description: 'alert when the value is less than this' })),
    hysteresis: Type.Number({ minimum: 0, default: 0, description: 'clear only once the value is this far back inside the limit' }),
    for: Type.Integer({ minimum: 1, maximum: 1_000_000, default: 1, description: 'consecutive readings outside the range before the alert' }),
  },
  { additionalProperties: false },
);
export type ThresholdParams = Static<typeof ThresholdParams>;

type Side = 'above' | 'below';

/** Per-key state: a run of out-of-range readings, or an open alert (JSON-safe as it stands). */
interface KeyState {
  /** Consecutive readings outside the range so far (before the alert). */
  run: number;
  /** Event time of the first reading of the run. */
  since: number;
  side: Side;
  /** Set once the alert was emitted: its event time. */
  alertAt?: number;
}

interface ThresholdSnapshot {
  v: 1;
  keys: Array<[string, KeyState]>;
  evicted: number;
  skipped: number;
}

function checkThreshold(p: ThresholdParams): string[] {
  const problems: string[] = [];
  if (p.above === undefined && p.below === undefined) problems.push('above/below: give at least one limit, e.g. above: 80');
  const h = p.hysteresis ?? 0;
  if (p.above !== undefined && p.below !== undefined) {
    if (p.below >= p.above) problems.push(`below: must be lower than above (${p.above})`);
    else if (2 * h > p.above - p.below) problems.push(`hysteresis: ${h} leaves no clear band between ${p.below} and ${p.above}; use at most ${(p.above - p.below) / 2}`);
  }
  return problems;
}

function createThreshold(params: ThresholdParams, opts: Parameters<OperatorSpec<ThresholdParams>['create']>[1]): PatternOperator {
  const problems = checkThreshold(params);
  if (problems.length > 0) throw new Error(`threshold: ${problems.join('; ')}`);
  const value: Compiled = opts.compile(params.value);
  const { above, below } = params;
  const h = params.hysteresis ?? 0;
  const need = params.for ?? 1;
  // The limits every alert and clear reports: fixed by the params, so built once.
  const limits = { ...(above !== undefined && { above }), ...(below !== undefined && { below }), hysteresis: h };
  // LRU by write: a key is re-written on every reading it changes
  const keys = new KeyStore<KeyState>(opts.limits.maxKeys, () => 1);
  let skipped = 0;
  const restored = opts.state as ThresholdSnapshot | undefined;
  if (restored?.v === 1 && Array.isArray(restored.keys)) {
    for (const [k, s] of restored.keys) keys.map.set(k, { ...s });
    keys.evicted = restored.evicted ?? 0;
    skipped = restored.skipped ?? 0;
  }

  const outside = (x: number): Side | undefined => (above !== undefined && x > above ? 'above' : below !== undefined && x < below ? 'below' : undefined);
  const clears = (x: number): boolean => (above === undefined || x <= above - h) && (below === undefined || x >= below + h);

  function reading(e: PatternEvent): number | undefined {
    try {
      const v = value(scopeOf(e));
      if (typeof v === 'number' && Number.isFinite(v)) return v;
    } catch {
      // an evaluation error is a reading we cannot use: skipped and counted, like a missing field
    }
    skipped++;
    return undefined;
  }


  const emit = (e: PatternEvent, state: 'alert' | 'clear', body: Record<string, unknown>): Emitted[] => [
    { id: hashId('threshold', state, e.key, e.id), key: e.key, ts: e.ts, body: { state, key: e.key, ...body } },
  ];

  return {
    push(e) {
      const x = reading(e);
      if (x === undefined) return [];
      const s = keys.get(e.key);
      if (s?.alertAt !== undefined) {
        if (!clears(x)) return [];
        keys.delete(e.key);
        return emit(e, 'clear', { value: x, side: s.side, since: s.alertAt, durationMs: e.ts - s.alertAt, ...limits });
      }
      const side = outside(x);
      if (side === undefined) {
        keys.delete(e.key); // back inside before the run was long enough: nothing to remember
        return [];
      }
      const next: KeyState = s && s.side === side ? { ...s, run: s.run + 1 } : { run: 1, since: e.ts, side };
      if (next.run < need) {
        keys.set(e.key, next);
        return [];
      }
      keys.set(e.key, { ...next, alertAt: e.ts });
      return emit(e, 'alert', { value: x, side, threshold: side === 'above' ? above : below, readings: next.run, since: next.since, ...limits });
    },
    advance: () => [],
    snapshot: (): ThresholdSnapshot => ({ v: 1, keys: [...keys.map].map(([k, s]) => [k, { ...s }]), evicted: keys.evicted, skipped }),
    stats: () => ({ keys: keys.size, buffered: [...keys.map.values()].filter((s) => s.alertAt === undefined).length, evicted: keys.evicted, skipped }),
  };
}

export const threshold: OperatorSpec<ThresholdParams> = {
  name: 'threshold',
  summary: 'one alert when a value leaves [below, above] for N consecutive readings, one clear when it is back inside by the hysteresis band',
  params: ThresholdParams,
  example: `patterns:
  - name: boiler-temperature
    operator: threshold
    inputs:
      telemetry: { topic: "plant/+/boiler", key: "topic[1]" }
    params: { value: 'convert(temp_f, "degF", "degC")', above: 90, below: 5, hysteresis: 2, for: 3 }
    emit: { topic: "alerts/temperature/{key}" }`,
  check: checkThreshold,
  create: createThreshold,
};
