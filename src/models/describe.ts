/**
 * Reads what a model declares about itself, before loading it: inputs, outputs, recorded feature
 * names and a likely output mapping. Uploads use it to fill what the uploader's manifest leaves out:
 * ONNX graph inputs/outputs and `metadata_props.features`; PMML MiningSchema active fields and
 * OutputFields; TF.js signature (graph models) or first/last layers (layers models).
 */

import { SaxesParser } from 'saxes';
import { AppError } from '../errors.ts';
import type { ModelFormat, ModelManifest } from './manifest.ts';
import { inspectOrRefuse } from './onnx/checks.ts';
import type { Artifact, TensorInfo } from './runtime.ts';

export interface ArtifactDescription {
  inputs: TensorInfo[];
  outputs: TensorInfo[];
  /** Feature names recorded in the model itself, and where. */
  features?: { names: string[]; source: string };
  /** A likely output mapping, and why it was chosen. */
  output?: ModelManifest['output'] & { why: string };
}

export function describeArtifact(format: ModelFormat, artifact: Artifact): ArtifactDescription {
  if (format === 'onnx') return describeOnnx(artifact.main);
  if (format === 'pmml') return describePmml(artifact.main);
  return describeTfjs(artifact);
}

function describeOnnx(bytes: Uint8Array): ArtifactDescription {
  const info = inspectOrRefuse(bytes);
  const tensor = (v: (typeof info.inputs)[number]): TensorInfo => ({ name: v.name, shape: v.shape ?? [], type: v.type ?? v.kind });
  const inputs = info.inputs.filter((i) => !info.initializers.has(i.name)).map(tensor);
  const outputs = info.outputs.map(tensor);
  const desc: ArtifactDescription = { inputs, outputs };
  const recorded = parseNames(info.metadata.features);
  if (recorded) desc.features = { names: recorded, source: 'the model\'s metadata_props "features"' };
  const numeric = outputs.filter((o) => o.type.startsWith('float'));
  const label = outputs.find((o) => (o.type === 'int64' || o.type === 'string') && o.shape.length <= 1);
  // skl2onnx classifiers: `label` [N] + `probabilities` [N, classes]; the positive class is the last column.
  const probs = numeric.find((o) => o.shape.length === 2 && typeof o.shape[1] === 'number' && o.shape[1] >= 2) ?? numeric.find((o) => /prob/i.test(o.name));
  if (probs) {
    const classes = probs.shape[1];
    const column = typeof classes === 'number' && classes >= 2 ? classes - 1 : 0;
    desc.output = {
      tensor: probs.name, kind: 'probability', column, ...(label && { labelTensor: label.name }),
      why: `probabilities tensor "${probs.name}", column ${column} (the last class) as P(positive)`,
    };
  } else if (numeric.length === 1) {
    const only = numeric[0]!;
    const kind = /score|anomal/i.test(only.name) ? 'anomaly' : 'value';
    desc.output = { tensor: only.name, kind, column: 0, why: `the only numeric output "${only.name}" as a ${kind}` };
  }
  return desc;
}

function parseNames(json: string | undefined): string[] | undefined {
  if (!json) return undefined;
  try {
    const value: unknown = JSON.parse(json);
    if (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string')) return value as string[];
  } catch {
    // not a feature list
  }
  return undefined;
}

/** The PMML document's first model: MiningSchema active fields, the target, probability OutputFields. */
function describePmml(bytes: Uint8Array): ArtifactDescription {
  const parser = new SaxesParser({ xmlns: false });
  const active: string[] = [];
  const probabilityFields: Array<{ name: string; value: string }> = [];
  let target: string | undefined;
  let modelElement: string | undefined;
  let functionName: string | undefined;
  let depth = 0;
  let modelDepth = -1;
  let schemaDone = false;
  let inSchema = false;
  parser.on('doctype', () => {
    throw new AppError(
      'MODEL_INVALID',
      'the PMML document has a DOCTYPE; documents with a DOCTYPE or entity declarations are refused (XML external entities, entity expansion); remove the <!DOCTYPE …> declaration',
    );
  });
  parser.on('opentag', (tag) => {
    depth++;
    const attrs = tag.attributes as Record<string, string>;
    if (depth === 2 && modelDepth < 0 && (tag.name.endsWith('Model') || tag.name === 'Scorecard')) {
      modelElement = tag.name;
      modelDepth = depth;
      functionName = attrs.functionName;
    } else if (depth === modelDepth + 1 && tag.name === 'MiningSchema' && !schemaDone) {
      inSchema = true;
    } else if (inSchema && tag.name === 'MiningField' && attrs.name) {
      const usage = attrs.usageType ?? 'active';
      if (usage === 'active') active.push(attrs.name);
      else if (usage === 'predicted' || usage === 'target') target ??= attrs.name;
    } else if (depth === modelDepth + 2 && tag.name === 'OutputField' && attrs.name && attrs.feature === 'probability') {
      probabilityFields.push({ name: attrs.name, value: attrs.value ?? '' });
    }
  });
  parser.on('closetag', (tag) => {
    if (tag.name === 'MiningSchema' && inSchema) {
      inSchema = false;
      schemaDone = true;
    }
    depth--;
  });
  try {
    parser.write(new TextDecoder('utf-8', { fatal: true }).decode(bytes)).close();
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError('MODEL_INVALID', `not a well-formed PMML document: ${String((err as Error).message).split('\n')[0]}`);
  }
  if (!modelElement) throw new AppError('MODEL_INVALID', 'no model element (RegressionModel, TreeModel, MiningModel, …) under <PMML>');
  const desc: ArtifactDescription = {
    inputs: active.map((name) => ({ name, shape: [-1], type: 'float64' })),
    outputs: [...probabilityFields.map((f) => ({ name: f.name, shape: [-1], type: 'float64' })), ...(target ? [{ name: target, shape: [-1], type: 'float64' }] : [])],
  };
  if (active.length) desc.features = { names: active, source: `the MiningSchema active fields of ${modelElement}` };
  const positive = probabilityFields.find((f) => /^(1|true|yes|fault|anomaly|positive)$/i.test(f.value)) ?? probabilityFields.at(-1);
  if (positive) {
    desc.output = { tensor: positive.name, kind: 'probability', column: 0, why: `OutputField "${positive.name}" (probability of "${positive.value}")` };
  } else if (target) {
    const kind = modelElement === 'AnomalyDetectionModel' ? 'anomaly' : functionName === 'classification' ? 'probability' : 'value';
    desc.output = { tensor: target, kind, column: 0, why: `the ${functionName ?? 'predicted'} field "${target}" as a ${kind}` };
  }
  return desc;
}

interface TfjsModelJson {
  format?: string;
  modelTopology?: Record<string, any>;
  weightsManifest?: Array<{ paths?: string[] }>;
  signature?: { inputs?: Record<string, TfjsSig>; outputs?: Record<string, TfjsSig> };
}
interface TfjsSig {
  name?: string;
  dtype?: string;
  tensorShape?: { dim?: Array<{ size?: string | number }> };
}

/** TF.js model.json: graph models carry a signature; layers models a topology whose first/last layers say it. */
function describeTfjs(artifact: Artifact): ArtifactDescription {
  let json: TfjsModelJson;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(artifact.main)) as TfjsModelJson;
  } catch (err) {
    throw new AppError('MODEL_INVALID', `model.json is not valid JSON: ${(err as Error).message}`);
  }
  if (!json || typeof json !== 'object' || !json.modelTopology || !Array.isArray(json.weightsManifest)) {
    throw new AppError('MODEL_INVALID', 'model.json needs "modelTopology" and "weightsManifest" (a TF.js layers or graph model, as written by tfjs-converter or model.save())');
  }
  const missing = json.weightsManifest.flatMap((g) => g.paths ?? []).filter((p) => !artifact.files.has(p.replace(/^\.\//, '')));
  if (missing.length) {
    throw new AppError('MODEL_INVALID', `model.json names weight files that were not uploaded: ${missing.slice(0, 5).join(', ')}; send them with model.json (multipart or zip)`);
  }
  if (json.signature?.inputs) {
    const sig = (entries: Record<string, TfjsSig> = {}): TensorInfo[] =>
      Object.entries(entries).map(([key, s]) => ({
        name: (s.name ?? key).replace(/:0$/, ''),
        type: s.dtype === 'DT_INT32' ? 'int32' : 'float32',
        shape: (s.tensorShape?.dim ?? []).map((d) => Number(d.size ?? -1)),
      }));
    const outputs = sig(json.signature.outputs);
    const desc: ArtifactDescription = { inputs: sig(json.signature.inputs), outputs };
    if (outputs.length === 1) desc.output = { tensor: outputs[0]!.name, kind: 'value', column: 0, why: `the graph model's only output "${outputs[0]!.name}"` };
    return desc;
  }
  const config = json.modelTopology.model_config?.config ?? json.modelTopology.config ?? {};
  const layers: Array<{ name?: string; config?: Record<string, any> }> = config.layers ?? [];
  const first = layers[0]?.config ?? {};
  const last = layers.at(-1);
  const shape: Array<number | null> = first.batch_input_shape ?? first.batchInputShape ?? [];
  const inputs: TensorInfo[] = [{ name: first.name ?? 'input', type: 'float32', shape: shape.map((d) => d ?? -1) }];
  const activation = last?.config?.activation;
  const units = last?.config?.units;
  const outputs: TensorInfo[] = last ? [{ name: last.config?.name ?? last.name ?? 'output', type: 'float32', shape: [-1, units ?? -1] }] : [];
  const desc: ArtifactDescription = { inputs, outputs };
  if (outputs[0]) {
    const kind = activation === 'sigmoid' || activation === 'softmax' ? 'probability' : 'value';
    const column = activation === 'softmax' && typeof units === 'number' ? units - 1 : 0;
    desc.output = { tensor: outputs[0].name, kind, column, why: `the last layer "${outputs[0].name}" (${activation ?? 'linear'}) as a ${kind}` };
  }
  return desc;
}
