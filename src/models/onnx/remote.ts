/**
 * An onnxruntime session in a worker thread, with the subset of InferenceSession the runtime uses
 * (names, metadata, run, release). onnxruntime-node's run() blocks the calling thread for the whole
 * inference, so models whose batches take more than about a millisecond run here instead (see
 * runtime.ts); each call then costs one message round trip (~50 µs) instead of a stalled event loop.
 */

import { Worker } from 'node:worker_threads';
import type * as ort from 'onnxruntime-node';

type WireTensor = { type: string; data: ArrayLike<unknown>; dims: readonly number[] };
type Meta = ort.InferenceSession.ValueMetadata & { name: string };

export interface SessionLike {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  readonly inputMetadata: readonly ort.InferenceSession.ValueMetadata[];
  readonly outputMetadata: readonly ort.InferenceSession.ValueMetadata[];
  run(feeds: Record<string, ort.Tensor>, fetches: string[]): Promise<Record<string, ort.Tensor>>;
  release(): Promise<void>;
}

export async function createWorkerSession(bytes: Uint8Array, options: ort.InferenceSession.SessionOptions): Promise<SessionLike> {
  const worker = new Worker(new URL('./worker.js', import.meta.url), { workerData: { bytes, options } });
  const pending = new Map<number, { resolve(v: Record<string, ort.Tensor>): void; reject(e: Error): void }>();
  let nextId = 0;
  const failAll = (err: Error): void => {
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  };
  const ready = await new Promise<{ inputs: Meta[]; outputs: Meta[] }>((resolve, reject) => {
    worker.once('error', reject);
    worker.once('message', (msg: { inputs: Meta[]; outputs: Meta[] }) => resolve(msg));
  });
  // An idle worker must not keep the process alive; one with calls in flight must.
  worker.unref();
  worker.on('error', failAll);
  worker.on('exit', () => failAll(new Error('the ONNX worker exited')));
  worker.on('message', (msg: { id: number; outputs?: Record<string, WireTensor>; error?: string }) => {
    const p = pending.get(msg.id);
    if (!p) return;
    pending.delete(msg.id);
    if (pending.size === 0) worker.unref();
    if (msg.error !== undefined) p.reject(new Error(msg.error));
    else p.resolve(msg.outputs as unknown as Record<string, ort.Tensor>);
  });
  return {
    inputNames: ready.inputs.map((m) => m.name),
    outputNames: ready.outputs.map((m) => m.name),
    inputMetadata: ready.inputs,
    outputMetadata: ready.outputs,
    run(feeds, fetches) {
      const id = nextId++;
      const wire: Record<string, WireTensor> = {};
      for (const [name, t] of Object.entries(feeds)) wire[name] = { type: t.type, data: t.data as ArrayLike<unknown>, dims: t.dims };
      return new Promise((resolve, reject) => {
        if (pending.size === 0) worker.ref();
        pending.set(id, { resolve, reject });
        worker.postMessage({ id, feeds: wire, fetches });
      });
    },
    async release() {
      worker.ref();
      worker.postMessage({ release: true });
      await new Promise((resolve) => worker.once('exit', resolve));
    },
  };
}
