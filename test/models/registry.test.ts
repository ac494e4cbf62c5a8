/** The registry: loads <name>/<version>/ folders, picks the highest version as active, skips broken ones. */

import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createRegistry } from '../../src/models/registry.ts';

const SHIPPED = new URL('../../models/motor-health/1', import.meta.url).pathname;

function fixture(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ss-registry-'));
  cpSync(SHIPPED, join(dir, 'motor-health', '1'), { recursive: true });
  cpSync(SHIPPED, join(dir, 'motor-health', '2'), { recursive: true });
  const m2 = join(dir, 'motor-health', '2', 'manifest.json');
  writeFileSync(m2, JSON.stringify({ ...JSON.parse(readFileSync(m2, 'utf8')), version: 2 }));
  return dir;
}

test('loads every version; the highest is active; list describes them', async () => {
  const registry = createRegistry(pino({ level: 'silent' }));
  assert.is(await registry.loadDir(fixture()), 2);
  assert.is(registry.resolve('motor-health', 'active')?.manifest.version, 2);
  assert.is(registry.resolve('motor-health', 1)?.manifest.version, 1);
  assert.is(registry.resolve('motor-health', 3), undefined);
  assert.is(registry.resolve('other', 'active'), undefined);
  const [summary] = registry.list();
  assert.is(summary?.activeVersion, 2);
  assert.equal(summary?.versions.map((v) => v.version), [1, 2]);
  await registry.close();
});

test('a version whose artifact fails its sha256, or whose manifest is invalid, is skipped', async () => {
  const dir = fixture();
  const m1 = join(dir, 'motor-health', '1', 'manifest.json');
  writeFileSync(m1, JSON.stringify({ ...JSON.parse(readFileSync(m1, 'utf8')), sha256: '0'.repeat(64) }));
  const m2 = join(dir, 'motor-health', '2', 'manifest.json');
  writeFileSync(m2, JSON.stringify({ ...JSON.parse(readFileSync(m2, 'utf8')), format: 'caffe' }));
  const errors: string[] = [];
  const logger = pino({ level: 'error' }, { write: (line: string) => void errors.push(line) });
  const registry = createRegistry(logger);
  assert.is(await registry.loadDir(dir), 0);
  assert.ok(errors.some((e) => e.includes('does not match manifest')), errors.join('\n'));
  assert.ok(errors.some((e) => e.includes('/format')), errors.join('\n'));
  await registry.close();
});

test.run();
