/**
 * The ONNX runtime (onnxruntime-node). Refuses external data and ZipMap outputs before creating a
 * session (see checks.ts), feeds float32/float64/int32/int64 inputs, and reads regression or
 * classifier outputs (label + probability tensors, ai.onnx.ml operators included). One intra-op
 * thread: measured on 2 cores, a second thread gained nothing, while a run() costs ~15 µs fixed, so
 * callers batch (see ../batcher.ts). onnxruntime-node's run() blocks the event loop for the whole
 * inference, so a model whose 256-row batch takes over 1 ms moves to a worker thread (remote.ts);
 * STREAMSCORE_ONNX_WORKER=always|never overrides that choice.
 */

import * as ort from 'onnxruntime-node';
import { AppError } from '../../errors.ts';
import type { ModelManifest } from '../manifest.ts';
import type { LoadedModel, NamedTensor, Runtime, TensorInfo } from '../runtime.ts';
import { checkSignature, inspectOrRefuse } from './checks.ts';
import { createWorkerSession, type SessionLike } from './remote.ts';

const SESSION_OPTIONS: ort.InferenceSession.SessionOptions = {
  intraOpNumThreads: 1,
  interOpNumThreads: 1,
  executionMode: 'sequential',
  graphOptimizationLevel: 'all',
};

/** A 256-row batch slower than this (median of 3, after warm-up) runs in a worker thread instead of the event loop. */
const OFF_THREAD_MS = 1;
const PROBE_ROWS = 256;

export const loadOnnx: Runtime = async (artifact, manifest) => {
  inspectOrRefuse(artifact.main);
  let session: SessionLike;
  try {
    session = await ort.InferenceSession.create(artifact.main, SESSION_OPTIONS);
  } catch (err) {
    throw new AppError('MODEL_INVALID', `not a loadable ONNX model: ${firstLine(err)}`);
  }
  const inputs = describe(session.inputNames, session.inputMetadata);
  const outputs = describe(session.outputNames, session.outputMetadata);
  try {
    checkSignature(inputs, outputs, manifest);
    const width = manifest.inputs.features.length;
    let model = wrap(session, inputs, outputs, manifest);
    const probe = await model.score(new Float32Array(width * 2), 2); // dry run: two rows of zeros
    if (probe.length !== 2) throw new AppError('MODEL_INVALID', `dry run returned ${probe.length} values for 2 rows`);
    const mode = process.env.STREAMSCORE_ONNX_WORKER ?? 'auto';
    if (mode === 'always' || (mode === 'auto' && (await medianMs(model, width)) > OFF_THREAD_MS)) {
      const remote = await createWorkerSession(artifact.main, SESSION_OPTIONS);
      await session.release();
      session = remote;
      model = wrap(remote, inputs, outputs, manifest);
      await model.score(new Float32Array(width * 2), 2);
    }
    return model;
  } catch (err) {
    await session.release();
    if (err instanceof AppError) throw err;
    throw new AppError('MODEL_INVALID', `dry run failed: ${firstLine(err)}`);
  }
};

/** Times a few batches of PROBE_ROWS rows on this thread, after two warm-up runs (arena allocation). */
async function medianMs(model: LoadedModel, width: number): Promise<number> {
  const batch = new Float32Array(PROBE_ROWS * width);
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const started = performance.now();
    await model.score(batch, PROBE_ROWS);
    if (i >= 2) times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[1]!;
}

function wrap(session: SessionLike, inputs: TensorInfo[], outputs: TensorInfo[], m: ModelManifest): LoadedModel {
  const width = m.inputs.features.length;
  const { tensor: outName, column } = m.output;
  const input = inputs.find((i) => i.name === m.inputs.tensor)!;
  return {
    inputs,
    outputs,
    async score(batch, rows) {
      const dims = input.shape.length === 1 ? [rows] : [rows, width];
      const feeds = { [input.name]: feed(input.type, batch.subarray(0, rows * width), dims) };
      const out = (await session.run(feeds, [outName]))[outName]!;
      const data = out.data as Float32Array | Float64Array | BigInt64Array | Int32Array;
      const perRow = rows === 0 ? 0 : data.length / rows;
      if (perRow === 1 && column === 0 && data instanceof Float32Array) return data;
      if (rows > 0 && column >= perRow) throw new Error(`output "${outName}" has ${perRow} columns; output.column is ${column}`);
      const picked = new Float32Array(rows);
      for (let r = 0; r < rows; r++) picked[r] = Number(data[r * perRow + column]);
      return picked;
    },
    async infer(tensors, outputNames) {
      const feeds: Record<string, ort.Tensor> = {};
      for (const t of tensors) feeds[t.name] = new ort.Tensor(t.type as 'float32', t.data as Float32Array, t.shape);
      const wanted = outputNames ?? outputs.filter((o) => o.type !== 'non-tensor').map((o) => o.name);
      const result = await session.run(feeds, wanted);
      return wanted.map((name): NamedTensor => {
        const t = result[name]!;
        return { name, type: t.type, shape: [...t.dims], data: t.data as NamedTensor['data'] };
      });
    },
    dispose: () => session.release(),
  };
}

/** Converts the float32 feature batch to the input's element type. */
function feed(type: string, values: Float32Array, dims: number[]): ort.Tensor {
  switch (type) {
    case 'float32':
      return new ort.Tensor('float32', values, dims);
    case 'float64':
      return new ort.Tensor('float64', Float64Array.from(values), dims);
    case 'int32':
      return new ort.Tensor('int32', Int32Array.from(values, Math.round), dims);
    case 'int64': {
      const out = new BigInt64Array(values.length);
      for (let i = 0; i < values.length; i++) out[i] = BigInt(Math.round(Number.isFinite(values[i]!) ? values[i]! : 0));
      return new ort.Tensor('int64', out, dims);
    }
    default:
      throw new Error(`input type ${type} cannot be fed`);
  }
}

function describe(names: readonly string[], metadata: readonly ort.InferenceSession.ValueMetadata[]): TensorInfo[] {
  return names.map((name, i) => {
    const meta = metadata[i];
    if (meta && meta.isTensor) return { name, shape: [...meta.shape], type: meta.type };
    return { name, shape: [], type: 'non-tensor' };
  });
}

function firstLine(err: unknown): string {
  return String((err as Error)?.message ?? err).split('\n')[0]!.slice(0, 300);
}
