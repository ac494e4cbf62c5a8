/** Builds the real HTTP app over a fresh persistent registry (shipped model imported), for inject() tests. */

import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { Registry as Metrics } from 'prom-client';
import { createScoreStore } from '../../src/emit/store.ts';
import { buildHttp, type HttpDeps } from '../../src/http/server.ts';
import type { Consumer } from '../../src/models/consumers.ts';
import { createRegistry, type Registry } from '../../src/models/registry.ts';

export const SHIPPED = new URL('../../models', import.meta.url).pathname;
export const SHIPPED_FEATURES: string[] = JSON.parse(readFileSync(join(SHIPPED, 'motor-health/1/manifest.json'), 'utf8')).inputs.features;

export interface TestApp {
  app: FastifyInstance;
  registry: Registry;
  root: string;
  /** Every path under the registry root, to show a refused upload wrote nothing. */
  tree(): string[];
  close(): Promise<void>;
}

export async function buildTestApp(o: { consumers?: Consumer[]; maxModelBytes?: number } = {}): Promise<TestApp> {
  const root = mkdtempSync(join(tmpdir(), 'ss-http-'));
  const logger = pino({ level: 'silent' });
  const registry = createRegistry(logger, { root, consumers: (name) => (o.consumers ?? []).filter(() => name === 'motor-health') });
  await registry.open({ shipped: SHIPPED });
  const app = await buildHttp({
    logger,
    registry,
    ...(o.maxModelBytes !== undefined && { maxModelBytes: o.maxModelBytes }),
    store: createScoreStore({ historyPerKey: 10, maxKeys: 10 }),
    metrics: new Metrics(),
    readiness: () => ({ ready: true, checks: {} }),
    pipelines: () => [],
  });
  return {
    app,
    registry,
    root,
    tree: () => readdirSync(root, { recursive: true, encoding: 'utf8' }).sort(),
    async close() {
      await app.close();
      await registry.close();
    },
  };
}

/** The HTTP app over an empty registry (nothing on disk), a tiny score store and `extra` deps: for routes that need no model. */
export function buildBareHttp(extra: Partial<HttpDeps> = {}): Promise<FastifyInstance> {
  const logger = pino({ level: 'silent' });
  return buildHttp({
    logger,
    registry: createRegistry(logger, { root: '/nonexistent', consumers: () => [] }),
    store: createScoreStore({ historyPerKey: 10, maxKeys: 10 }),
    metrics: new Metrics(),
    readiness: () => ({ ready: true, checks: {} }),
    pipelines: () => [],
    ...extra,
  });
}

/** A multipart/form-data body as undici's FormData serializes it. */
export async function multipart(parts: Array<{ name: string; filename?: string; content: Uint8Array | string }>): Promise<{ payload: Buffer; headers: Record<string, string> }> {
  const form = new FormData();
  for (const p of parts) {
    if (p.filename) form.append(p.name, new Blob([typeof p.content === 'string' ? p.content : new Uint8Array(p.content)]), p.filename);
    else form.append(p.name, typeof p.content === 'string' ? p.content : new Blob([new Uint8Array(p.content)]));
  }
  const request = new Request('http://localhost/', { method: 'PUT', body: form });
  return { payload: Buffer.from(await request.arrayBuffer()), headers: { 'content-type': request.headers.get('content-type')! } };
}

/** A TF.js layers model: Dense(inputs → 1, sigmoid), weights as one shard. */
export function tfjsLayersModel(weights: number[], bias: number): { modelJson: string; shard: Uint8Array } {
  const n = weights.length;
  const modelJson = JSON.stringify({
    format: 'layers-model',
    generatedBy: 'streamscore-test',
    convertedBy: null,
    modelTopology: {
      class_name: 'Sequential',
      config: {
        name: 'seq',
        layers: [{
          class_name: 'Dense',
          config: {
            name: 'dense', trainable: true, batch_input_shape: [null, n], dtype: 'float32', units: 1, activation: 'sigmoid', use_bias: true,
            kernel_initializer: { class_name: 'Zeros', config: {} }, bias_initializer: { class_name: 'Zeros', config: {} },
            kernel_regularizer: null, bias_regularizer: null, activity_regularizer: null, kernel_constraint: null, bias_constraint: null,
          },
        }],
      },
      keras_version: 'tfjs-layers 4.22.0',
      backend: 'tensor_flow.js',
    },
    weightsManifest: [{ paths: ['weights.bin'], weights: [{ name: 'dense/kernel', shape: [n, 1], dtype: 'float32' }, { name: 'dense/bias', shape: [1], dtype: 'float32' }] }],
  });
  return { modelJson, shard: new Uint8Array(new Float32Array([...weights, bias]).buffer) };
}

/** A PMML RegressionModel over the given fields (logistic link → P(class "1")). */
export function pmmlRegression(fields: string[], opts: { doctype?: boolean } = {}): string {
  const doctype = opts.doctype ? '<!DOCTYPE PMML [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n' : '';
  return `<?xml version="1.0" encoding="UTF-8"?>
${doctype}<PMML xmlns="http://www.dmg.org/PMML-4_4" version="4.4">
  <Header description="test"/>
  <DataDictionary numberOfFields="${fields.length + 1}">
${fields.map((f) => `    <DataField name="${f}" optype="continuous" dataType="double"/>`).join('\n')}
    <DataField name="fault" optype="categorical" dataType="string"><Value value="0"/><Value value="1"/></DataField>
  </DataDictionary>
  <RegressionModel functionName="classification" normalizationMethod="logit">
    <MiningSchema>
${fields.map((f) => `      <MiningField name="${f}"/>`).join('\n')}
      <MiningField name="fault" usageType="target"/>
    </MiningSchema>
    <Output>
      <OutputField name="probability_0" optype="continuous" dataType="double" feature="probability" value="0"/>
      <OutputField name="probability_1" optype="continuous" dataType="double" feature="probability" value="1"/>
    </Output>
    <RegressionTable intercept="-1" targetCategory="1">
${fields.map((f, i) => `      <NumericPredictor name="${f}" coefficient="${(i % 3) / 100}"/>`).join('\n')}
    </RegressionTable>
    <RegressionTable intercept="0" targetCategory="0"/>
  </RegressionModel>
</PMML>
`;
}

export function walk(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();
}
