/** The runner's scoring step: absent features reach the model as the manifest says, or as NaN for runtimes with their own rules. */

import { pino } from 'pino';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { resolveConfig } from '../../src/config/load.ts';
import { guard } from '../../src/models/lifetime.ts';
import type { ModelManifest } from '../../src/models/manifest.ts';
import type { Registry } from '../../src/models/registry.ts';
import type { LoadedModel } from '../../src/models/runtime.ts';
import { createPipelineCore } from '../../src/pipeline/core.ts';
import { createPipelineRunner } from '../../src/pipeline/runner.ts';

const T0 = Date.UTC(2026, 0, 1);

async function firstRow(handlesMissing: boolean | undefined): Promise<number[]> {
  const config = resolveConfig({
    pipelines: [{ name: 'p', source: { topic: 'd/+/t' }, window: { type: 'tumbling', size: '10s', partial: 'emit' }, features: { x: ['mean'], y: ['mean'] }, model: { name: 'm' } }],
  }).pipelines[0]!;
  const seen: number[][] = [];
  const inner: LoadedModel = {
    inputs: [],
    outputs: [],
    ...(handlesMissing !== undefined && { handlesMissing }),
    score: async (batch, rows) => {
      seen.push(Array.from(batch.subarray(0, 2)));
      return new Float32Array(rows).fill(0.1);
    },
    dispose: async () => undefined,
  };
  const manifest = {
    name: 'm', version: 1, format: 'onnx',
    inputs: { tensor: 'features', features: ['x_mean_10s', 'y_mean_10s'], missing: { y_mean_10s: 42 } },
    output: { tensor: 'p', kind: 'probability', column: 0 },
  } as ModelManifest;
  const model = guard(inner, { busy: 0, doomed: false }); // wrapped as the registry wraps every model
  const registry = { resolve: () => ({ manifest, model }) } as unknown as Registry;
  const runner = createPipelineRunner(createPipelineCore(config, { maxPayloadBytes: 4096, maxKeys: 10, maxEventsPerKey: 100 }), {
    registry, logger: pino({ level: 'silent' }), now: () => T0 + 60_000, maxQueuedRows: 100,
    outputs: { publish: () => undefined, onScore: () => undefined },
  });
  runner.onMessage('d/a/t', Buffer.from(JSON.stringify({ ts: T0 + 1000, x: 3 }))); // y absent
  runner.onMessage('d/a/t', Buffer.from(JSON.stringify({ ts: T0 + 11_000, x: 5 }))); // closes [0s, 10s)
  await runner.drain();
  return seen[0]!;
}

test('an absent feature gets the manifest\'s missing value', async () => {
  assert.equal(await firstRow(undefined), [3, 42]);
});

test('a runtime that handles missing values itself (PMML) gets NaN, through the registry\'s wrapper', async () => {
  const [x, y] = await firstRow(true);
  assert.is(x, 3);
  assert.ok(Number.isNaN(y), `got ${y}`);
});

test.run();
