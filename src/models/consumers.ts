/** Which pipelines score with a model (as their model or their shadow), and whether they can feed it. */

import { AppError } from '../errors.ts';
import type { ModelManifest } from './manifest.ts';

export type ModelRef = { name: string; version: 'active' | number };

/** A pipeline that scores with a model (as its model or its shadow), and the features it computes. */
export interface Consumer {
  pipeline: string;
  role: 'model' | 'shadow';
  version: 'active' | number;
  features: string[];
}

/** The consumers of one model name among pipelines (as their model or their shadow). */
export function modelConsumers(
  name: string,
  pipelines: Array<{ name: string; model?: ModelRef | undefined; shadow?: ModelRef | undefined; features: string[] }>,
): Consumer[] {
  return pipelines.flatMap((p) => [
    ...(p.model?.name === name && p.model ? [{ pipeline: p.name, role: 'model' as const, version: p.model.version, features: p.features }] : []),
    ...(p.shadow?.name === name ? [{ pipeline: p.name, role: 'shadow' as const, version: p.shadow.version, features: p.features }] : []),
  ]);
}

/** Every pipeline that would score with this manifest must compute all of its features. */
export function checkConsumers(manifest: ModelManifest, users: Consumer[]): void {
  const problems = users.flatMap((c) => {
    const have = new Set(c.features);
    const missing = manifest.inputs.features.filter((f) => !have.has(f));
    return missing.length ? [`pipeline "${c.pipeline}" does not compute ${missing.slice(0, 8).join(', ')}${missing.length > 8 ? ', …' : ''}`] : [];
  });
  if (problems.length) {
    throw new AppError('MODEL_INVALID', `${manifest.name} version ${manifest.version} needs inputs the pipelines using it cannot supply: ${problems.join('; ')}; add those aggregates to the pipelines' features, or map the model's inputs to features they compute (manifest inputs.features)`);
  }
}
