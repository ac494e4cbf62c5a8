/** The pipeline's `anomaly:` section: schema (phase one) and cross-field rules (phase two). */

import { Type, type Static } from '@sinclair/typebox';
import { createWindows } from '../features/windows/create.ts';
import { detectorDef, detectors } from '../online/anomaly/registry.ts';
import { parseDuration } from './duration.ts';
import type { WindowConfig } from './window.ts';

const DetectorEntry = Type.Union([
  Type.String({ minLength: 1 }),
  Type.Object({ name: Type.String({ minLength: 1 }), params: Type.Optional(Type.Record(Type.String(), Type.Unknown())) }, { additionalProperties: false }),
]);

export const AnomalySchema = Type.Object(
  {
    detectors: Type.Array(DetectorEntry, { minItems: 1, maxItems: 8, description: 'registry names, or { name, params }; several are combined' }),
    combine: Type.Union([Type.Literal('mean'), Type.Literal('max'), Type.Literal('rank')], { default: 'mean' }),
    scope: Type.Union([Type.Literal('key'), Type.Literal('pipeline')], { default: 'key', description: 'a detector per device, or one for the whole pipeline' }),
    on: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { minItems: 1, description: 'feature names or field names (all their features); default every feature' })),
    threshold: Type.Object(
      {
        policy: Type.Union([Type.Literal('fixed'), Type.Literal('quantile'), Type.Literal('adaptive')], { default: 'fixed' }),
        value: Type.Optional(Type.Number({ minimum: 0, maximum: 1, description: 'fixed: the threshold (default emit.anomalies.threshold); others: a floor (default 0)' })),
        quantile: Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 1, default: 0.99 }),
        sigmas: Type.Number({ exclusiveMinimum: 0, default: 4, description: 'adaptive: mean + sigmas·std of recent normal scores' }),
        halfLife: Type.Integer({ minimum: 1, default: 200, description: 'adaptive: windows after which a score weighs half' }),
        hysteresis: Type.Number({ minimum: 0, maximum: 1, default: 0.1, description: 'an incident ends when the score falls below threshold − hysteresis' }),
        cooldown: Type.Union([Type.String(), Type.Number({ minimum: 0 })], { default: '1m', description: 'event time after an incident ends before another may open' }),
        warmup: Type.Integer({ minimum: 0, default: 20, description: 'windows per key scored but never raised' }),
      },
      { additionalProperties: false, default: {} },
    ),
    explain: Type.Integer({ minimum: 0, maximum: 32, default: 3, description: 'top features in an explanation' }),
    maxKeys: Type.Integer({ minimum: 1, default: 10_000, description: 'devices with detector state; the least recently seen is evicted beyond it' }),
  },
  { additionalProperties: false },
);

export type RawAnomaly = Static<typeof AnomalySchema>;

export type ThresholdConfig = {
  policy: 'fixed' | 'quantile' | 'adaptive';
  /** fixed: the threshold; quantile/adaptive: the lowest threshold they may use. */
  value: number;
  quantile: number;
  sigmas: number;
  halfLife: number;
  hysteresis: number;
  cooldownMs: number;
  warmup: number;
};

export interface AnomalyConfig {
  detectors: Array<{ name: string; params: Record<string, unknown> }>;
  combine: 'mean' | 'max' | 'rank';
  scope: 'key' | 'pipeline';
  /** Exact feature names the detectors see, in vector order. */
  on: string[];
  threshold: ThresholdConfig;
  explain: number;
  maxKeys: number;
}

interface Context {
  at: string;
  windows: WindowConfig[];
  features: Record<string, string[]>;
  /** emit.anomalies.threshold: the default for a fixed policy. */
  defaultThreshold: number;
}

/** Phase two: detector names and params, `on` against the features the windows compute, durations. */
export function resolveAnomaly(raw: RawAnomaly, ctx: Context, problems: string[]): AnomalyConfig {
  const at = `${ctx.at}.anomaly`;
  const list = raw.detectors.map((d, i) => {
    const ref = typeof d === 'string' ? { name: d, params: {} } : { name: d.name, params: d.params ?? {} };
    const field = `${at}.detectors[${i}]`;
    if (!detectors[ref.name]) {
      problems.push(`${field}: unknown detector "${ref.name}"; known: ${Object.keys(detectors).join(', ')}`);
      return ref;
    }
    const def = detectorDef(ref.name);
    const unknown = Object.keys(ref.params).filter((k) => !(k in def.defaults));
    if (unknown.length) problems.push(`${field}.params: unknown ${unknown.join(', ')}; ${ref.name} takes ${Object.keys(def.defaults).join(', ')}`);
    else {
      try {
        def.create(ref.params);
      } catch (err) {
        problems.push(`${field}.params: ${(err as Error).message}`);
      }
    }
    return ref;
  });

  const names = featureNames(ctx);
  let on = names;
  if (raw.on) {
    on = [];
    for (const [i, entry] of raw.on.entries()) {
      const aggs = ctx.features[entry];
      const hits = aggs ? names.filter((n) => aggs.some((a) => n.startsWith(`${entry}_${a}_`))) : names.filter((n) => n === entry);
      if (hits.length === 0) problems.push(`${at}.on[${i}]: "${entry}" is neither a field in features nor a feature name; features are ${names.join(', ')}`);
      for (const h of hits) if (!on.includes(h)) on.push(h);
    }
  }

  const t = raw.threshold;
  const cooldownMs = parseDuration(t.cooldown);
  if (cooldownMs === undefined) problems.push(`${at}.threshold.cooldown: "${t.cooldown}" is not a duration; write e.g. "30s", "5m"`);
  const value = t.value ?? (t.policy === 'fixed' ? ctx.defaultThreshold : 0);
  if (t.policy === 'fixed' && t.hysteresis >= value && value > 0) {
    problems.push(`${at}.threshold.hysteresis: must be lower than the threshold (${value}), or an incident never ends`);
  }
  return {
    detectors: list,
    combine: raw.combine,
    scope: raw.scope,
    on,
    threshold: { policy: t.policy, value, quantile: t.quantile, sigmas: t.sigmas, halfLife: t.halfLife, hysteresis: t.hysteresis, cooldownMs: cooldownMs ?? 0, warmup: t.warmup },
    explain: raw.explain,
    maxKeys: raw.maxKeys,
  };
}

/** The exact names the pipeline's windows will emit (built from the same code the core runs). */
function featureNames(ctx: Context): string[] {
  try {
    return createWindows(ctx.windows, { fields: ctx.features, limits: { maxEventsPerKey: 1, maxKeys: 1 }, allowedLatenessMs: 0 }).featureNames;
  } catch {
    return []; // the window section already reported its own problem
  }
}
