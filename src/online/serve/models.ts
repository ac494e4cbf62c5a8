/**
 * The models of one pipeline: one per key (`scope: key`) or one shared under `_`, bounded by
 * `maxKeys` with least-recently-used eviction (a Map in use order), plus the pipeline-wide
 * prequential aggregate over every label any model learned from.
 */

import type { State } from '../learn/types.ts';
import type { OnlineConfig } from './config.ts';
import { createOnlineModel, type OnlineModel } from './model.ts';
import { createPrequential, type Prequential } from './prequential.ts';

/** The key of the one model of a `scope: pipeline` learner. */
export const SHARED_KEY = '_';

export interface ModelTableState {
  models: Array<[string, State]>;
  aggregate: State;
  evictions: number;
}

export interface ModelTable {
  /** The model for a window's key, created on first use; marks it most recently used. */
  get(key: string): OnlineModel;
  /** The model under a model key (`_` for scope pipeline), without creating or touching it. */
  peek(modelKey: string): OnlineModel | undefined;
  /** Which model a window's key uses. */
  modelKey(key: string): string;
  readonly aggregate: Prequential;
  readonly size: number;
  /** Models dropped by `maxKeys`. */
  readonly evictions: number;
  keys(): string[];
  snapshot(): ModelTableState;
}

export function createModelTable(config: OnlineConfig, state?: ModelTableState): ModelTable {
  const models = new Map<string, OnlineModel>();
  for (const [key, s] of state?.models ?? []) models.set(key, createOnlineModel(config, s));
  const aggregate = createPrequential(config.task, config.positive, state?.aggregate);
  let evictions = state?.evictions ?? 0;
  const modelKey = (key: string) => (config.scope === 'pipeline' ? SHARED_KEY : key);

  return {
    get(key) {
      const k = modelKey(key);
      let m = models.get(k);
      if (m) models.delete(k);
      else m = createOnlineModel(config);
      models.set(k, m);
      if (models.size > config.maxKeys) {
        models.delete(models.keys().next().value!);
        evictions++;
      }
      return m;
    },
    peek: (k) => models.get(k),
    modelKey,
    aggregate,
    get size() {
      return models.size;
    },
    get evictions() {
      return evictions;
    },
    keys: () => [...models.keys()],
    snapshot: () => ({ models: [...models].map(([k, m]) => [k, m.snapshot()]), aggregate: aggregate.snapshot(), evictions }),
  };
}
