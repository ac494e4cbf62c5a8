/** Snapshot store: JSON state files written atomically (temp + rename) with a sha256 checksum. */

import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface SnapshotStore {
  save(name: string, state: unknown): Promise<number>;
  /** The saved state, or undefined when absent; throws when the checksum does not match. */
  load(name: string): Promise<unknown>;
}

export function createSnapshotStore(dir: string): SnapshotStore {
  const file = (name: string): string => join(dir, `${name}.json`);
  return {
    async save(name, state) {
      await mkdir(dir, { recursive: true });
      const body = JSON.stringify(state);
      const sha256 = createHash('sha256').update(body).digest('hex');
      const text = JSON.stringify({ sha256, savedAt: new Date().toISOString(), body });
      const tmp = `${file(name)}.${process.pid}.tmp`;
      await writeFile(tmp, text);
      await rename(tmp, file(name));
      return text.length;
    },
    async load(name) {
      let text: string;
      try {
        text = await readFile(file(name), 'utf8');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw err;
      }
      const { sha256, body } = JSON.parse(text) as { sha256: string; body: string };
      if (createHash('sha256').update(body).digest('hex') !== sha256) throw new Error(`snapshot ${name} fails its checksum`);
      return JSON.parse(body) as unknown;
    },
  };
}
