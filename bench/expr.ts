/**
 * `npm run bench -- expr`: what the expression language costs — compile time per expression,
 * evaluation per event, and the pipeline core's events/s without and with filter + transform.
 */

import { resolveConfig } from '../src/config/load.ts';
import { createPipelineCore } from '../src/pipeline/core.ts';
import { compile } from '../src/stream/expr/compile.ts';
import { fmtInt, printTable, type Row } from './stats.ts';
import { envInt, type Suite } from './suite.ts';

const EXPRESSIONS = [
  'temperature > -40 and temperature < 150',
  'round(convert(temp_f, "degF", "degC"), 2)',
  'status in ["ok", "warn"] and not startsWith($key, "test-")',
  'matches(lower(name), "^pump-[0-9]+$") ? vibration * 2 : vibration ?? 0',
];

function perOp(n: number, f: (i: number) => void): number {
  for (let i = 0; i < Math.min(n, 5000); i++) f(i); // warm-up: measure optimised code, not the first calls
  const t0 = performance.now();
  for (let i = 0; i < n; i++) f(i);
  return ((performance.now() - t0) * 1e6) / n; // ns per op
}

function coreRate(extra: Record<string, unknown>, events: number): number {
  const config = resolveConfig({
    pipelines: [{ name: 'b', source: { topic: 'd/+/t' }, window: { type: 'tumbling', size: '10s' }, features: { temperature: ['mean', 'max'] }, model: { name: 'm' }, ...extra }],
  }).pipelines[0]!;
  const core = createPipelineCore(config, { maxPayloadBytes: 4096, maxKeys: 100_000, maxEventsPerKey: 100_000 });
  const payloads = Array.from({ length: 1000 }, (_, i) => Buffer.from(JSON.stringify({ ts: 1_700_000_000_000 + i * 100, temp_f: 60 + (i % 50), status: i % 10 ? 'ok' : 'maint' })));
  const t0 = performance.now();
  for (let i = 0; i < events; i++) core.handle(`d/k${i % 100}/t`, payloads[i % 1000]!, 1_700_000_000_000 + i * 100);
  return events / ((performance.now() - t0) / 1000);
}

export const suite: Suite = {
  name: 'expr',
  summary: 'expression compile and evaluation cost; pipeline core with and without filter/transform',
  async run() {
    const n = envInt('BENCH_EXPR_EVALS', 1_000_000);
    const scope = { temperature: 21.5, temp_f: 70.7, status: 'ok', name: 'Pump-7', vibration: 0.3, $key: 'pump-7' };
    const rows: Row[] = EXPRESSIONS.map((src) => {
      const compileNs = perOp(2000, () => compile(src));
      const f = compile(src);
      const evalNs = perOp(n, () => f(scope));
      return { expression: src, compile: `${(compileNs / 1000).toFixed(1)} µs`, evaluate: `${evalNs.toFixed(0)} ns` };
    });
    printTable('per expression (compile averaged over 2000, evaluation over BENCH_EXPR_EVALS events)', rows);
    const events = envInt('BENCH_EXPR_EVENTS', 200_000);
    const plain = coreRate({ transform: { compute: { temperature: 'temp_f' } } }, events);
    const full = coreRate({ filter: 'status != "maint" and temp_f > -40', transform: { compute: { temperature: 'round(convert(temp_f, "degF", "degC"), 2)' }, drop: ['status'] } }, events);
    printTable('pipeline core, 100 keys', [
      { 'pre-stage': 'compute only (copy a field)', 'events/s': fmtInt(plain) },
      { 'pre-stage': 'filter + convert/round + drop', 'events/s': fmtInt(full) },
    ]);
  },
};
