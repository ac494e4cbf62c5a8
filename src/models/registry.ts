/**
 * The model registry: versions of named models, each loaded through its format's runtime, with one
 * active version per name. Reads `<dir>/<name>/<version>/manifest.json` (+ the artifact it names).
 */

import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Value } from '@sinclair/typebox/value';
import type { Logger } from 'pino';
import { AppError } from '../errors.ts';
import { ManifestSchema, type ModelManifest } from './manifest.ts';
import { singleFile, type Artifact, type LoadedModel } from './runtime.ts';
import { RUNTIMES } from './runtimes.ts';

export interface ModelVersion {
  manifest: ModelManifest;
  model: LoadedModel;
}

export interface ModelSummary {
  name: string;
  activeVersion: number;
  versions: Array<{ version: number; format: string; features: string[]; sha256?: string; createdAt?: string; description?: string; metrics?: Record<string, number> }>;
}

export interface Registry {
  /** Loads every model version found under `dir`; a broken one is logged and skipped. */
  loadDir(dir: string): Promise<number>;
  add(artifact: Artifact, manifest: ModelManifest): Promise<ModelVersion>;
  /** The version to score with; `active` follows activation. */
  resolve(name: string, version: number | 'active'): ModelVersion | undefined;
  list(): ModelSummary[];
  close(): Promise<void>;
}

export function createRegistry(logger: Logger): Registry {
  const models = new Map<string, { versions: Map<number, ModelVersion>; active: number }>();

  async function add(artifact: Artifact, manifest: ModelManifest): Promise<ModelVersion> {
    const runtime = RUNTIMES[manifest.format];
    if (!runtime) throw new AppError('MODEL_INVALID', `format "${manifest.format}" is not supported yet; supported: ${Object.keys(RUNTIMES).join(', ')}`);
    const model = await runtime(artifact, manifest);
    const entry = { manifest, model };
    let named = models.get(manifest.name);
    if (!named) {
      named = { versions: new Map(), active: manifest.version };
      models.set(manifest.name, named);
    }
    named.versions.set(manifest.version, entry);
    named.active = Math.max(...named.versions.keys());
    return entry;
  }

  async function loadVersion(dir: string): Promise<void> {
    const manifestJson: unknown = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8'));
    const manifest = Value.Default(ManifestSchema, manifestJson) as ModelManifest;
    const problems = [...Value.Errors(ManifestSchema, manifest)].map((e) => `${e.path || '/'}: ${e.message}`);
    if (problems.length) throw new AppError('MODEL_INVALID', `manifest.json: ${problems.join('; ')}`);
    const filename = manifest.filename ?? `model.${manifest.format}`;
    const bytes = new Uint8Array(await readFile(join(dir, filename)));
    if (manifest.sha256) {
      const actual = createHash('sha256').update(bytes).digest('hex');
      if (actual !== manifest.sha256) throw new AppError('MODEL_INVALID', `artifact sha256 ${actual} does not match manifest ${manifest.sha256}`);
    }
    await add(singleFile(filename, bytes), manifest);
  }

  return {
    add,
    async loadDir(dir) {
      let loaded = 0;
      for (const name of await listDirs(dir)) {
        for (const version of await listDirs(join(dir, name))) {
          try {
            await loadVersion(join(dir, name, version));
            loaded++;
          } catch (err) {
            logger.error({ err, model: name, version }, 'model version not loaded');
          }
        }
      }
      return loaded;
    },
    resolve(name, version) {
      const named = models.get(name);
      if (!named) return undefined;
      return named.versions.get(version === 'active' ? named.active : version);
    },
    list() {
      return [...models].map(([name, named]) => ({
        name,
        activeVersion: named.active,
        versions: [...named.versions.values()]
          .sort((a, b) => a.manifest.version - b.manifest.version)
          .map(({ manifest: m }) => ({
            version: m.version,
            format: m.format,
            features: m.inputs.features,
            ...(m.sha256 && { sha256: m.sha256 }),
            ...(m.createdAt && { createdAt: m.createdAt }),
            ...(m.description && { description: m.description }),
            ...(m.metrics && { metrics: m.metrics }),
          })),
      }));
    },
    async close() {
      for (const named of models.values()) for (const v of named.versions.values()) await v.model.dispose();
      models.clear();
    },
  };
}

async function listDirs(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
  } catch {
    return [];
  }
}
