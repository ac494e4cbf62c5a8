/** Scores rows through an ONNX file with onnxruntime-node — the runtime the service uses, so an export is checked for real. */

import * as ort from 'onnxruntime-node';

export interface OnnxScoreInput {
  /** Row-major features, rows × cols. */
  x: ArrayLike<number>;
  cols: number;
  /** Default `features`. */
  inputName?: string;
  /** Default `probability`. */
  outputName?: string;
}

/**
 * Runs `bytes` on row-major `x` (converted to float32) and returns the output's first column per row.
 *
 * @example
 * const p = await scoreOnnx(bytes, { x: test.x, cols: test.featureNames.length });
 */
export async function scoreOnnx(bytes: Uint8Array, opts: OnnxScoreInput): Promise<Float32Array> {
  const { x, cols } = opts;
  const session = await ort.InferenceSession.create(bytes);
  try {
    const rows = x.length / cols;
    const feeds = { [opts.inputName ?? 'features']: new ort.Tensor('float32', Float32Array.from(x), [rows, cols]) };
    const result = await session.run(feeds);
    const out = result[opts.outputName ?? 'probability'];
    if (!out) throw new Error(`model has no output "${opts.outputName ?? 'probability'}"`);
    const data = out.data as Float32Array;
    const width = data.length / rows;
    return width === 1 ? data : Float32Array.from({ length: rows }, (_, r) => data[r * width]!);
  } finally {
    await session.release();
  }
}
