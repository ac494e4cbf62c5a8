/**
 * The model registry: named models, their versions and which one is active. Versions persist under
 * `<dataDir>/models` (see store.ts) and survive restarts; shipped models are imported on first start.
 * Uploads are derived, validated (load + dry run) and written before they become visible; activation
 * flips one number that the pipeline runner reads once per batch, so a swap lands between batches.
 * Only active and pinned versions are loaded at start; others load on first use.
 */

import { join } from 'node:path';
import { readFile } from 'node:fs/promises';
import type { Logger } from 'pino';
import { AppError } from '../errors.ts';
import { describeArtifact } from './describe.ts';
import { checkManifest, checkModelName, type ManifestPatch, type ModelManifest } from './manifest.ts';
import type { Artifact, LoadedModel } from './runtime.ts';
import { RUNTIMES } from './runtimes.ts';
import { checkConsumers, type Consumer } from './consumers.ts';
import { guard } from './lifetime.ts';
import { createModelStore, readArtifact, sha256, subdirs, type ModelStore } from './store.ts';
import { completeManifest, type UploadBody } from './upload.ts';

export interface ModelVersion {
  manifest: ModelManifest;
  model: LoadedModel;
}

export interface VersionSummary {
  version: number;
  format: string;
  features: string[];
  output: { tensor: string; kind: string };
  active: boolean;
  loaded: boolean;
  sha256?: string;
  size?: number;
  createdAt?: string;
  description?: string;
  originalFilename?: string;
  metrics?: Record<string, number>;
}

export interface ModelSummary {
  name: string;
  activeVersion: number;
  latestVersion: number;
  versions: VersionSummary[];
}

export interface UploadRequest {
  name: string;
  body: UploadBody;
  patch?: ManifestPatch;
  /** Make the new version active at once; the first version of a model is always activated. */
  activate?: boolean;
}

export interface UploadResult {
  manifest: ModelManifest;
  /** Manifest fields filled in from the model or the previous version, and from where. */
  derived: string[];
  active: boolean;
}

export interface RegistryOptions {
  /** Where versions persist (`<dataDir>/models`); absent → in memory only (benchmarks, tests). */
  root?: string;
  /** Pipelines using a model name, checked on upload, activation and delete. */
  consumers?: (name: string) => Consumer[];
  now?: () => number;
}

export interface Registry {
  /** Reads the stored registry, imports shipped models not yet in it, loads active and pinned versions. */
  open(opts?: { shipped?: string; pinned?: Array<{ name: string; version: 'active' | number }> }): Promise<{ loaded: number; imported: number }>;
  /** Loads every version under `dir` in memory, read-only; the highest is active. */
  loadDir(dir: string): Promise<number>;
  /** Adds a version in memory (not persisted); the highest version becomes active. */
  add(artifact: Artifact, manifest: ModelManifest): Promise<ModelVersion>;
  /** The loaded version to score with, synchronously; `active` follows activation. */
  resolve(name: string, version: number | 'active'): ModelVersion | undefined;
  /** Loads a stored version if needed; MODEL_NOT_FOUND when there is none. */
  ensure(name: string, version: number | 'active'): Promise<ModelVersion>;
  list(): ModelSummary[];
  get(name: string): ModelSummary;
  manifest(name: string, version: number | 'active'): ModelManifest;
  upload(request: UploadRequest): Promise<UploadResult>;
  activate(name: string, version: number): Promise<{ name: string; active: number; previous: number }>;
  remove(name: string, version: number): Promise<void>;
  close(): Promise<void>;
}

interface Entry {
  manifest: ModelManifest;
  /** Stored version folder, or the in-memory artifact. */
  dir?: string;
  artifact?: Artifact;
  loaded?: ModelVersion;
  loading?: Promise<ModelVersion>;
  /** Calls in flight: a deleted version's model is released only once none is running. */
  busy: number;
  doomed: boolean;
}

interface Named {
  versions: Map<number, Entry>;
  active: number;
  latest: number;
}

export function createRegistry(logger: Logger, opts: RegistryOptions = {}): Registry {
  const models = new Map<string, Named>();
  const store: ModelStore | undefined = opts.root ? createModelStore(opts.root) : undefined;
  const consumers = opts.consumers ?? (() => []);
  const now = opts.now ?? Date.now;
  let tail: Promise<unknown> = Promise.resolve();

  /** Uploads, activations and deletes run one at a time, so version numbers and state never race. */
  function serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = tail.then(fn, fn);
    tail = run.catch(() => undefined);
    return run;
  }

  function named(name: string): Named {
    const found = models.get(name);
    if (!found) throw new AppError('MODEL_NOT_FOUND', `no model named "${name}"; GET /v1/models lists them`);
    return found;
  }

  function entry(name: string, version: number | 'active'): Entry {
    const m = named(name);
    const v = version === 'active' ? m.active : version;
    const found = m.versions.get(v);
    if (!found) throw new AppError('MODEL_NOT_FOUND', `model "${name}" has no version ${v} (versions: ${[...m.versions.keys()].join(', ')})`);
    return found;
  }

  function register(e: Entry): Named {
    let m = models.get(e.manifest.name);
    if (!m) {
      m = { versions: new Map(), active: e.manifest.version, latest: e.manifest.version };
      models.set(e.manifest.name, m);
    }
    m.versions.set(e.manifest.version, e);
    m.latest = Math.max(m.latest, e.manifest.version);
    return m;
  }

  async function load(e: Entry): Promise<ModelVersion> {
    if (e.loaded) return e.loaded;
    e.loading ??= (async () => {
      const runtime = RUNTIMES[e.manifest.format];
      if (!runtime) throw new AppError('UNSUPPORTED_MEDIA_TYPE', `format "${e.manifest.format}" has no runtime in this build (supported: ${Object.keys(RUNTIMES).join(', ')})`);
      const artifact = e.artifact ?? (await readArtifact(e.dir!, e.manifest));
      e.loaded = { manifest: e.manifest, model: guard(await runtime(artifact, e.manifest), e) };
      return e.loaded;
    })().finally(() => {
      e.loading = undefined;
    });
    return e.loading;
  }

  async function persistState(name: string): Promise<void> {
    const m = models.get(name);
    if (store && m) await store.writeState(name, { active: m.active, latest: m.latest });
  }

  async function importShipped(dir: string): Promise<number> {
    let imported = 0;
    const existed = new Set(models.keys());
    for (const name of await subdirs(dir)) {
      for (const v of await subdirs(join(dir, name))) {
        try {
          const manifest = checkManifest(JSON.parse(await readFile(join(dir, name, v, 'manifest.json'), 'utf8')), `${dir}/${name}/${v}/manifest.json`);
          const m = models.get(manifest.name);
          // A shipped version is imported once: never over a stored one, never back after a delete.
          if (m && (m.versions.has(manifest.version) || m.latest >= manifest.version)) continue;
          const artifact = await readArtifact(join(dir, name, v), manifest);
          const filename = manifest.filename ?? `model.${manifest.format}`;
          const complete = { ...manifest, filename, sha256: sha256(artifact.main), size: artifact.main.length, createdAt: manifest.createdAt ?? new Date(now()).toISOString() };
          if (store) await store.writeVersion(complete, artifact.files);
          const target = register(store ? { manifest: complete, dir: join(store.root, name, v), busy: 0, doomed: false } : { manifest: complete, artifact, busy: 0, doomed: false });
          // A model new to the registry starts on its highest shipped version; an existing one keeps its choice.
          if (!existed.has(manifest.name)) target.active = Math.max(...target.versions.keys());
          await persistState(manifest.name);
          imported++;
          logger.info({ model: name, version: manifest.version }, 'shipped model imported into the registry');
        } catch (err) {
          logger.error({ err, model: name, version: v }, 'shipped model not imported');
        }
      }
    }
    return imported;
  }

  function summary(name: string, m: Named): ModelSummary {
    return {
      name,
      activeVersion: m.active,
      latestVersion: m.latest,
      versions: [...m.versions.values()]
        .sort((a, b) => a.manifest.version - b.manifest.version)
        .map(({ manifest: x, loaded }) => ({
          version: x.version,
          format: x.format,
          features: x.inputs.features,
          output: { tensor: x.output.tensor, kind: x.output.kind },
          active: x.version === m.active,
          loaded: loaded !== undefined,
          ...(x.sha256 && { sha256: x.sha256 }),
          ...(x.size !== undefined && { size: x.size }),
          ...(x.createdAt && { createdAt: x.createdAt }),
          ...(x.description && { description: x.description }),
          ...(x.originalFilename && { originalFilename: x.originalFilename }),
          ...(x.metrics && { metrics: x.metrics }),
        })),
    };
  }

  const registry: Registry = {
    async open(o = {}) {
      if (store) {
        for (const [name, stored] of await store.scan()) {
          for (const b of stored.broken) logger.error({ err: b.error, model: name, version: b.version }, 'stored model version unreadable; skipped');
          for (const manifest of stored.versions.values()) register({ manifest, dir: join(store.root, name, String(manifest.version)), busy: 0, doomed: false });
          const m = models.get(name);
          if (!m) continue;
          const highest = Math.max(...m.versions.keys());
          m.latest = Math.max(stored.state?.latest ?? 0, highest);
          m.active = stored.state && m.versions.has(stored.state.active) ? stored.state.active : highest;
          if (stored.state && stored.state.active !== m.active) logger.error({ model: name, active: stored.state.active }, `active version unreadable; version ${m.active} is active instead`);
        }
      }
      const imported = o.shipped ? await importShipped(o.shipped) : 0;
      let loaded = 0;
      const wanted = [...[...models.keys()].map((name) => ({ name, version: 'active' as const })), ...(o.pinned ?? [])];
      for (const ref of wanted) {
        try {
          const e = entry(ref.name, ref.version);
          if (!e.loaded) loaded++;
          await load(e);
        } catch (err) {
          logger.error({ err, model: ref.name, version: ref.version }, 'model version not loaded');
        }
      }
      return { loaded, imported };
    },

    async loadDir(dir) {
      let loaded = 0;
      for (const name of await subdirs(dir)) {
        for (const v of await subdirs(join(dir, name))) {
          try {
            const manifest = checkManifest(JSON.parse(await readFile(join(dir, name, v, 'manifest.json'), 'utf8')), `${name}/${v}/manifest.json`);
            const e: Entry = { manifest, dir: join(dir, name, v), busy: 0, doomed: false };
            await load(e);
            const m = register(e);
            m.active = Math.max(...m.versions.keys());
            loaded++;
          } catch (err) {
            logger.error({ err, model: name, version: v }, 'model version not loaded');
          }
        }
      }
      return loaded;
    },

    async add(artifact, manifest) {
      const e: Entry = { manifest, artifact, busy: 0, doomed: false };
      const version = await load(e);
      const m = register(e);
      m.active = Math.max(...m.versions.keys());
      return version;
    },

    resolve(name, version) {
      const m = models.get(name);
      return m?.versions.get(version === 'active' ? m.active : version)?.loaded;
    },

    ensure: (name, version) => load(entry(name, version)),

    list: () => [...models].map(([name, m]) => summary(name, m)),
    get: (name) => summary(name, named(name)),
    manifest: (name, version) => entry(name, version).manifest,

    upload(req) {
      return serial(async () => {
        checkModelName(req.name);
        const m = models.get(req.name);
        const previous = m?.versions.get(m.active)?.manifest;
        const version = (m?.latest ?? 0) + 1;
        const artifact: Artifact = { main: req.body.files.get(req.body.main)!, files: req.body.files };
        const description = describeArtifact(req.body.format, artifact);
        const runtime = RUNTIMES[req.body.format];
        if (!runtime) throw new AppError('UNSUPPORTED_MEDIA_TYPE', `format "${req.body.format}" has no runtime in this build yet (supported: ${Object.keys(RUNTIMES).join(', ')})`);
        const users = consumers(req.name).filter((c) => c.version === 'active');
        const available = [...new Set(users.flatMap((c) => c.features))];
        const { manifest: draft, derived } = completeManifest({
          name: req.name, version, body: req.body, description, available, createdAt: new Date(now()).toISOString(),
          ...(req.patch && { patch: req.patch }),
          ...(previous && { previous }),
        });
        const manifest = checkManifest(draft);
        checkConsumers(manifest, users);
        const e: Entry = { manifest, busy: 0, doomed: false };
        const model = guard(await runtime(artifact, manifest), e);
        try {
          if (store) await store.writeVersion(manifest, req.body.files);
        } catch (err) {
          await model.dispose();
          throw err;
        }
        if (store) e.dir = join(store.root, req.name, String(version));
        else e.artifact = artifact;
        e.loaded = { manifest, model };
        const target = register(e);
        const activate = req.activate === true || !m;
        if (activate) target.active = version;
        await persistState(req.name);
        logger.info({ model: req.name, version, format: manifest.format, bytes: manifest.size, active: activate }, 'model version uploaded');
        return { manifest, derived, active: activate };
      });
    },

    activate(name, version) {
      return serial(async () => {
        const m = named(name);
        const e = entry(name, version);
        checkConsumers(e.manifest, consumers(name).filter((c) => c.version === 'active'));
        await load(e);
        const previous = m.active;
        m.active = version;
        try {
          await persistState(name);
        } catch (err) {
          m.active = previous;
          throw err;
        }
        logger.info({ model: name, version, previous }, 'model version activated');
        return { name, active: version, previous };
      });
    },

    remove(name, version) {
      return serial(async () => {
        const m = named(name);
        const e = entry(name, version);
        if (m.active === version) {
          throw new AppError('MODEL_IN_USE', `version ${version} of "${name}" is active; activate another version first (POST /v1/models/${name}/versions/<v>/activate), then delete this one`);
        }
        const pinned = consumers(name).filter((c) => c.version === version);
        if (pinned.length) {
          throw new AppError('MODEL_IN_USE', `version ${version} of "${name}" is used by ${pinned.map((c) => `pipeline "${c.pipeline}" (${c.role})`).join(', ')}; change those pipelines first`);
        }
        if (store && e.dir) await store.removeVersion(name, version);
        m.versions.delete(version);
        e.doomed = true;
        if (e.loaded && e.busy === 0) await e.loaded.model.dispose();
        logger.info({ model: name, version }, 'model version deleted');
      });
    },

    async close() {
      await tail;
      for (const m of models.values()) for (const e of m.versions.values()) if (e.loaded) await e.loaded.model.dispose();
      models.clear();
    },
  };
  return registry;
}
