/**
 * Snapshot store: JSON state written atomically (temp + rename) with a sha256 checksum, keeping the
 * previous generation. A snapshot that fails its checksum (torn disk, manual edit) is skipped for
 * the previous one, so a bad write costs one interval of state, not all of it.
 */

import { createHash } from 'node:crypto';
import { readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { syncDir, writeFileSynced } from './fsync.ts';

export interface Loaded {
  state: unknown;
  /** Which generation was used: the newest, or the previous because the newest was unreadable. */
  generation: 'latest' | 'previous';
  /** Why the newest was skipped, when it was. */
  skipped?: string;
}

export interface SnapshotStore {
  /** Writes the state; returns its size in bytes. */
  save(name: string, state: unknown): Promise<number>;
  /** The newest readable state, or undefined when none exists; throws only when no generation is readable. */
  load(name: string): Promise<Loaded | undefined>;
}

export function createSnapshotStore(dir: string): SnapshotStore {
  const file = (name: string, gen: 'latest' | 'previous'): string => join(dir, gen === 'latest' ? `${name}.json` : `${name}.previous.json`);

  async function read(path: string): Promise<unknown> {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return NONE;
      throw err;
    }
    const { sha256, body } = JSON.parse(text) as { sha256: string; body: string };
    if (typeof body !== 'string' || createHash('sha256').update(body).digest('hex') !== sha256) throw new Error(`${path} fails its checksum`);
    return JSON.parse(body) as unknown;
  }

  return {
    async save(name, state) {
      const body = JSON.stringify(state);
      const sha256 = createHash('sha256').update(body).digest('hex');
      const text = JSON.stringify({ sha256, savedAt: new Date().toISOString(), body });
      const tmp = `${file(name, 'latest')}.${process.pid}.tmp`;
      // fsync before the rename and the directory after it: the write-ahead log is cut once this
      // returns, so the snapshot must outlive a power loss, not only a process crash.
      await writeFileSynced(tmp, text);
      await rename(file(name, 'latest'), file(name, 'previous')).catch((err: NodeJS.ErrnoException) => {
        if (err.code !== 'ENOENT') throw err;
      });
      await rename(tmp, file(name, 'latest'));
      await syncDir(dir);
      return text.length;
    },
    async load(name) {
      let skipped: string | undefined;
      try {
        const latest = await read(file(name, 'latest'));
        if (latest !== NONE) return { state: latest, generation: 'latest' };
      } catch (err) {
        skipped = (err as Error).message;
      }
      const previous = await read(file(name, 'previous')).catch((err: Error) => {
        throw new Error(`no readable snapshot of ${name}: ${skipped ?? 'latest missing'}; ${err.message}`);
      });
      if (previous === NONE) {
        if (skipped) throw new Error(`no readable snapshot of ${name}: ${skipped}; no previous generation`);
        return undefined;
      }
      return { state: previous, generation: 'previous', ...(skipped && { skipped }) };
    },
  };
}

const NONE = Symbol('none');
