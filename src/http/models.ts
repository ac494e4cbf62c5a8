/**
 * /v1/models: list, upload a version (ONNX bytes, PMML XML, a TF.js model as multipart or zip, with an
 * optional manifest), describe, activate (also rollback) and delete versions. Uploads are validated by
 * the registry (load + dry run) before anything is written; every refusal is a 4xx saying what to fix.
 */

import multipart from '@fastify/multipart';
import type { FastifyError, FastifyPluginAsync, FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';
import { checkModelName, parseManifestPatch, type ManifestPatch, type ModelFormat } from '../models/manifest.ts';
import type { Registry } from '../models/registry.ts';
import { filesBody, singleFileBody, type UploadBody } from '../models/upload.ts';

export interface ModelDeps {
  registry: Registry;
  /** limits.maxModelBytes: bodies above it are refused with 413. */
  maxModelBytes?: number;
}

const DEFAULT_MAX_BYTES = 100 * 1024 * 1024;

/** Content type → format; octet-stream (and curl's default form type) is ONNX unless the bytes are a zip or XML. */
const BODY_TYPES: Record<string, ModelFormat | 'zip' | 'sniff'> = {
  'application/octet-stream': 'sniff',
  'application/x-www-form-urlencoded': 'sniff',
  'application/xml': 'pmml',
  'text/xml': 'pmml',
  'application/zip': 'zip',
  'application/x-zip-compressed': 'zip',
};
const SUPPORTED = 'application/octet-stream (ONNX), application/xml or text/xml (PMML), application/zip or multipart/form-data (TF.js model.json + weights)';

const nameParams = { type: 'object', properties: { name: { type: 'string', maxLength: 256 } }, required: ['name'] } as const;
const versionParams = {
  type: 'object',
  properties: { name: { type: 'string', maxLength: 256 }, v: { type: 'string', pattern: '^[0-9]{1,9}$' } },
  required: ['name', 'v'],
} as const;
const uploadQuery = {
  type: 'object',
  properties: {
    manifest: { type: 'string', maxLength: 1_000_000 },
    activate: { type: 'boolean', default: false },
    description: { type: 'string', maxLength: 4096 },
    filename: { type: 'string', maxLength: 512 },
    format: { type: 'string', enum: ['onnx', 'pmml', 'tfjs'] },
  },
  additionalProperties: false,
} as const;

interface UploadQuery {
  manifest?: string;
  activate: boolean;
  description?: string;
  filename?: string;
  format?: ModelFormat;
}

export const modelRoutes: FastifyPluginAsync<ModelDeps> = async (app, { registry, maxModelBytes = DEFAULT_MAX_BYTES }) => {
  const tooLarge = (): AppError => new AppError('MODEL_TOO_LARGE', `the model is larger than ${maxModelBytes} bytes (limits.maxModelBytes)`);

  // preservePath: a part named ../../x is refused by name, not quietly renamed to its last segment.
  await app.register(multipart, { preservePath: true, limits: { fileSize: maxModelBytes, files: 256, fields: 8, fieldSize: 1_000_000, parts: 300 } });
  app.addContentTypeParser(Object.keys(BODY_TYPES), { parseAs: 'buffer', bodyLimit: maxModelBytes }, (_req, body, done) => done(null, body));
  // Fastify's own body errors, said in this API's words; everything else goes to the server's handler.
  app.setErrorHandler((err: FastifyError | AppError, req, _reply) => {
    if (err instanceof AppError) throw err;
    // Only an upload is a model; other bodies here (JSON to activate) keep the server's 1 MiB answer.
    const upload = req.method === 'PUT';
    if (upload && (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || err.code === 'FST_REQ_FILE_TOO_LARGE' || err.statusCode === 413)) throw tooLarge();
    if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || err.statusCode === 415) {
      throw new AppError('UNSUPPORTED_MEDIA_TYPE', `unsupported content type; send the model as ${SUPPORTED}`);
    }
    throw err;
  });

  app.get('/v1/models', async () => ({ models: registry.list() }));

  app.get<{ Params: { name: string } }>('/v1/models/:name', { schema: { params: nameParams } }, async (req) => registry.get(req.params.name));

  app.get<{ Params: { name: string; v: string } }>('/v1/models/:name/versions/:v', { schema: { params: versionParams } }, async (req) => {
    const { name } = req.params;
    const manifest = registry.manifest(name, Number(req.params.v));
    const loaded = registry.resolve(name, manifest.version);
    return {
      name,
      version: manifest.version,
      active: registry.get(name).activeVersion === manifest.version,
      loaded: loaded !== undefined,
      manifest,
      ...(loaded && { inputs: loaded.model.inputs, outputs: loaded.model.outputs }),
    };
  });

  app.put<{ Params: { name: string }; Querystring: UploadQuery }>(
    '/v1/models/:name',
    {
      bodyLimit: maxModelBytes,
      schema: { params: nameParams, querystring: uploadQuery },
      // Refuse a bad name before reading a large body.
      onRequest: async (req) => checkModelName((req.params as { name: string }).name),
    },
    async (req, reply) => {
      const query = req.query;
      let body: UploadBody;
      let manifestText = query.manifest;
      if (req.isMultipart()) {
        const parts = await readParts(req, maxModelBytes, tooLarge);
        body = filesBody(parts.files, query.filename);
        manifestText = parts.manifest ?? manifestText;
      } else {
        const bytes = req.body;
        if (!Buffer.isBuffer(bytes)) throw new AppError('UNSUPPORTED_MEDIA_TYPE', `unsupported content type ${req.headers['content-type'] ?? '(none)'}; send the model as ${SUPPORTED}`);
        const kind = BODY_TYPES[(req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase()] ?? 'sniff';
        const format = query.format ?? (kind === 'sniff' ? (bytes.subarray(0, 64).toString('utf8').trimStart().startsWith('<') ? 'pmml' : 'onnx') : kind);
        body = singleFileBody(format, new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length), { maxBytes: maxModelBytes, ...(query.filename && { originalFilename: query.filename }) });
      }
      if (query.format && body.format !== query.format) throw new AppError('BAD_REQUEST', `?format=${query.format} but the upload holds a ${body.format} model`);
      const patch: ManifestPatch | undefined = parseManifestPatch(manifestText);
      const withDescription = query.description !== undefined ? { ...patch, description: query.description } : patch;
      const result = await registry.upload({
        name: req.params.name,
        body,
        activate: query.activate,
        ...(withDescription && { patch: withDescription }),
      });
      const { manifest } = result;
      return reply
        .status(201)
        .header('location', `/v1/models/${manifest.name}/versions/${manifest.version}`)
        .send({ name: manifest.name, version: manifest.version, active: result.active, derived: result.derived, manifest });
    },
  );

  app.post<{ Params: { name: string; v: string } }>('/v1/models/:name/versions/:v/activate', { schema: { params: versionParams } }, async (req) =>
    registry.activate(req.params.name, Number(req.params.v)),
  );

  app.delete<{ Params: { name: string; v: string } }>('/v1/models/:name/versions/:v', { schema: { params: versionParams } }, async (req) => {
    await registry.remove(req.params.name, Number(req.params.v));
    return { deleted: { name: req.params.name, version: Number(req.params.v) } };
  });
};

/** Multipart: every file part is a model file; a `manifest` field (or file) holds the manifest JSON. */
async function readParts(
  req: FastifyRequest,
  maxBytes: number,
  tooLarge: () => AppError,
): Promise<{ files: Array<{ filename: string; bytes: Uint8Array }>; manifest?: string }> {
  const files: Array<{ filename: string; bytes: Uint8Array }> = [];
  let manifest: string | undefined;
  let total = 0;
  for await (const part of req.parts()) {
    if (part.type === 'field') {
      if (part.fieldname === 'manifest') manifest = String(part.value);
      continue;
    }
    const bytes = await part.toBuffer();
    total += bytes.length;
    if (total > maxBytes) throw tooLarge();
    if (part.fieldname === 'manifest') manifest = bytes.toString('utf8');
    else files.push({ filename: part.filename || part.fieldname, bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length) });
  }
  if (files.length === 0) throw new AppError('BAD_REQUEST', 'the multipart upload has no file parts; send the model files (e.g. -F model.json=@model.json -F shard=@group1-shard1of1.bin)');
  return { files, ...(manifest !== undefined && { manifest }) };
}
