/**
 * `npm run bench -- batcher`: the micro-batcher in front of the real shipped ONNX model. Throughput
 * with batching vs one row per run, and the latency it adds (offer → prediction) at paced rates,
 * for maxDelay 0 (the default: natural batching) and 5 ms.
 */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createBatcher } from '../src/models/batcher.ts';
import type { ModelManifest } from '../src/models/manifest.ts';
import { loadOnnx } from '../src/models/onnx/runtime.ts';
import { singleFile, type LoadedModel } from '../src/models/runtime.ts';
import { fmtInt, fmtMs, percentile, printTable, type Row } from './stats.ts';
import type { Suite } from './suite.ts';

interface Item {
  offeredAt: number;
  row: Float32Array;
}

function scorer(model: LoadedModel, width: number, latencies?: number[]) {
  let buffer = new Float32Array(64 * width);
  return async (items: Item[]): Promise<void> => {
    if (buffer.length < items.length * width) buffer = new Float32Array(items.length * width * 2);
    items.forEach((it, r) => buffer.set(it.row, r * width));
    await model.score(buffer, items.length);
    if (latencies) {
      const now = performance.now();
      for (const it of items) latencies.push(now - it.offeredAt);
    }
  };
}

async function throughput(model: LoadedModel, width: number, maxRows: number, n: number): Promise<{ rate: number; batches: number }> {
  const b = createBatcher<Item>({ maxRows, maxDelayMs: 0, maxQueued: n, run: scorer(model, width), onError: (e) => { throw e; } });
  const row = new Float32Array(width);
  const t0 = performance.now();
  // bursts of 100 rows per loop turn, as a busy MQTT socket hands them over
  for (let i = 0; i < n; i += 100) {
    for (let j = 0; j < 100 && i + j < n; j++) b.offer({ offeredAt: 0, row });
    await new Promise((r) => setImmediate(r));
  }
  await b.drain();
  return { rate: n / ((performance.now() - t0) / 1000), batches: b.stats.batches };
}

async function latency(model: LoadedModel, width: number, ratePerSec: number, maxDelayMs: number, seconds: number): Promise<number[]> {
  const latencies: number[] = [];
  const b = createBatcher<Item>({ maxRows: 64, maxDelayMs, maxQueued: 1e6, run: scorer(model, width, latencies), onError: (e) => { throw e; } });
  const row = new Float32Array(width);
  const start = performance.now();
  let sent = 0;
  while (performance.now() - start < seconds * 1000) {
    const due = Math.floor(((performance.now() - start) / 1000) * ratePerSec);
    for (; sent < due; sent++) b.offer({ offeredAt: performance.now(), row });
    await new Promise((r) => setTimeout(r, 1));
  }
  await b.drain();
  return latencies.sort((a, c) => a - c);
}

export const suite: Suite = {
  name: 'batcher',
  summary: 'micro-batcher + shipped ONNX model: throughput vs one row per run, added latency at 2k and 20k rows/s',
  async run(ctx) {
    const dir = join(ctx.modelsDir, 'motor-health', '1');
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as ModelManifest;
    const model = await loadOnnx(singleFile('model.onnx', new Uint8Array(readFileSync(join(dir, 'model.onnx')))), manifest);
    const width = manifest.inputs.features.length;
    const n = 100_000;
    await throughput(model, width, 64, 10_000); // warm-up
    const batched = await throughput(model, width, 64, n);
    const single = await throughput(model, width, 1, n);
    printTable(`throughput, ${fmtInt(n)} rows offered in bursts of 100 per loop turn:`, [
      { batching: 'maxRows 64 (shipped)', 'rows/s': fmtInt(batched.rate), 'rows/batch': (n / batched.batches).toFixed(1) },
      { batching: 'maxRows 1 (no batching)', 'rows/s': fmtInt(single.rate), 'rows/batch': '1.0' },
      { batching: 'ratio', 'rows/s': `${(batched.rate / single.rate).toFixed(1)}×`, 'rows/batch': '' },
    ]);
    const rows: Row[] = [];
    for (const rate of [2000, 20_000]) {
      for (const maxDelayMs of [0, 5]) {
        const l = await latency(model, width, rate, maxDelayMs, 2);
        rows.push({ 'offered rows/s': fmtInt(rate), maxDelay: `${maxDelayMs} ms`, rows: fmtInt(l.length), 'p50 ms': fmtMs(percentile(l, 50), 3), 'p99 ms': fmtMs(percentile(l, 99), 3), 'max ms': fmtMs(l[l.length - 1] ?? NaN, 3) });
      }
    }
    printTable('added latency, offer → prediction (paced offers, 2 s each):', rows);
    await model.dispose();
  },
};
