/**
 * `scaler | model` composition (River's `compose.Pipeline`): each transformer learns and then
 * transforms inside `learnOne`; prediction only transforms (River ≥ 0.8: no learning at predict time).
 */

import type { Classifier, CreateOptions, Features, Model, Params, Regressor, State, Transformer } from './types.ts';

/** A step by registry name with its params, e.g. `{ learner: 'standardScaler' }`. */
export interface StepRef {
  learner: string;
  params?: Params;
}

export interface PipelineParams {
  steps: StepRef[];
  model: StepRef;
}

function chain(steps: Transformer[], x: Features, learn: boolean): Features {
  let cur = x;
  for (const s of steps) {
    if (learn) s.learnOne(cur);
    cur = s.transformOne(cur);
  }
  return cur;
}

/** Composes already-built learners; the result has the model's kind and interface. */
export function composePipeline(steps: Transformer[], model: Model): Model {
  const snapshot = (): State => ({ steps: steps.map((s) => s.snapshot()), model: model.snapshot() });
  if (model.kind === 'regressor') {
    const r: Regressor = {
      kind: 'regressor',
      predictOne: (x) => model.predictOne(chain(steps, x, false)),
      learnOne: (x, y) => model.learnOne(chain(steps, x, true), y),
      snapshot,
      ...(model.hasPrediction ? { hasPrediction: () => model.hasPrediction!() } : {}),
    };
    return r;
  }
  const c: Classifier = {
    kind: 'classifier',
    predictOne: (x) => model.predictOne(chain(steps, x, false)),
    predictProbaOne: (x) => model.predictProbaOne(chain(steps, x, false)),
    learnOne: (x, y) => model.learnOne(chain(steps, x, true), y),
    snapshot,
  };
  return c;
}

/** Builds a pipeline from step refs through a name → factory lookup (the registry), restoring state. */
export function createPipeline(
  params: PipelineParams,
  lookup: (ref: StepRef, opts: CreateOptions) => Transformer | Model,
  opts: CreateOptions = {},
): Model {
  const states = opts.state as { steps?: State[]; model?: State } | undefined;
  const steps = params.steps.map((ref, i) => {
    const t = lookup(ref, { state: states?.steps?.[i] });
    if (t.kind !== 'transformer') throw new Error(`steps[${i}].learner: '${ref.learner}' is not a transformer`);
    return t;
  });
  const model = lookup(params.model, { state: states?.model });
  if (model.kind === 'transformer') throw new Error(`model.learner: '${params.model.learner}' is not a model`);
  return composePipeline(steps, model);
}
