/** Lifetime of a loaded model: calls in flight are counted, so a deleted version is released only when idle. */

import type { LoadedModel } from './runtime.ts';

/** What the guard tracks for one version. */
export interface InFlight {
  /** Calls in flight. */
  busy: number;
  /** Deleted: release the model once `busy` drops to zero. */
  doomed: boolean;
}

/** Counts calls in flight, so a deleted version's model is released only after its last call returns. */
export function guard(model: LoadedModel, e: InFlight): LoadedModel {
  const leave = (): void => {
    if (--e.busy === 0 && e.doomed) void model.dispose();
  };
  const wrapped: LoadedModel = {
    inputs: model.inputs,
    outputs: model.outputs,
    ...(model.handlesMissing !== undefined && { handlesMissing: model.handlesMissing }),
    async score(batch, rows) {
      e.busy++;
      try {
        return await model.score(batch, rows);
      } finally {
        leave();
      }
    },
    dispose: () => model.dispose(),
  };
  if (model.infer) {
    const infer = model.infer.bind(model);
    wrapped.infer = async (inputs, outputs) => {
      e.busy++;
      try {
        return await infer(inputs, outputs);
      } finally {
        leave();
      }
    };
  }
  return wrapped;
}

