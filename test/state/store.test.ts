/** Snapshot store: atomic generations; a snapshot failing its checksum falls back to the previous one. */

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createSnapshotStore } from '../../src/state/store.ts';

test('saves and loads the newest generation; none yet → undefined', async () => {
  const store = createSnapshotStore(mkdtempSync(join(tmpdir(), 'ss-state-')));
  assert.is(await store.load('p'), undefined);
  await store.save('p', { n: 1 });
  await store.save('p', { n: 2 });
  assert.equal(await store.load('p'), { state: { n: 2 }, generation: 'latest' });
});

test('a newest snapshot failing its checksum is skipped for the previous one, with the reason', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ss-state-'));
  const store = createSnapshotStore(dir);
  await store.save('p', { n: 1 });
  await store.save('p', { n: 2 });
  const path = join(dir, 'p.json');
  writeFileSync(path, readFileSync(path, 'utf8').replace('\\"n\\":2', '\\"n\\":3')); // body changed, checksum not
  const loaded = await store.load('p');
  assert.equal(loaded?.state, { n: 1 });
  assert.is(loaded?.generation, 'previous');
  assert.match(loaded!.skipped!, 'fails its checksum');
});

test('no readable generation: load throws, naming both failures', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ss-state-'));
  const store = createSnapshotStore(dir);
  await store.save('p', { n: 1 });
  writeFileSync(join(dir, 'p.json'), '{"sha256":"x","body":"{}"}');
  try {
    await store.load('p');
    assert.unreachable();
  } catch (err) {
    assert.match((err as Error).message, 'no readable snapshot of p');
  }
});

test.run();
