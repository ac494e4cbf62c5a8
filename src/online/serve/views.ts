/** What GET /v1/online/... shows: a model's params, sample count and metrics; a pipeline's metrics. */

import type { StepRef } from '../learn/pipeline.ts';
import { LEARNERS } from '../learn/registry.ts';
import type { Params } from '../learn/types.ts';
import type { OnlineExtension } from './extension.ts';
import type { Prequential } from './prequential.ts';

/** The configured steps with every default filled in, as the learner runs them. */
export function effectiveParams(ref: StepRef): Array<{ learner: string; params: Params }> {
  const steps = ref.learner === 'pipeline' ? [...(ref.params!.steps as StepRef[]), ref.params!.model as StepRef] : [ref];
  return steps.map((s) => ({ learner: s.learner, params: { ...LEARNERS[s.learner]?.defaults, ...s.params } }));
}

const figures = (m: Prequential): Record<string, number> => ({ n: m.n, ...m.values() });

export function modelView(ext: OnlineExtension, modelKey: string): Record<string, unknown> | undefined {
  const model = ext.models.peek(modelKey);
  if (!model) return undefined;
  const o = ext.online;
  return {
    pipeline: ext.pipeline,
    key: modelKey,
    learner: o.name,
    task: o.task,
    scope: o.scope,
    params: effectiveParams(o.learner),
    ...(o.drift && { drift: o.drift }),
    samples: model.samples,
    drifts: model.drifts,
    metrics: figures(model.metrics),
  };
}

/** The pipeline-wide aggregate, label counters, and per-model figures (at most `limit` models, newest first by the keyed store's order). */
export function metricsView(ext: OnlineExtension, limit: number): Record<string, unknown> {
  const keys = ext.models.keys().reverse();
  const models: Record<string, unknown> = {};
  for (const k of keys.slice(0, limit)) {
    const m = ext.models.peek(k)!;
    models[k] = { samples: m.samples, drifts: m.drifts, ...figures(m.metrics) };
  }
  return {
    pipeline: ext.pipeline,
    learner: ext.online.name,
    task: ext.online.task,
    scope: ext.online.scope,
    aggregate: figures(ext.models.aggregate),
    labels: { ...ext.counters, pending: ext.pending },
    models,
    modelCount: keys.length,
    modelEvictions: ext.models.evictions,
  };
}
