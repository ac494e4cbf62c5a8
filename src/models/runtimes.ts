/** Runtimes by model format: adding a format is one file plus one row here. */

import { loadOnnx } from './onnx/runtime.ts';
import type { Runtime } from './runtime.ts';

export const RUNTIMES: Record<string, Runtime> = {
  onnx: loadOnnx,
};
