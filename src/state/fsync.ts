/** Writes that must outlive a power loss, not only a process crash. */

import { mkdir, open } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Writes `bytes` to `path` (creating its folder) and fsyncs the file before returning. */
export async function writeFileSynced(path: string, bytes: Uint8Array | string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const handle = await open(path, 'w');
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Fsyncs a folder, so a file created in it or renamed into it keeps its name after a power loss. */
export async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
