/**
 * The persistent registry: shipped models imported once, uploads derived + validated + written
 * atomically, activation and deletes persisted, restarts reading it all back, refusals writing nothing.
 */

import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { AppError } from '../../src/errors.ts';
import type { Consumer } from '../../src/models/consumers.ts';
import { createRegistry, type Registry } from '../../src/models/registry.ts';
import { singleFileBody } from '../../src/models/upload.ts';
import { logisticOnnx } from './onnx-fixtures.ts';

const SHIPPED = new URL('../../models', import.meta.url).pathname;
const SHIPPED_FEATURES: string[] = JSON.parse(readFileSync(join(SHIPPED, 'motor-health/1/manifest.json'), 'utf8')).inputs.features;
const silent = pino({ level: 'silent' });
const body = (bytes: Uint8Array) => singleFileBody('onnx', bytes, { maxBytes: 1e8 });
const logistic15 = (bias: number) => logisticOnnx({ weights: SHIPPED_FEATURES.map((_, i) => (i % 3) / 10), bias });

async function open(root: string, consumers: Consumer[] = []): Promise<Registry> {
  const registry = createRegistry(silent, { root, consumers: (name) => consumers.filter(() => name === 'motor-health') });
  await registry.open({ shipped: SHIPPED });
  return registry;
}

async function refused(p: Promise<unknown>, status: number, pattern: RegExp): Promise<void> {
  try {
    await p;
  } catch (err) {
    assert.instance(err, AppError);
    assert.is((err as AppError).status, status, (err as Error).message);
    assert.match((err as Error).message, pattern);
    return;
  }
  assert.unreachable('accepted');
}

const tree = (dir: string): string[] => readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();

test('first start imports the shipped model; a restart reads the registry back without importing again', async () => {
  const root = mkdtempSync(join(tmpdir(), 'ss-reg-'));
  const first = await open(root);
  assert.equal(tree(root), ['motor-health', 'motor-health/1', 'motor-health/1/manifest.json', 'motor-health/1/model.onnx', 'motor-health/state.json']);
  assert.equal(JSON.parse(readFileSync(join(root, 'motor-health/state.json'), 'utf8')), { active: 1, latest: 1 });
  assert.is(first.resolve('motor-health', 'active')?.manifest.version, 1);
  await first.close();
  const second = createRegistry(silent, { root });
  assert.equal(await second.open({ shipped: SHIPPED }), { loaded: 1, imported: 0 });
  assert.is(second.get('motor-health').activeVersion, 1);
  await second.close();
});

test('upload → activate → restart → rollback → delete, persisted at each step; version numbers never reused', async () => {
  const root = mkdtempSync(join(tmpdir(), 'ss-reg-'));
  const registry = await open(root);
  const up = await registry.upload({ name: 'motor-health', body: body(logistic15(0.5)), patch: { description: 'retrained' } });
  assert.is(up.manifest.version, 2);
  assert.is(up.active, false, 'a new version of an existing model waits for activation');
  assert.equal(up.manifest.inputs.features, SHIPPED_FEATURES);
  assert.ok(up.derived.some((d) => d.includes('features of version 1')), up.derived.join('\n'));
  assert.equal(up.manifest.output, { tensor: 'probability', kind: 'probability', column: 0 });
  assert.is(up.manifest.description, 'retrained');
  assert.match(up.manifest.sha256!, /^[0-9a-f]{64}$/);
  assert.is(registry.resolve('motor-health', 'active')?.manifest.version, 1);
  assert.equal(await registry.activate('motor-health', 2), { name: 'motor-health', active: 2, previous: 1 });
  await registry.close();

  const again = await open(root);
  assert.is(again.resolve('motor-health', 'active')?.manifest.version, 2);
  assert.is(again.resolve('motor-health', 1), undefined, 'inactive versions load on demand');
  await refused(again.remove('motor-health', 2), 409, /is active; activate another version first/);
  await again.activate('motor-health', 1); // rollback
  await again.remove('motor-health', 2);
  assert.not.ok(existsSync(join(root, 'motor-health/2')));
  const next = await again.upload({ name: 'motor-health', body: body(logistic15(-1)), activate: true });
  assert.is(next.manifest.version, 3);
  assert.is(next.active, true);
  assert.equal(JSON.parse(readFileSync(join(root, 'motor-health/state.json'), 'utf8')), { active: 3, latest: 3 });
  await again.close();
});

test('refused uploads write nothing: bad bytes, unsupplied features, underivable features, bad names', async () => {
  const root = mkdtempSync(join(tmpdir(), 'ss-reg-'));
  const consumers: Consumer[] = [{ pipeline: 'p1', role: 'model', version: 'active', features: SHIPPED_FEATURES }];
  const registry = await open(root, consumers);
  const before = tree(root);
  await refused(registry.upload({ name: 'motor-health', body: body(new TextEncoder().encode('not a model')) }), 422, /not a loadable ONNX model/);
  const renamed = { inputs: { features: SHIPPED_FEATURES.map((f) => f.replace('30s', '60s')) } };
  await refused(registry.upload({ name: 'motor-health', body: body(logistic15(0)), patch: renamed }), 422, /pipeline "p1" does not compute temperature_mean_60s/);
  await refused(registry.upload({ name: 'other', body: body(logisticOnnx({ weights: [1, 2], bias: 0 })) }), 422, /cannot tell which features feed input "features" \(2 columns\).*manifest/);
  await refused(registry.upload({ name: 'motor-health', body: body(logisticOnnx({ weights: [1, 2], bias: 0 })) }), 422, /cannot tell which features/);
  await refused(registry.upload({ name: 'x', body: body(logisticOnnx({ weights: [1, 2], bias: 0 })), patch: { inputs: { features: ['a'] } } }), 422, /takes 2 columns but inputs.features names 1/);
  await refused(registry.upload({ name: '../etc', body: body(logistic15(0)) }), 400, /no '\/', '\\' or '\.\.'/);
  await refused(registry.upload({ name: 'a..b', body: body(logistic15(0)) }), 400, /not allowed/);
  assert.equal(tree(root), before);
  assert.is(registry.get('motor-health').latestVersion, 1);
  await registry.close();
});

test('features come from the model\'s metadata when it records them; a new model name starts active', async () => {
  const root = mkdtempSync(join(tmpdir(), 'ss-reg-'));
  const registry = await open(root);
  const up = await registry.upload({ name: 'tiny', body: body(logisticOnnx({ weights: [1, -1], bias: 0, featureNames: ['x_mean_10s', 'y_max_10s'] })) });
  assert.equal(up.manifest.inputs.features, ['x_mean_10s', 'y_max_10s']);
  assert.is(up.active, true);
  assert.ok(up.derived[0]!.includes('metadata_props'));
  await registry.close();
});

test('activation is refused when a pipeline using the model cannot supply its inputs', async () => {
  const root = mkdtempSync(join(tmpdir(), 'ss-reg-'));
  const consumers: Consumer[] = [];
  const registry = await open(root, consumers);
  await registry.upload({ name: 'motor-health', body: body(logistic15(0)), patch: { inputs: { features: SHIPPED_FEATURES.map((f, i) => (i === 0 ? 'pressure_mean_30s' : f)) } } });
  consumers.push({ pipeline: 'p1', role: 'model', version: 'active', features: SHIPPED_FEATURES });
  await refused(registry.activate('motor-health', 2), 422, /pipeline "p1" does not compute pressure_mean_30s/);
  assert.is(registry.get('motor-health').activeVersion, 1);
  consumers[0] = { ...consumers[0]!, version: 2 };
  await refused(registry.remove('motor-health', 2), 409, /used by pipeline "p1"/);
  await registry.close();
});

test('leftovers of an interrupted write are ignored and removed; an unreadable version is skipped', async () => {
  const root = mkdtempSync(join(tmpdir(), 'ss-reg-'));
  await (await open(root)).close();
  mkdirSync(join(root, '.tmp/motor-health-2-abc'), { recursive: true });
  writeFileSync(join(root, '.tmp/motor-health-2-abc/model.onnx'), 'half');
  mkdirSync(join(root, 'motor-health/7'));
  writeFileSync(join(root, 'motor-health/7/manifest.json'), '{"broken": true');
  const registry = await open(root);
  assert.equal(registry.get('motor-health').versions.map((v) => v.version), [1]);
  assert.not.ok(existsSync(join(root, '.tmp')));
  await registry.close();
});

test.run();
