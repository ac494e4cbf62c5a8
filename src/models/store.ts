/**
 * The registry's disk layout: `<root>/<name>/<version>/` holds the artifact files and manifest.json;
 * `<root>/<name>/state.json` holds `{active, latest}` (latest never decreases, so a deleted version's
 * number is never reused and a score naming a version always names one artifact). Every write lands in
 * `<root>/.tmp/` first and is renamed into place, so a crash leaves either nothing or a whole version.
 */

import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, rmdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { AppError } from '../errors.ts';
import { writeFileSynced } from '../state/fsync.ts';
import { checkManifest, type ModelManifest } from './manifest.ts';
import type { Artifact } from './runtime.ts';

export interface ModelState {
  active: number;
  latest: number;
}

export interface StoredModel {
  state?: ModelState;
  /** Parsed manifests by version; unreadable versions are reported in `broken`. */
  versions: Map<number, ModelManifest>;
  broken: Array<{ version: string; error: Error }>;
}

export interface ModelStore {
  readonly root: string;
  /** Every model under root (temp leftovers of an interrupted write are removed first). */
  scan(): Promise<Map<string, StoredModel>>;
  /** Writes a version's files and manifest atomically; refuses to overwrite an existing version. */
  writeVersion(manifest: ModelManifest, files: ReadonlyMap<string, Uint8Array>): Promise<void>;
  writeState(name: string, state: ModelState): Promise<void>;
  removeVersion(name: string, version: number): Promise<void>;
}

/** Relative artifact paths: one or two plain segments (`model.json`, `weights/shard1.bin`), never `..`. */
export function checkArtifactPath(path: string): void {
  const ok = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}(\/[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?$/.test(path) && !path.split('/').includes('..');
  if (!ok) throw new AppError('BAD_REQUEST', `file name "${path.slice(0, 80)}" is not allowed: use letters, digits, '_', '-' and '.', at most one folder level, no '..'`);
}

export const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

export function createModelStore(root: string): ModelStore {
  const tmpRoot = join(root, '.tmp');

  /** Removes the temp folder once empty, so the layout is just models. */
  const tidy = (): Promise<void> => rmdir(tmpRoot).catch(() => undefined);

  async function tempDir(label: string): Promise<string> {
    const dir = join(tmpRoot, `${label}-${randomBytes(6).toString('hex')}`);
    await mkdir(dir, { recursive: true });
    return dir;
  }

  return {
    root,
    async scan() {
      await rm(tmpRoot, { recursive: true, force: true });
      const models = new Map<string, StoredModel>();
      for (const name of await subdirs(root)) {
        const entry: StoredModel = { versions: new Map(), broken: [] };
        entry.state = await readState(join(root, name, 'state.json'));
        for (const v of await subdirs(join(root, name))) {
          try {
            const manifest = checkManifest(JSON.parse(await readFile(join(root, name, v, 'manifest.json'), 'utf8')), `${name}/${v}/manifest.json`);
            if (String(manifest.version) !== v || manifest.name !== name) {
              throw new AppError('MODEL_INVALID', `${name}/${v}/manifest.json names ${manifest.name} version ${manifest.version}`);
            }
            entry.versions.set(manifest.version, manifest);
          } catch (err) {
            entry.broken.push({ version: v, error: err as Error });
          }
        }
        if (entry.versions.size > 0 || entry.state) models.set(name, entry);
      }
      return models;
    },
    async writeVersion(manifest, files) {
      const target = join(root, manifest.name, String(manifest.version));
      const dir = await tempDir(`${manifest.name}-${manifest.version}`);
      try {
        for (const [path, bytes] of files) {
          checkArtifactPath(path);
          await writeFileSynced(join(dir, path), bytes);
        }
        await writeFileSynced(join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
        await mkdir(dirname(target), { recursive: true });
        if ((await subdirs(dirname(target))).includes(String(manifest.version))) {
          throw new Error(`${target} already exists`);
        }
        await rename(dir, target);
      } catch (err) {
        await rm(dir, { recursive: true, force: true });
        throw err;
      } finally {
        await tidy();
      }
    },
    async writeState(name, state) {
      const dir = await tempDir(`${name}-state`);
      await writeFileSynced(join(dir, 'state.json'), `${JSON.stringify(state)}\n`);
      await mkdir(join(root, name), { recursive: true });
      await rename(join(dir, 'state.json'), join(root, name, 'state.json'));
      await rm(dir, { recursive: true, force: true });
      await tidy();
    },
    async removeVersion(name, version) {
      // Rename first: the version disappears at once, even if removing its files is slow or fails.
      const doomed = join(await tempDir(`${name}-${version}-deleted`), 'v');
      await rename(join(root, name, String(version)), doomed);
      await rm(dirname(doomed), { recursive: true, force: true });
      await tidy();
    },
  };
}

/** Reads a stored version's files (manifest.files, or the single `filename`) and checks their hashes. */
export async function readArtifact(dir: string, manifest: ModelManifest): Promise<Artifact> {
  const main = manifest.filename ?? `model.${manifest.format}`;
  const listed = manifest.files ?? [{ path: main, sha256: manifest.sha256, size: manifest.size }];
  const files = new Map<string, Uint8Array>();
  for (const file of listed) {
    checkArtifactPath(file.path);
    const bytes = new Uint8Array(await readFile(join(dir, file.path)));
    if (file.sha256 && sha256(bytes) !== file.sha256) {
      throw new AppError('MODEL_INVALID', `${file.path}: sha256 ${sha256(bytes)} does not match manifest ${file.sha256}`);
    }
    files.set(file.path, bytes);
  }
  const mainBytes = files.get(main);
  if (!mainBytes) throw new AppError('MODEL_INVALID', `manifest files do not include the main file ${main}`);
  return { main: mainBytes, files };
}

async function readState(path: string): Promise<ModelState | undefined> {
  try {
    const state = JSON.parse(await readFile(path, 'utf8')) as Partial<ModelState>;
    if (Number.isInteger(state.active) && Number.isInteger(state.latest)) return state as ModelState;
  } catch {
    // absent or unreadable: derived from the versions present
  }
  return undefined;
}

export async function subdirs(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries.filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => e.name).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  } catch {
    return [];
  }
}
