/**
 * Event-loop delay while the ONNX runtime scores batches back to back (perf_hooks
 * monitorEventLoopDelay). onnxruntime-node's run() blocks the calling thread for the whole inference:
 * the shipped model's batches take microseconds and stay on the loop; a heavy model (2 × 512 hidden
 * units) is moved to a worker thread at load, which keeps the loop free. Prints rows/s and delays.
 */

import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ModelManifest } from '../../src/models/manifest.ts';
import { loadOnnx } from '../../src/models/onnx/runtime.ts';
import { singleFile } from '../../src/models/runtime.ts';
import { heavyMlpOnnx } from './onnx-fixtures.ts';

const DIR = new URL('../../models/motor-health/1/', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('manifest.json', DIR), 'utf8')) as ModelManifest;
const shipped = new Uint8Array(readFileSync(new URL('model.onnx', DIR)));
const heavy = heavyMlpOnnx({ width: manifest.inputs.features.length, hidden: 512 });

interface Figures {
  rowsPerSec: number;
  p50: number;
  p99: number;
  max: number;
}

/** Scores `rows`-row batches back to back for `ms` while a 1 ms-resolution histogram samples the loop. */
async function measure(bytes: Uint8Array, rows: number, ms: number, worker: 'auto' | 'never'): Promise<Figures> {
  process.env.STREAMSCORE_ONNX_WORKER = worker;
  const model = await loadOnnx(singleFile('model.onnx', bytes), manifest);
  delete process.env.STREAMSCORE_ONNX_WORKER;
  const width = manifest.inputs.features.length;
  const batch = new Float32Array(rows * width).map((_, i) => 60 + (i % 17));
  for (let i = 0; i < 20; i++) await model.score(batch, rows); // warm-up
  const h = monitorEventLoopDelay({ resolution: 1 });
  h.enable();
  const started = performance.now();
  let scored = 0;
  while (performance.now() - started < ms) {
    await model.score(batch, rows);
    scored += rows;
  }
  const elapsed = performance.now() - started;
  h.disable();
  await model.dispose();
  const toMs = (ns: number): number => Math.round(ns / 1e4) / 100;
  return { rowsPerSec: Math.round((scored / elapsed) * 1000), p50: toMs(h.percentile(50)), p99: toMs(h.percentile(99)), max: toMs(h.max) };
}

const line = (what: string, r: Figures): string => `  ${what}: ${r.rowsPerSec} rows/s; event-loop delay p50 ${r.p50} ms, p99 ${r.p99} ms, max ${r.max} ms`;

test('the shipped model stays on the loop without stalling it at batch 1, 64 and 1024 (figures printed)', async () => {
  for (const rows of [1, 64, 1024]) {
    const r = await measure(shipped, rows, 300, 'auto');
    console.log(line(`shipped model, batch ${rows}`, r));
    assert.ok(r.p50 < 3, `p50 ${r.p50} ms`); // tails are printed, not asserted: they carry the machine's other load
  }
});

test('a heavy model stalls the loop on this thread, and not in the worker it is moved to', async () => {
  const onLoop = await measure(heavy, 1024, 500, 'never');
  const inWorker = await measure(heavy, 1024, 500, 'auto');
  console.log(line('heavy model, batch 1024, on the loop', onLoop));
  console.log(line('heavy model, batch 1024, worker thread', inWorker));
  // Medians, not tails: the tails also carry whatever else the machine is doing.
  assert.ok(onLoop.p50 > 2, `a 1024-row batch of the heavy model blocks the loop for milliseconds (p50 ${onLoop.p50} ms)`);
  assert.ok(inWorker.p50 < onLoop.p50, `worker p50 ${inWorker.p50} ms < on-loop p50 ${onLoop.p50} ms`);
});

test.run();
