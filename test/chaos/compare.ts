/**
 * The crash test's fixed input and its judge: the events, a crash-free in-process run of the same
 * pipeline over them (the reference windows), and the comparison of what the crashed service
 * published against it, after dedupe by output id.
 */

import { resolveConfig, type PipelineConfig } from '../../src/config/load.ts';
import { hashId } from '../../src/stream/event.ts';
import { createPipelineCore } from '../../src/pipeline/core.ts';

export const T0 = Date.UTC(2026, 0, 1);

/** The service's pipeline: tumbling 30 s windows with the features the shipped model reads. */
export function chaosPipeline(prefix: string): Record<string, unknown> {
  const stats = ['count', 'mean', 'std', 'min', 'max', 'last'];
  return {
    name: 'chaos',
    source: { topic: `${prefix}/+/telemetry`, key: 'topic[1]', time: '$.ts' },
    window: { type: 'tumbling', size: '30s' },
    // Processing time must not decide results: no idle flush (a killed service is "idle" for seconds).
    time: { idleTimeout: 0 },
    features: { temperature: stats, vibration: stats, current: stats },
    model: { name: 'motor-health', version: 'active' },
    emit: { scores: `${prefix}/out/{pipeline}/{key}`, anomalies: { topic: `${prefix}/anomaly/{pipeline}/{key}` } },
  };
}

export interface Message {
  topic: string;
  payload: string;
}

/**
 * `count` data events over `devices` devices, one per device per second of event time, in order;
 * then one closer per device 30 s past the end, so every data event's window closes.
 */
export function chaosEvents(prefix: string, count: number, devices: number): { data: Message[]; closers: Message[] } {
  const message = (i: number, ts: number): Message => ({
    topic: `${prefix}/dev-${i % devices}/telemetry`,
    payload: JSON.stringify({ id: `e${i}`, ts, temperature: 60 + ((i * 7) % 13) / 3, vibration: 2 + ((i * 5) % 11) / 10, current: 12 + ((i * 3) % 7) / 7 }),
  });
  const data = Array.from({ length: count }, (_, i) => message(i, T0 + Math.floor(i / devices) * 1000));
  const end = T0 + Math.ceil(count / devices) * 1000 + 30_000;
  const closers = Array.from({ length: devices }, (_, d) => message(count + d, end));
  return { data, closers };
}

export interface WindowResult {
  window: unknown;
  features: Record<string, number | null>;
}

/** Output id → window result of a crash-free run (the same core, in process, no broker). */
export function referenceWindows(pipeline: Record<string, unknown>, input: Message[]): Map<string, WindowResult & { count: number }> {
  const config = resolveConfig({ modelsDir: 'models', pipelines: [pipeline] });
  const p: PipelineConfig = config.pipelines[0]!;
  const core = createPipelineCore(p, config.limits);
  const out = new Map<string, WindowResult & { count: number }>();
  for (const m of input) {
    const r = core.handle(m.topic, Buffer.from(m.payload), T0);
    for (const v of r.vectors) {
      const features: Record<string, number | null> = {};
      for (const name in v.values) features[name] = Number.isFinite(v.values[name]!) ? v.values[name]! : null;
      out.set(hashId(p.name, v.key, v.window.end), { window: v.window, features, count: v.window.count ?? 0 });
    }
  }
  return out;
}

export interface Verdict {
  lost: number;
  duplicatesAfterDedupe: number;
  mismatchedWindows: number;
  /** Output messages received, before dedupe. */
  received: number;
  unique: number;
  /**
   * Windows equal to the reference only within 1e-12 relative: a restored window re-adds its rows,
   * so a float stat (std) may round its last bit differently from the uninterrupted run.
   */
  inexact: number;
  /** The first mismatched window, expected and got, for the log. */
  example?: string;
}

/**
 * lost: events of reference windows that no output reflects (a missing window loses all its events,
 * a short one the difference); duplicates after dedupe: events counted more than once, plus ids
 * whose copies disagree; mismatched: windows missing, unexpected, or with any copy ≠ the reference.
 */
export function judge(reference: Map<string, WindowResult & { count: number }>, outputs: Array<{ id: string } & WindowResult>): Verdict {
  const byId = new Map<string, Array<WindowResult>>();
  for (const o of outputs) {
    const copies = byId.get(o.id) ?? [];
    copies.push({ window: o.window, features: o.features });
    byId.set(o.id, copies);
  }
  let lost = 0;
  let duplicatesAfterDedupe = 0;
  let mismatchedWindows = 0;
  let example: string | undefined;
  let inexact = 0;
  for (const [id, ref] of reference) {
    const copies = byId.get(id);
    if (!copies) {
      lost += ref.count;
      mismatchedWindows++;
      continue;
    }
    const texts = new Set(copies.map((c) => JSON.stringify(c)));
    const agree = (c: WindowResult): boolean => JSON.stringify(c.window) === JSON.stringify(copies[0]!.window) && sameFeatures(c.features, copies[0]!.features);
    if (!copies.every(agree)) duplicatesAfterDedupe++; // copies of one id that disagree: dedupe cannot pick
    const count = (copies[0]!.window as { count?: number }).count ?? 0;
    lost += Math.max(0, ref.count - count);
    duplicatesAfterDedupe += Math.max(0, count - ref.count);
    const expected = JSON.stringify({ window: ref.window, features: ref.features });
    if (![...texts].every((t) => t === expected)) {
      const close = copies.every((c) => JSON.stringify(c.window) === JSON.stringify(ref.window) && sameFeatures(c.features, ref.features));
      if (close) inexact++;
      else {
        mismatchedWindows++;
        example ??= `${id}: expected ${expected} got ${[...texts].find((t) => t !== expected)}`;
      }
    }
  }
  for (const id of byId.keys()) if (!reference.has(id)) mismatchedWindows++;
  return { lost, duplicatesAfterDedupe, mismatchedWindows, received: outputs.length, unique: byId.size, inexact, ...(example && { example }) };
}

/** Same names; counts, min, max and last exact; other values within 1e-12 relative. */
function sameFeatures(a: Record<string, number | null>, b: Record<string, number | null>): boolean {
  const names = Object.keys(b);
  if (Object.keys(a).length !== names.length) return false;
  return names.every((n) => {
    const x = a[n];
    const y = b[n];
    if (x === y) return true;
    if (typeof x !== 'number' || typeof y !== 'number' || /_(count|min|max|last)_/.test(n)) return false;
    return Math.abs(x - y) <= 1e-12 * Math.max(Math.abs(x), Math.abs(y));
  });
}
