/**
 * The TF.js runtime: LayersModel and GraphModel from model.json + weight shards, on tfjs-node when
 * installed, else WebAssembly. Every score() runs inside tf.tidy (or disposes explicitly for async
 * graphs) so no tensor outlives the call; dispose() frees the weights.
 */

import * as tf from '@tensorflow/tfjs';
import { AppError } from '../../errors.ts';
import type { ModelManifest } from '../manifest.ts';
import type { LoadedModel, Runtime, TensorInfo } from '../runtime.ts';
import { ensureBackend, type TfjsBackend } from './backend.ts';
import { artifactHandler, isGraphModel, readModelJson } from './io.ts';

/** One loaded network, layers or graph, behind the same four members. */
interface Net {
  readonly inputs: TensorInfo[];
  readonly outputs: TensorInfo[];
  /** Accepted manifest names per input / output (TF.js names a tensor several ways). */
  readonly inputNames: string[][];
  readonly outputNames: string[][];
  /** Runs the net on x and returns output `index`; synchronous nets run inside tf.tidy. */
  run(x: tf.Tensor, index: number): tf.Tensor | Promise<tf.Tensor>;
  dispose(): void;
}

export interface TfjsRuntimeOptions {
  /** Force a backend (tests, benchmarks); default tfjs-node if installed, else wasm. */
  backend?: TfjsBackend;
}

/**
 * A TF.js Runtime; `loadTfjs` is the default one (tfjs-node if installed, else wasm).
 *
 * @example
 * const load = createTfjsRuntime({ backend: 'cpu' });
 * const model = await load({ main: modelJson, files }, manifest);
 */
export function createTfjsRuntime(opts: TfjsRuntimeOptions = {}): Runtime {
  return async (artifact, manifest) => {
    await ensureBackend(opts.backend);
    const json = readModelJson(artifact);
    const handler = artifactHandler(artifact, json);
    let net: Net;
    try {
      net = isGraphModel(json) ? graphNet(await tf.loadGraphModel(handler)) : layersNet(await tf.loadLayersModel(handler));
    } catch (err) {
      if (err instanceof AppError) throw err;
      throw new AppError('MODEL_INVALID', `not a loadable TF.js model: ${firstLine(err)}`);
    }
    try {
      const model = wrap(net, manifest);
      const probe = await model.score(new Float32Array(manifest.inputs.features.length * 2), 2); // dry run: two rows of zeros
      if (probe.length !== 2) throw new AppError('MODEL_INVALID', `dry run returned ${probe.length} values for 2 rows`);
      return model;
    } catch (err) {
      net.dispose();
      if (err instanceof AppError) throw err;
      throw new AppError('MODEL_INVALID', `dry run failed: ${firstLine(err)}`);
    }
  };
}

export const loadTfjs: Runtime = createTfjsRuntime();

function wrap(net: Net, m: ModelManifest): LoadedModel {
  const width = m.inputs.features.length;
  const inputIndex = net.inputNames.findIndex((names) => names.includes(m.inputs.tensor));
  if (net.inputs.length !== 1) throw new AppError('MODEL_INVALID', `the model has ${net.inputs.length} inputs; this pipeline feeds one [rows, features] tensor`);
  if (inputIndex < 0) {
    throw new AppError('MODEL_INVALID', `manifest inputs.tensor "${m.inputs.tensor}" is not an input of the model (inputs: ${net.inputNames[0]!.join(' or ')})`);
  }
  const input = net.inputs[0]!;
  const cols = input.shape[1];
  if (input.shape.length !== 2 || (typeof cols === 'number' && cols >= 0 && cols !== width)) {
    throw new AppError('MODEL_INVALID', `input "${input.name}" has shape [${input.shape.join(', ')}] but the manifest lists ${width} features; expected [N, ${width}]`);
  }
  const dtype = input.type === 'int32' ? 'int32' : 'float32';
  const outputIndex = net.outputNames.findIndex((names) => names.includes(m.output.tensor));
  if (outputIndex < 0) {
    throw new AppError('MODEL_INVALID', `manifest output.tensor "${m.output.tensor}" is not an output of the model (outputs: ${net.outputNames.map((n) => n.join(' or ')).join(', ')})`);
  }
  const column = m.output.column ?? 0;
  return {
    inputs: net.inputs,
    outputs: net.outputs,
    async score(batch, rows) {
      const x = tf.tensor2d(batch.subarray(0, rows * width), [rows, width], dtype);
      let y: tf.Tensor | undefined;
      try {
        const ran = net.run(x, outputIndex);
        y = ran instanceof Promise ? await ran : ran;
        const data = y.dataSync();
        const perRow = rows === 0 ? 1 : data.length / rows;
        if (column >= perRow) throw new AppError('MODEL_INVALID', `output "${m.output.tensor}" has ${perRow} column(s); output.column ${column} is out of range`);
        const picked = new Float32Array(rows);
        for (let r = 0; r < rows; r++) picked[r] = data[r * perRow + column]!;
        return picked;
      } finally {
        x.dispose();
        y?.dispose();
      }
    },
    async dispose() {
      net.dispose();
    },
  };
}

function layersNet(model: tf.LayersModel): Net {
  const first = model.layers[0]?.name;
  const last = model.layers[model.layers.length - 1]?.name;
  return {
    inputs: model.inputs.map((t) => info(t.name, t.shape, t.dtype)),
    outputs: model.outputs.map((t, i) => info(model.outputNames[i] ?? t.name, t.shape, t.dtype)),
    // Sequential models are known by their first / last layer too (what the registry derives).
    inputNames: model.inputs.map((t, i) => names(model.inputNames[i], t.name, model.inputs.length === 1 ? first : undefined)),
    outputNames: model.outputs.map((t, i) => names(model.outputNames[i], t.name, model.outputs.length === 1 ? last : undefined)),
    run: (x, index) =>
      tf.tidy(() => {
        const y = model.predict(x);
        return Array.isArray(y) ? y[index]! : y;
      }),
    dispose: () => model.dispose(),
  };
}

function graphNet(model: tf.GraphModel): Net {
  const inputs = model.inputs.map((t) => info(t.name, t.shape ?? [], t.dtype));
  const outputs = model.outputs.map((t) => info(t.name, t.shape ?? [], t.dtype));
  const outputNodes = model.outputs.map((t) => t.name);
  // Graphs with control flow (while loops, dynamic shapes) must run through executeAsync.
  let async = false;
  return {
    inputs,
    outputs,
    inputNames: inputs.map((t) => names(t.name, t.name.replace(/:0$/, ''))),
    outputNames: outputs.map((t) => names(t.name, t.name.replace(/:0$/, ''))),
    run(x, index) {
      const feed = { [model.inputs[0]!.name]: x };
      if (!async) {
        try {
          return tf.tidy(() => model.execute(feed, outputNodes[index]) as tf.Tensor);
        } catch (err) {
          if (!/executeAsync/.test(String((err as Error).message))) throw err;
          async = true;
        }
      }
      return model.executeAsync(feed, outputNodes[index]) as Promise<tf.Tensor>;
    },
    dispose: () => model.dispose(),
  };
}

function info(name: string, shape: ReadonlyArray<number | null>, dtype: string): TensorInfo {
  return { name, shape: shape.map((d) => d ?? -1), type: dtype };
}

function names(...candidates: Array<string | undefined>): string[] {
  return [...new Set(candidates.filter((c): c is string => typeof c === 'string' && c !== ''))];
}

function firstLine(err: unknown): string {
  return String((err as Error)?.message ?? err).split('\n')[0]!.slice(0, 300);
}
