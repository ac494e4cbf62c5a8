/** Macro F1: the unweighted mean of per-class F1 over every class seen as truth or prediction (River's `metrics.MacroF1`). */

import type { State } from '../types.ts';
import type { LabelMetric } from './metric.ts';

interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

export function createMacroF1(state?: State): LabelMetric {
  const per = new Map<string, Counts>(Object.entries((state?.classes as Record<string, Counts> | undefined) ?? {}).map(([k, c]) => [k, { ...c }]));
  const get = (k: string) => per.get(k) ?? (per.set(k, { tp: 0, fp: 0, fn: 0 }), per.get(k)!);
  return {
    update(yTrue, yPred) {
      const t = String(yTrue);
      const p = String(yPred);
      if (t === p) get(t).tp++;
      else {
        get(t).fn++;
        get(p).fp++;
      }
    },
    value() {
      if (per.size === 0) return 0;
      let sum = 0;
      for (const c of per.values()) sum += c.tp ? (2 * c.tp) / (2 * c.tp + c.fp + c.fn) : 0;
      return sum / per.size;
    },
    snapshot: () => ({ classes: Object.fromEntries([...per].map(([k, c]) => [k, { ...c }])) }),
  };
}
