/**
 * An upload, from request body to a complete manifest: which format the bytes are, which files they
 * hold (one file, a zip, multipart parts), and the manifest fields the uploader left out, derived from
 * the model itself or from the version it replaces. Refusals are AppErrors saying what to send instead.
 */

import { AppError } from '../errors.ts';
import type { ArtifactDescription } from './describe.ts';
import type { ManifestPatch, ModelFormat, ModelManifest } from './manifest.ts';
import { checkArtifactPath, sha256 } from './store.ts';
import { unzipBounded } from './unzip.ts';

export interface UploadBody {
  format: ModelFormat;
  /** Every file by relative path; `main` is the one the format starts from. */
  files: Map<string, Uint8Array>;
  main: string;
  originalFilename?: string;
}

const MAIN_FILE: Record<ModelFormat, string> = { onnx: 'model.onnx', pmml: 'model.pmml', tfjs: 'model.json' };
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

/** One file: ONNX bytes or a PMML document, stored as model.onnx / model.pmml; a zip is unpacked. */
export function singleFileBody(format: ModelFormat | 'zip', bytes: Uint8Array, opts: { maxBytes: number; originalFilename?: string }): UploadBody {
  if (bytes.length === 0) throw new AppError('MODEL_INVALID', 'the request body is empty; send the model file (curl --data-binary @model.onnx)');
  if (format === 'zip' || ZIP_MAGIC.every((b, i) => bytes[i] === b)) return zipBody(bytes, opts);
  return { format, files: new Map([[MAIN_FILE[format], bytes]]), main: MAIN_FILE[format], ...named(opts.originalFilename) };
}

/** Files from multipart parts or a zip: model.json → TF.js; else one .onnx or .pmml/.xml file. */
export function filesBody(parts: Array<{ filename: string; bytes: Uint8Array }>, originalFilename?: string): UploadBody {
  const files = new Map<string, Uint8Array>();
  for (const p of stripCommonFolder(parts)) {
    checkArtifactPath(p.filename);
    files.set(p.filename, p.bytes);
  }
  const modelJson = [...files.keys()].find((p) => p === 'model.json' || p.endsWith('/model.json'));
  if (modelJson) return { format: 'tfjs', files, main: modelJson, ...named(originalFilename ?? modelJson) };
  if (files.size === 1) {
    const [path, bytes] = [...files][0]!;
    const format: ModelFormat | undefined = /\.onnx$/i.test(path) ? 'onnx' : /\.(pmml|xml)$/i.test(path) ? 'pmml' : sniff(bytes);
    if (format) return { format, files: new Map([[MAIN_FILE[format], bytes]]), main: MAIN_FILE[format], ...named(originalFilename ?? path) };
  }
  throw new AppError(
    'UNSUPPORTED_MEDIA_TYPE',
    `cannot tell the model format from the files ${[...files.keys()].slice(0, 5).join(', ') || '(none)'}: send one .onnx or .pmml file, or a TF.js model.json with its weight files`,
  );
}

function zipBody(bytes: Uint8Array, opts: { maxBytes: number; originalFilename?: string }): UploadBody {
  const entries = unzipBounded(bytes, {
    maxBytes: opts.maxBytes,
    keep(name) {
      const segments = name.split('/');
      // Names that climb out, are absolute, or use '\\' or a drive letter are refused, not skipped.
      if (/^[/\\]|^[A-Za-z]:|\\/.test(name) || segments.includes('..')) checkArtifactPath(name); // refuses, naming it
      return !name.endsWith('/') && segments[0] !== '__MACOSX' && !segments.some((s) => s.startsWith('.'));
    },
  });
  const parts = [...entries].map(([filename, data]) => ({ filename, bytes: data }));
  return filesBody(parts, opts.originalFilename);
}

/** A zip of a folder (`mymodel/model.json`, `mymodel/shard1.bin`) is read as if zipped from inside it. */
function stripCommonFolder(parts: Array<{ filename: string; bytes: Uint8Array }>): Array<{ filename: string; bytes: Uint8Array }> {
  const first = parts[0]?.filename.split('/')[0];
  if (!first || !parts.every((p) => p.filename.startsWith(`${first}/`))) return parts;
  return parts.map((p) => ({ ...p, filename: p.filename.slice(first.length + 1) }));
}

function sniff(bytes: Uint8Array): ModelFormat | undefined {
  const head = new TextDecoder().decode(bytes.subarray(0, 64)).replace(/^\uFEFF/, '').trimStart();
  return head.startsWith('<') ? 'pmml' : undefined;
}

function named(originalFilename: string | undefined): { originalFilename?: string } {
  return originalFilename ? { originalFilename: originalFilename.slice(0, 512) } : {};
}

export interface CompleteOptions {
  name: string;
  version: number;
  body: UploadBody;
  patch?: ManifestPatch;
  description: ArtifactDescription;
  /** The active version this one would replace: its feature list and output mapping are reused when they fit. */
  previous?: ModelManifest;
  /** Features the pipelines using this model compute, for the hint when features must be named. */
  available: string[];
  createdAt: string;
}

/** Fills the manifest from the uploader's patch, the model's own metadata and the previous version. */
export function completeManifest(o: CompleteOptions): { manifest: ModelManifest; derived: string[] } {
  const { patch = {}, description: d, previous } = o;
  const derived: string[] = [];
  const input = d.inputs.length === 1 ? d.inputs[0] : undefined;
  const tensor = patch.inputs?.tensor ?? input?.name ?? previous?.inputs.tensor ?? 'features';
  const declaredWidth = input && input.shape.length === 2 && typeof input.shape[1] === 'number' && input.shape[1] > 0 ? input.shape[1] : undefined;

  let features = patch.inputs?.features;
  if (!features && d.features) {
    features = d.features.names;
    derived.push(`inputs.features: ${features.length} names from ${d.features.source}`);
  }
  if (!features && previous && (declaredWidth === undefined || declaredWidth === previous.inputs.features.length)) {
    features = previous.inputs.features;
    derived.push(`inputs.features: the ${features.length} features of version ${previous.version}, which the model's input width matches`);
  }
  if (!features) {
    const width = declaredWidth === undefined ? 'its' : `${declaredWidth}`;
    throw new AppError(
      'MODEL_INVALID',
      `cannot tell which features feed input "${tensor}" (${width} columns): the model does not record feature names; send a manifest with inputs.features in column order, {"inputs":{"features":["…"]}}, as the multipart field "manifest" or URL-encoded in ?manifest=` +
        (o.available.length ? `; the pipelines using "${o.name}" compute: ${o.available.join(', ')}` : ''),
    );
  }
  if (declaredWidth !== undefined && features.length !== declaredWidth) {
    throw new AppError('MODEL_INVALID', `input "${tensor}" takes ${declaredWidth} columns but inputs.features names ${features.length}; list one feature per column`);
  }
  const sameFeatures = previous && previous.inputs.features.join('\u0000') === features.join('\u0000');
  const missing = patch.inputs?.missing ?? (sameFeatures ? previous.inputs.missing : undefined);

  let output = d.output && { tensor: d.output.tensor, kind: d.output.kind, column: d.output.column, ...(d.output.labelTensor && { labelTensor: d.output.labelTensor }) };
  const previousFits = previous && d.outputs.some((t) => t.name === previous.output.tensor);
  if (!patch.output?.tensor && previousFits && (!output || output.tensor === previous.output.tensor)) {
    output = previous.output;
    derived.push(`output: as version ${previous.version} (${previous.output.kind} from "${previous.output.tensor}", column ${previous.output.column})`);
  } else if (!patch.output?.tensor && output && d.output) {
    derived.push(`output: ${d.output.why}`);
  }
  const merged = { ...output, ...patch.output };
  if (!merged.tensor || !merged.kind) {
    throw new AppError(
      'MODEL_INVALID',
      `cannot tell which output is the prediction (outputs: ${d.outputs.map((t) => t.name).join(', ') || 'none'}); send a manifest with output.tensor and output.kind (probability | value | anomaly)`,
    );
  }
  const files = [...o.body.files].map(([path, bytes]) => ({ path, size: bytes.length, sha256: sha256(bytes) }));
  const mainFile = files.find((f) => f.path === o.body.main)!;
  const manifest: ModelManifest = {
    name: o.name,
    version: o.version,
    format: o.body.format,
    inputs: { tensor, features, ...(missing && { missing }) },
    output: { ...merged, tensor: merged.tensor, kind: merged.kind, column: merged.column ?? 0 },
    ...(patch.description !== undefined && { description: patch.description }),
    createdAt: o.createdAt,
    sha256: mainFile.sha256,
    size: files.reduce((sum, f) => sum + f.size, 0),
    filename: o.body.main,
    ...(o.body.originalFilename && { originalFilename: o.body.originalFilename }),
    ...(files.length > 1 && { files }),
    ...(patch.metrics && { metrics: patch.metrics }),
  };
  return { manifest, derived };
}
