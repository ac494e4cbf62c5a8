/**
 * The ONNX runtime (onnxruntime-node). One intra-op thread: measured on 2 cores, a second thread
 * gained nothing, while a run() costs ~15 µs fixed, so callers batch (see ../batcher.ts).
 */

import * as ort from 'onnxruntime-node';
import { AppError } from '../../errors.ts';
import type { ModelManifest } from '../manifest.ts';
import type { LoadedModel, Runtime, TensorInfo } from '../runtime.ts';

const SESSION_OPTIONS: ort.InferenceSession.SessionOptions = {
  intraOpNumThreads: 1,
  interOpNumThreads: 1,
  executionMode: 'sequential',
  graphOptimizationLevel: 'all',
};

export const loadOnnx: Runtime = async (artifact, manifest) => {
  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(artifact.main, SESSION_OPTIONS);
  } catch (err) {
    throw new AppError('MODEL_INVALID', `not a loadable ONNX model: ${firstLine(err)}`);
  }
  const inputs = describe(session.inputNames, session.inputMetadata);
  const outputs = describe(session.outputNames, session.outputMetadata);
  const width = manifest.inputs.features.length;
  try {
    checkSignature(inputs, outputs, manifest);
    const model = wrap(session, inputs, outputs, manifest);
    const probe = await model.score(new Float32Array(width * 2), 2); // dry run: two rows of zeros
    if (probe.length !== 2) throw new AppError('MODEL_INVALID', `dry run returned ${probe.length} values for 2 rows`);
    return model;
  } catch (err) {
    await session.release();
    if (err instanceof AppError) throw err;
    throw new AppError('MODEL_INVALID', `dry run failed: ${firstLine(err)}`);
  }
};

function wrap(session: ort.InferenceSession, inputs: TensorInfo[], outputs: TensorInfo[], m: ModelManifest): LoadedModel {
  const width = m.inputs.features.length;
  const { tensor: outName, column } = m.output;
  return {
    inputs,
    outputs,
    async score(batch, rows) {
      const feeds = { [m.inputs.tensor]: new ort.Tensor('float32', batch.subarray(0, rows * width), [rows, width]) };
      const result = await session.run(feeds, [outName]);
      const out = result[outName]!;
      const data = out.data as Float32Array;
      const perRow = rows === 0 ? 0 : data.length / rows;
      if (perRow === 1 && column === 0) return data;
      const picked = new Float32Array(rows);
      for (let r = 0; r < rows; r++) picked[r] = Number(data[r * perRow + column]);
      return picked;
    },
    dispose: () => session.release(),
  };
}

function checkSignature(inputs: TensorInfo[], outputs: TensorInfo[], m: ModelManifest): void {
  const input = inputs.find((i) => i.name === m.inputs.tensor);
  if (!input) {
    throw new AppError('MODEL_INVALID', `manifest inputs.tensor "${m.inputs.tensor}" is not an input of the model (inputs: ${inputs.map((i) => i.name).join(', ')})`);
  }
  if (input.type !== 'float32') {
    throw new AppError('MODEL_INVALID', `input "${input.name}" is ${input.type}; this pipeline feeds float32 [rows, features]`);
  }
  const width = input.shape[1];
  if (input.shape.length !== 2 || (typeof width === 'number' && width >= 0 && width !== m.inputs.features.length)) {
    throw new AppError('MODEL_INVALID', `input "${input.name}" has shape [${input.shape.join(', ')}] but the manifest lists ${m.inputs.features.length} features; expected [N, ${m.inputs.features.length}]`);
  }
  if (!outputs.some((o) => o.name === m.output.tensor)) {
    throw new AppError('MODEL_INVALID', `manifest output.tensor "${m.output.tensor}" is not an output of the model (outputs: ${outputs.map((o) => o.name).join(', ')})`);
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
