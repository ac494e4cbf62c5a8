/** Builds an online extension straight from a pipeline spec, and feature vectors for it, for unit tests. */

import { pino } from 'pino';
import { resolveConfig } from '../../../src/config/load.ts';
import type { FeatureVector } from '../../../src/features/vector.ts';
import { createOnlineExtension, type OnlineExtension } from '../../../src/online/serve/extension.ts';

export const FEATURES = ['a_last_10s', 'b_last_10s', 'y_last_10s'];

export function extension(online: Record<string, unknown>, restore?: unknown): OnlineExtension {
  const config = resolveConfig({
    pipelines: [{ name: 'p', source: { topic: 'd/+/t' }, window: { type: 'tumbling', size: '10s' }, features: { a: ['last'], b: ['last'], y: ['last'] }, online }],
  }).pipelines[0]!;
  const ext = createOnlineExtension({ config, featureNames: FEATURES, logger: pino({ level: 'silent' }), ...(restore !== undefined && { restore }) });
  if (!ext) throw new Error('no online extension');
  return ext;
}

/** The i-th 10 s window of `key`, with features a, b and (optionally) the target y. */
export function vector(key: string, i: number, values: { a: number; b: number; y?: number }): FeatureVector {
  return {
    key,
    window: { start: i * 10_000, end: (i + 1) * 10_000, count: 1 },
    values: { a_last_10s: values.a, b_last_10s: values.b, y_last_10s: values.y ?? NaN },
    eventTime: (i + 1) * 10_000,
  };
}

/** A seeded LCG in [0, 1): tests repeat exactly. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}
