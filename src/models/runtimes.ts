/** Runtimes by model format: adding a format is one file plus one row here. */

import { loadOnnx } from './onnx/runtime.ts';
import { loadPmml } from './pmml/runtime.ts';
import type { Runtime } from './runtime.ts';

export const RUNTIMES: Record<string, Runtime> = {
  onnx: loadOnnx,
  pmml: loadPmml,
  // Loaded on first use: importing TF.js registers its backends and costs ~1 s at startup.
  tfjs: async (artifact, manifest) => (await import('./tfjs/runtime.ts')).loadTfjs(artifact, manifest),
};
