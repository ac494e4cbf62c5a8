/** Which window features feed a learner, and which one holds the `target:` label. */

import type { OnlineConfig } from './config.ts';

/** The field a feature was computed from: `vibration_mean_30s` → `vibration` (aggregates resolve ambiguity). */
export function fieldOf(name: string, fields: Record<string, string[]>): string | undefined {
  for (const [field, aggs] of Object.entries(fields)) if (aggs.some((a) => name.startsWith(`${field}_${a}_`))) return field;
  return undefined;
}

/** A selector is a field (`vibration`), a field's aggregate (`vibration_mean`) or a feature name. */
function selects(sel: string, name: string, fields: Record<string, string[]>): boolean {
  if (Object.hasOwn(fields, sel)) return fieldOf(name, fields) === sel;
  return name === sel || name.startsWith(`${sel}_`);
}

/** The features a learner sees, in vector order: the selected ones (default all) minus the target field's. */
export function inputFeatures(names: string[], fields: Record<string, string[]>, online: Pick<OnlineConfig, 'features' | 'target'>): string[] {
  return names.filter((n) => {
    if (online.target !== undefined && fieldOf(n, fields) === online.target) return false;
    return !online.features || online.features.some((s) => selects(s, n, fields));
  });
}

/** The feature holding the label: the target field's `last` if computed, else its first aggregate. */
export function targetFeature(names: string[], fields: Record<string, string[]>, target: string): string | undefined {
  const own = names.filter((n) => fieldOf(n, fields) === target);
  return own.find((n) => n.startsWith(`${target}_last_`)) ?? own[0];
}
