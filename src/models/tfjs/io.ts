/**
 * A TF.js IOHandler over an Artifact's files: model.json is the main file, weight shards are read
 * from the files map by their path relative to model.json. Nothing touches the filesystem.
 */

import type * as tf from '@tensorflow/tfjs';
import { AppError } from '../../errors.ts';
import type { Artifact } from '../runtime.ts';

export type ModelJson = tf.io.ModelJSON;

/** Parses model.json, refusing what is not a TF.js layers or graph model. */
export function readModelJson(artifact: Artifact): ModelJson {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(artifact.main));
  } catch (err) {
    throw new AppError('MODEL_INVALID', `model.json is not valid JSON: ${(err as Error).message.split('\n')[0]}`);
  }
  const m = json as Partial<ModelJson> | null;
  if (!m || typeof m !== 'object' || typeof m.modelTopology !== 'object' || m.modelTopology === null || !Array.isArray(m.weightsManifest)) {
    throw new AppError('MODEL_INVALID', 'model.json needs "modelTopology" and "weightsManifest" (a TF.js layers or graph model, as written by model.save() or tfjs-converter)');
  }
  return m as ModelJson;
}

/** Graph models (tfjs-converter output) carry a GraphDef `node` list; layers models a Keras config. */
export function isGraphModel(json: ModelJson): boolean {
  const topology = json.modelTopology as { node?: unknown };
  return json.format === 'graph-model' || Array.isArray(topology.node);
}

/** An IOHandler whose load() returns the artifacts, weight shards concatenated in manifest order. */
export function artifactHandler(artifact: Artifact, json: ModelJson): tf.io.IOHandler {
  const base = mainDirectory(artifact);
  return {
    async load() {
      const specs: tf.io.WeightsManifestEntry[] = [];
      const shards: Uint8Array[] = [];
      for (const group of json.weightsManifest) {
        specs.push(...group.weights);
        for (const path of group.paths) shards.push(shard(artifact, base, path));
      }
      const total = shards.reduce((n, s) => n + s.byteLength, 0);
      const weightData = new Uint8Array(total);
      let at = 0;
      for (const s of shards) {
        weightData.set(s, at);
        at += s.byteLength;
      }
      return {
        modelTopology: json.modelTopology,
        format: json.format,
        generatedBy: json.generatedBy,
        convertedBy: json.convertedBy,
        trainingConfig: json.trainingConfig,
        signature: json.signature,
        userDefinedMetadata: json.userDefinedMetadata,
        modelInitializer: json.modelInitializer,
        weightSpecs: specs,
        weightData: weightData.buffer,
      };
    },
  };
}

/** The directory of the main file within the files map ("" when model.json sits at the root). */
function mainDirectory(artifact: Artifact): string {
  for (const [path, bytes] of artifact.files) {
    if (bytes === artifact.main) return path.includes('/') ? path.slice(0, path.lastIndexOf('/') + 1) : '';
  }
  return '';
}

function shard(artifact: Artifact, base: string, path: string): Uint8Array {
  const relative = path.replace(/^\.\//, '');
  const bytes = artifact.files.get(base + relative) ?? artifact.files.get(relative);
  if (!bytes) {
    throw new AppError('MODEL_INVALID', `model.json lists weight file "${path}", which is not among the uploaded files (${[...artifact.files.keys()].join(', ')})`);
  }
  return bytes;
}
