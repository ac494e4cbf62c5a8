/** The score store: latest score and a bounded history per key, with a bounded number of keys. */

import { KeyedState } from '../features/keyed.ts';
import type { ScoreEvent } from './events.ts';

export interface ScoreStore {
  add(score: ScoreEvent): void;
  /** Latest score for a key (optionally of one pipeline). */
  latest(key: string, pipeline?: string): ScoreEvent | undefined;
  /** Newest first, at most `limit`. */
  history(key: string, limit: number, pipeline?: string): ScoreEvent[] | undefined;
  /** Latest anomalies across keys, newest first; optionally of one pipeline, one key, since an event time. */
  anomalies(limit: number, filter?: AnomalyFilter): ScoreEvent[];
  readonly size: number;
}

export interface AnomalyFilter {
  pipeline?: string;
  key?: string;
  /** Epoch ms: only anomalies whose event time is at or after it. */
  sinceMs?: number;
}

export function createScoreStore(opts: { historyPerKey: number; maxKeys: number; anomalies?: number }): ScoreStore {
  const byKey = new KeyedState<ScoreEvent[]>(opts.maxKeys);
  const anomalyCap = opts.anomalies ?? 1000;
  let anomalies: ScoreEvent[] = [];

  const matching = (list: ScoreEvent[], pipeline?: string): ScoreEvent[] =>
    pipeline === undefined ? list : list.filter((s) => s.pipeline === pipeline);

  return {
    add(score) {
      let list = byKey.get(score.key);
      if (!list) {
        list = [];
        byKey.set(score.key, list);
      }
      list.push(score);
      if (list.length > opts.historyPerKey * 2) list.splice(0, list.length - opts.historyPerKey);
      if (score.anomaly?.is) {
        anomalies.push(score);
        if (anomalies.length > anomalyCap * 2) anomalies = anomalies.slice(-anomalyCap);
      }
    },
    latest(key, pipeline) {
      const list = byKey.get(key);
      if (!list) return undefined;
      const found = matching(list, pipeline);
      return found[found.length - 1];
    },
    history(key, limit, pipeline) {
      const list = byKey.get(key);
      if (!list) return undefined;
      return matching(list, pipeline).slice(-Math.min(limit, opts.historyPerKey)).reverse();
    },
    anomalies(limit, filter) {
      if (!filter) return anomalies.slice(-limit).reverse();
      const out: ScoreEvent[] = [];
      for (let i = anomalies.length - 1; i >= 0 && out.length < limit; i--) {
        const a = anomalies[i]!;
        if (filter.pipeline !== undefined && a.pipeline !== filter.pipeline) continue;
        if (filter.key !== undefined && a.key !== filter.key) continue;
        if (filter.sinceMs !== undefined && a.eventTime < filter.sinceMs) continue;
        out.push(a);
      }
      return out;
    },
    get size() {
      return byKey.size;
    },
  };
}
