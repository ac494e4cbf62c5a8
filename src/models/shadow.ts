/**
 * Shadow scoring: a challenger model scores the same feature vectors as the pipeline's model, after
 * the champion's scores are out. Its scores go to `streamscore/shadow/<pipeline>/<key>` (never to the
 * score topics or store), with agreement figures: how often both make the same anomaly decision and
 * the mean |Δ| of their outputs. A failing challenger is counted, never fatal to the pipeline.
 */

import type { Logger } from 'pino';
import { renderTopic } from '../config/topic.ts';
import { makeScoreEvent } from '../emit/events.ts';
import type { FeatureVector } from '../features/vector.ts';
import type { ModelManifest } from './manifest.ts';
import type { Registry } from './registry.ts';

export const SHADOW_TOPIC = 'streamscore/shadow/{pipeline}/{key}';

export interface ShadowStats {
  readonly model: string;
  readonly version: number | 'active';
  /** The challenger version that scored last. */
  readonly lastVersion: number | null;
  /** Rows scored by both. */
  readonly rows: number;
  /** Rows the challenger could not score (not loaded, failed). */
  readonly errors: number;
  /** Share of rows where both made the same anomaly decision; null until both give decisions (not for value outputs). */
  readonly agreement: number | null;
  readonly meanAbsDelta: number | null;
}

export interface Shadow {
  /** Scores the batch the champion just scored; resolves when the shadow events are published. */
  score(vectors: FeatureVector[], champion: { manifest: ModelManifest; predictions: Float32Array }): Promise<void>;
  readonly stats: ShadowStats;
}

export interface ShadowOptions {
  pipeline: string;
  ref: { name: string; version: number | 'active' };
  registry: Registry;
  /** The pipeline's anomaly threshold, used where a manifest sets none. */
  threshold: number;
  qos: 0 | 1 | 2;
  publish(topic: string, payload: string, qos: 0 | 1 | 2): void;
  logger: Logger;
  now: () => number;
}

export function createShadow(o: ShadowOptions): Shadow {
  let rows = 0;
  let errors = 0;
  let decided = 0;
  let agreed = 0;
  let sumAbsDelta = 0;
  let lastVersion: number | null = null;
  let buffer: Float32Array = new Float32Array(0);
  const decides = (m: ModelManifest): boolean => m.output.kind !== 'value';
  const threshold = (m: ModelManifest): number => m.output.threshold ?? o.threshold;

  return {
    async score(vectors, champion) {
      const challenger = o.registry.resolve(o.ref.name, o.ref.version);
      if (!challenger) {
        errors += vectors.length;
        return;
      }
      const { manifest, model } = challenger;
      buffer = fillRows(vectors, manifest, buffer);
      let predictions: Float32Array;
      try {
        predictions = await model.score(buffer, vectors.length);
      } catch (err) {
        errors += vectors.length;
        o.logger.warn({ err, shadow: `${manifest.name}@${manifest.version}`, rows: vectors.length }, 'shadow scoring failed');
        return;
      }
      lastVersion = manifest.version;
      const both = decides(manifest) && decides(champion.manifest);
      const emittedAt = o.now();
      for (let r = 0; r < vectors.length; r++) {
        const mine = predictions[r]!;
        const theirs = champion.predictions[r]!;
        const delta = Math.abs(mine - theirs);
        rows++;
        sumAbsDelta += delta;
        let agree: boolean | undefined;
        if (both) {
          agree = mine >= threshold(manifest) === theirs >= threshold(champion.manifest);
          decided++;
          if (agree) agreed++;
        }
        const event = makeScoreEvent({
          pipeline: o.pipeline,
          vector: vectors[r]!,
          model: { name: manifest.name, version: manifest.version, kind: manifest.output.kind },
          output: mine,
          threshold: threshold(manifest),
          emittedAt,
        });
        const payload = {
          ...event,
          shadow: true,
          champion: { model: { name: champion.manifest.name, version: champion.manifest.version }, output: Math.round(theirs * 1e6) / 1e6 },
          delta: Math.round(delta * 1e6) / 1e6,
          ...(agree !== undefined && { agree }),
        };
        o.publish(renderTopic(SHADOW_TOPIC, { pipeline: o.pipeline, key: event.key }), JSON.stringify(payload), o.qos);
      }
    },
    stats: {
      model: o.ref.name,
      version: o.ref.version,
      get lastVersion() {
        return lastVersion;
      },
      get rows() {
        return rows;
      },
      get errors() {
        return errors;
      },
      get agreement() {
        return decided ? agreed / decided : null;
      },
      get meanAbsDelta() {
        return rows ? sumAbsDelta / rows : null;
      },
    },
  };
}

/** Lays vectors out row-major in the manifest's feature order; NaN → the manifest's missing value (or 0). */
export function fillRows(vectors: FeatureVector[], manifest: ModelManifest, buffer: Float32Array): Float32Array {
  const names = manifest.inputs.features;
  const missing = manifest.inputs.missing ?? {};
  const width = names.length;
  const out = buffer.length >= vectors.length * width ? buffer : new Float32Array(vectors.length * width * 2);
  for (let r = 0; r < vectors.length; r++) {
    const values = vectors[r]!.values;
    for (let c = 0; c < width; c++) {
      const name = names[c]!;
      const v = values[name];
      out[r * width + c] = v === undefined || Number.isNaN(v) ? (missing[name] ?? 0) : v;
    }
  }
  return out;
}
