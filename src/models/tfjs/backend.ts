/**
 * Picks the TF.js backend once per process: tfjs-node ("tensorflow", native) when it is installed,
 * else WebAssembly with the .wasm files from the installed package (found from any cwd), else cpu.
 */

import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export type TfjsBackend = 'tensorflow' | 'wasm' | 'cpu';

let chosen: Promise<TfjsBackend> | undefined;

/**
 * Resolves to the active backend. `prefer` forces one (tests, benchmarks); by default tfjs-node is
 * tried through a guarded dynamic import, since it is an optional native dependency.
 */
export function ensureBackend(prefer?: TfjsBackend): Promise<TfjsBackend> {
  if (prefer) return activate(prefer);
  chosen ??= pick();
  return chosen;
}

async function pick(): Promise<TfjsBackend> {
  if (await tfjsNodeAvailable()) {
    if (await tf.setBackend('tensorflow')) return 'tensorflow';
  }
  try {
    return await activate('wasm');
  } catch {
    return activate('cpu');
  }
}

async function activate(backend: TfjsBackend): Promise<TfjsBackend> {
  if (backend === 'wasm') setWasmPaths(wasmFiles());
  if (backend === 'tensorflow' && !(await tfjsNodeAvailable())) throw new Error('@tensorflow/tfjs-node is not installed');
  if (!(await tf.setBackend(backend))) throw new Error(`TF.js backend ${backend} failed to initialize`);
  await tf.ready();
  return backend;
}

/** Importing tfjs-node registers its "tensorflow" backend; a missing package is not an error. */
async function tfjsNodeAvailable(): Promise<boolean> {
  const name = '@tensorflow/tfjs-node';
  try {
    createRequire(import.meta.url).resolve(name);
    await import(name);
    return true;
  } catch {
    return false;
  }
}

/** The three .wasm builds shipped in tfjs-backend-wasm's dist folder, as absolute file paths. */
function wasmFiles(): Record<string, string> {
  const dist = dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm'));
  const files = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'];
  return Object.fromEntries(files.map((f) => [f, join(dist, f)]));
}
