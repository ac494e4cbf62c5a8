/**
 * The models of one pipeline: one per key (`scope: key`) or one shared under `_`, bounded by
 * `maxKeys` with the project's keyed store (CLOCK, an LRU approximation), plus the pipeline-wide
 * prequential aggregate over every label any model learned from.
 */

import { KeyedState } from '../../features/keyed.ts';
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
  const models = new KeyedState<OnlineModel>(config.maxKeys);
  models.evictions = state?.evictions ?? 0;
  // A snapshot taken under a larger maxKeys is trimmed here (counted as evictions).
  for (const [key, s] of state?.models ?? []) models.set(key, createOnlineModel(config, s));
  const aggregate = createPrequential(config.task, config.positive, state?.aggregate);
  const modelKey = (key: string) => (config.scope === 'pipeline' ? SHARED_KEY : key);

  return {
    get(key) {
      const k = modelKey(key);
      let m = models.get(k);
      if (!m) models.set(k, (m = createOnlineModel(config)));
      return m;
    },
    peek: (k) => models.peek(k),
    modelKey,
    aggregate,
    get size() {
      return models.size;
    },
    get evictions() {
      return models.evictions;
    },
    keys: () => [...models.entries()].map(([k]) => k),
    snapshot: () => ({ models: [...models.entries()].map(([k, m]) => [k, m.snapshot()]), aggregate: aggregate.snapshot(), evictions: models.evictions }),
  };
}
