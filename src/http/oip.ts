/**
 * The Open Inference Protocol v2 over HTTP/REST (KServe "Predict Protocol - Version 2", the text in
 * /work/shared/reference/open-inference-protocol-v2.md): health, server and model metadata, and
 * inference for every registered model. A version in the URL picks that version (loaded on demand);
 * without one, the active version answers. Errors are `{"error": "..."}` as the protocol requires.
 */

import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FastifyError, FastifyPluginAsync } from 'fastify';
import { AppError, bodyTooLarge } from '../errors.ts';
import type { ModelVersion, Registry } from '../models/registry.ts';
import { flatten, metadataTensor, OIP_DATATYPES, responseOutput, toNamedTensor, type RequestInput, type ResponseOutput } from './oip-tensors.ts';

export interface OipDeps {
  registry: Registry;
}

const SERVER_VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
/** [Platforms]: "<project>_<format>"; onnx_onnxv1 is the protocol's own name. */
const PLATFORMS: Record<string, string> = { onnx: 'onnx_onnxv1', pmml: 'streamscore_pmml', tfjs: 'tensorflowjs_tfjs' };
/** Inference bodies are JSON tensors; larger batches belong on the stream. */
const INFER_BODY_LIMIT = 16 * 1024 * 1024;

const parameters = { type: 'object', additionalProperties: { anyOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }] } } as const;
/** `$inference_request` [Inference Request JSON Object]. */
const inferSchema = {
  type: 'object',
  required: ['inputs'],
  properties: {
    id: { type: 'string' },
    parameters,
    inputs: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['name', 'shape', 'datatype', 'data'],
        properties: {
          name: { type: 'string' },
          shape: { type: 'array', items: { type: 'integer', minimum: 0 } },
          datatype: { type: 'string', enum: OIP_DATATYPES },
          parameters,
          data: { type: 'array' },
        },
      },
    },
    outputs: { type: 'array', items: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, parameters } } },
  },
} as const;

interface InferRequest {
  id?: string;
  inputs: RequestInput[];
  outputs?: Array<{ name: string }>;
}
type Params = { name: string; version?: string };

export const oipRoutes: FastifyPluginAsync<OipDeps> = async (app, { registry }) => {
  // [Server Metadata Response JSON Error Object] and friends: `{"error": $string}`.
  app.setErrorHandler((err: FastifyError | AppError, _req, reply) => {
    const status = err instanceof AppError ? err.status : err.validation ? 400 : (err.statusCode ?? 500);
    if (status >= 500) reply.log.error({ err }, 'v2 request failed');
    if (status === 413) return reply.status(413).send({ error: bodyTooLarge(INFER_BODY_LIMIT).message });
    return reply.status(status).send({ error: err.message });
  });

  async function version(params: Params): Promise<ModelVersion> {
    if (params.version === undefined) return registry.ensure(params.name, 'active');
    if (!/^[0-9]{1,9}$/.test(params.version)) throw new AppError('MODEL_NOT_FOUND', `model "${params.name}" has no version "${params.version}"; versions are numbers`);
    return registry.ensure(params.name, Number(params.version));
  }

  // [Health]: 200 is true, 4xx is false; the body is empty.
  app.get('/v2/health/live', async (_req, reply) => reply.status(200).send());
  app.get('/v2/health/ready', async (_req, reply) => {
    const ready = registry.list().every((m) => m.versions.some((v) => v.active && v.loaded));
    return reply.status(ready ? 200 : 400).send();
  });
  app.get('/v2', async () => ({ name: 'streamscore', version: SERVER_VERSION, extensions: [] }));

  for (const base of ['/v2/models/:name', '/v2/models/:name/versions/:version']) {
    app.get<{ Params: Params }>(`${base}/ready`, async (req, reply) => {
      const ok = await version(req.params).then(() => true, () => false);
      return reply.status(ok ? 200 : 404).send();
    });

    app.get<{ Params: Params }>(base, async (req) => {
      const v = await version(req.params);
      const m = v.manifest;
      const { inputs, outputs } = v.model.infer
        ? { inputs: v.model.inputs, outputs: v.model.outputs.filter((o) => o.type !== 'non-tensor') }
        : { inputs: [{ name: m.inputs.tensor, type: 'float32', shape: [-1, m.inputs.features.length] }], outputs: [{ name: m.output.tensor, type: 'float32', shape: [-1] }] };
      return {
        name: m.name,
        versions: registry.get(m.name).versions.map((x) => String(x.version)),
        platform: PLATFORMS[m.format] ?? m.format,
        inputs: inputs.map(metadataTensor),
        outputs: outputs.map(metadataTensor),
      };
    });

    app.post<{ Params: Params; Body: InferRequest }>(`${base}/infer`, { bodyLimit: INFER_BODY_LIMIT, schema: { body: inferSchema } }, async (req) => {
      const v = await version(req.params);
      const requested = req.body.outputs?.map((o) => o.name);
      const outputs = v.model.infer ? await inferTensors(v, req.body.inputs, requested) : await inferByScore(v, req.body.inputs, requested);
      // "id": the request's, if any; a fresh one otherwise, so the response always carries one.
      return { model_name: v.manifest.name, model_version: String(v.manifest.version), id: req.body.id ?? randomUUID(), outputs };
    });
  }
};

/** Models with named tensors (ONNX): inputs as the model declares them, every or the requested outputs. */
async function inferTensors(v: ModelVersion, inputs: RequestInput[], requested?: string[]): Promise<ResponseOutput[]> {
  const declared = new Map(v.model.inputs.map((t) => [t.name, t]));
  const tensors = inputs.map((input) => {
    const d = declared.get(input.name);
    if (!d) throw new AppError('BAD_REQUEST', `unexpected input "${input.name}"; the model takes ${[...declared.keys()].join(', ')}`);
    return toNamedTensor(input, d);
  });
  const absent = [...declared.keys()].filter((n) => !inputs.some((i) => i.name === n));
  if (absent.length) throw new AppError('BAD_REQUEST', `missing input ${absent.join(', ')}`);
  const outputNames = new Set(v.model.outputs.map((o) => o.name));
  const unknown = requested?.filter((n) => !outputNames.has(n)) ?? [];
  if (unknown.length) throw new AppError('BAD_REQUEST', `unknown output ${unknown.join(', ')}; the model produces ${[...outputNames].join(', ')}`);
  try {
    return (await v.model.infer!(tensors, requested)).map(responseOutput);
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError('BAD_REQUEST', `inference failed: ${String((err as Error).message).split('\n')[0]}`);
  }
}

/**
 * Any other model goes through score(): one FP32 input named as the manifest's tensor, [rows, features]
 * (or [features] for one row), or one input per feature name, [rows] or [rows, 1]. One output: the
 * manifest's prediction, [rows].
 */
async function inferByScore(v: ModelVersion, inputs: RequestInput[], requested?: string[]): Promise<ResponseOutput[]> {
  const m = v.manifest;
  const features = m.inputs.features;
  const width = features.length;
  const unknown = requested?.filter((n) => n !== m.output.tensor) ?? [];
  if (unknown.length) throw new AppError('BAD_REQUEST', `unknown output ${unknown.join(', ')}; the model produces ${m.output.tensor}`);
  const numbers = (input: RequestInput): number[] =>
    flatten(input).map((x, i) => {
      if (typeof x !== 'number' || !Number.isFinite(x)) throw new AppError('BAD_REQUEST', `input "${input.name}": element ${i} is ${JSON.stringify(x)}, not a finite number`);
      return x;
    });
  let rows: number;
  let batch: Float32Array;
  const whole = inputs.find((i) => i.name === m.inputs.tensor);
  if (whole && inputs.length === 1) {
    const [a, b] = whole.shape;
    const fits = (whole.shape.length === 2 && b === width) || (whole.shape.length === 1 && a === width);
    if (!fits) throw new AppError('BAD_REQUEST', `input "${whole.name}" must have shape [rows, ${width}] (features: ${features.join(', ')}); got [${whole.shape.join(', ')}]`);
    rows = whole.shape.length === 2 ? a! : 1;
    batch = Float32Array.from(numbers(whole));
  } else {
    const byName = new Map(inputs.map((i) => [i.name, i]));
    const absent = features.filter((f) => !byName.has(f));
    if (absent.length || inputs.length !== width) {
      throw new AppError('BAD_REQUEST', `send one input "${m.inputs.tensor}" [rows, ${width}], or one input per feature (${features.join(', ')}), each [rows]`);
    }
    rows = byName.get(features[0]!)!.shape[0] ?? 1;
    batch = new Float32Array(rows * width);
    features.forEach((f, c) => {
      const col = numbers(byName.get(f)!);
      if (col.length !== rows) throw new AppError('BAD_REQUEST', `input "${f}" has ${col.length} rows; "${features[0]}" has ${rows}`);
      for (let r = 0; r < rows; r++) batch[r * width + c] = col[r]!;
    });
  }
  const scores = await v.model.score(batch, rows);
  return [{ name: m.output.tensor, shape: [rows], datatype: 'FP32', data: Array.from(scores.subarray(0, rows)) }];
}
