/**
 * `npm run eval:river`: streams River's datasets through our learners with River's protocol and
 * prints our figure beside River's, ending with `river parity: <k>/<n> rows within 0.001`.
 */

import { createAccuracy } from '../metrics/accuracy.ts';
import { createF1 } from '../metrics/f1.ts';
import { createMacroF1 } from '../metrics/macro-f1.ts';
import { createMae } from '../metrics/mae.ts';
import type { LabelMetric, ProbaMetric, RegressionMetric } from '../metrics/metric.ts';
import { createR2 } from '../metrics/r2.ts';
import { createRmse } from '../metrics/rmse.ts';
import { createRocAucApprox } from '../metrics/roc-auc-approx.ts';
import type { ClassLabel, Classifier, Regressor } from '../types.ts';
import { missing, type Dataset, type Sample } from './datasets.ts';
import { evaluateClassifier, evaluateRegressor } from './evaluate.ts';
import { EXPERIMENTS, RIVER_BEST, type Experiment, type MetricName } from './experiments.ts';
import { evaluateForecaster, forecastDataset, FORECASTS } from './forecast.ts';

const TOLERANCE = 0.001;

export interface ResultRow {
  dataset: string;
  model: string;
  metric: MetricName;
  river: number;
  ours: number | null;
  source: string;
  gap?: string;
  compare?: string;
}

const LABEL: Partial<Record<MetricName, () => LabelMetric>> = { Accuracy: createAccuracy, F1: () => createF1(true), MacroF1: createMacroF1 };
const PROBA: Partial<Record<MetricName, () => ProbaMetric>> = { ROCAUC: () => createRocAucApprox() };
const REGRESSION: Partial<Record<MetricName, () => RegressionMetric>> = { MAE: createMae, RMSE: createRmse, R2: createR2 };

function pick<T>(table: Partial<Record<MetricName, () => T>>, names: MetricName[]): Record<string, T> {
  return Object.fromEntries(names.filter((n) => table[n]).map((n) => [n, table[n]!()]));
}

function run(e: Experiment, data: Array<Sample<unknown>>): Record<string, number> {
  const names = Object.keys(e.river) as MetricName[];
  const model = e.build();
  if (model.kind === 'regressor') return evaluateRegressor(model as Regressor, data as Array<Sample<number>>, pick(REGRESSION, names));
  const metrics = { label: pick(LABEL, names), proba: pick(PROBA, names) };
  return evaluateClassifier(model as Classifier, data as Array<Sample<ClassLabel>>, metrics);
}

/** Runs every experiment whose dataset is present; `skipped` lists the reasons for the others. */
export function evalRiver(only?: string, opts: { parityOnly?: boolean } = {}): { rows: ResultRow[]; best: ResultRow[]; skipped: string[] } {
  const cache = new Map<string, Array<Sample<unknown>>>();
  const skipped = new Set<string>();
  const load = (d: Dataset<never>) => {
    const why = missing(d);
    if (why) return skipped.add(`${d.name}: skipped, ${why}`), null;
    if (!cache.has(d.name)) cache.set(d.name, d.load());
    return cache.get(d.name)!;
  };
  const rows: ResultRow[] = [];
  for (const e of EXPERIMENTS) {
    if (only && !`${e.dataset.name} ${e.model}`.includes(only)) continue;
    if (opts.parityOnly && e.compare) continue; // the seeded ensembles are the CPU-heavy part
    const data = load(e.dataset);
    if (!data) continue;
    const ours = run(e, data);
    for (const [metric, river] of Object.entries(e.river) as Array<[MetricName, number]>) {
      rows.push({ dataset: e.dataset.name, model: e.model, metric, river, ours: ours[metric] ?? null, source: e.source, ...(e.gap ? { gap: e.gap } : {}), ...(e.compare ? { compare: e.compare } : {}) });
    }
  }
  for (const f of FORECASTS) {
    if (only && !`${forecastDataset.name} ${f.model}`.includes(only)) continue;
    const data = load(forecastDataset as Dataset<never>);
    if (!data) continue;
    const mae = evaluateForecaster(f.build(), data.map((s) => s.y as number), f.horizon);
    for (const [step, river] of Object.entries(f.river)) {
      rows.push({ dataset: forecastDataset.name, model: `${f.model}, step +${step}`, metric: 'MAE', river, ours: mae[Number(step) - 1]!, source: 'doctest' });
    }
  }
  // Our best learner per dataset, among every experiment run on it (all with River's published configurations).
  const scored = (name: string, metric: MetricName) => rows.filter((r) => r.dataset === name && r.metric === metric && r.ours !== null);
  const best = RIVER_BEST.filter((b) => load(b.dataset) && scored(b.dataset.name, b.metric).length > 0).map((b) => {
    const better = (a: number, c: number) => (b.metric === 'MAE' ? a < c : a > c);
    const top = scored(b.dataset.name, b.metric).reduce((a, r) => (better(r.ours!, a.ours!) ? r : a));
    return { dataset: b.dataset.name, model: `best: River ${b.model} vs ours ${top.model}`, metric: b.metric, river: b.value, ours: top.ours, source: 'benchmark' };
  });
  return { rows, best, skipped: [...skipped] };
}

export const withinTolerance = (r: ResultRow) => r.ours !== null && Math.abs(r.ours - r.river) <= TOLERANCE;

/** River prints 6 significant digits: a figure equal to it up to that rounding counts as reached. */
export const reached = (b: ResultRow) => (b.metric === 'MAE' ? b.ours! <= b.river * (1 + 5e-6) : b.ours! >= b.river * (1 - 5e-6));

const cell = (s: string) => s.replace(/\|/g, '\\|');
const fmt = (v: number | null) => (v === null ? '—' : Number(v.toPrecision(6)).toString());

/** The markdown table printed by the command and kept in docs/QUALITY.md. */
export function renderTable(rows: ResultRow[], best: ResultRow[]): string[] {
  const out = ['| dataset | model | metric | River | streamscore | Δ | match | River source |', '|---|---|---|---:|---:|---:|:---:|---|'];
  for (const r of rows) {
    const delta = r.ours === null ? '—' : (r.ours - r.river).toExponential(1);
    const match = r.compare ? `(not parity: ${r.compare})` : withinTolerance(r) ? '✓' : r.gap ? `✗ (${r.gap})` : '✗';
    out.push(`| ${r.dataset} | ${cell(r.model)} | ${r.metric} | ${fmt(r.river)} | ${fmt(r.ours)} | ${delta} | ${match} | ${r.source} |`);
  }
  for (const b of best) out.push(`| ${b.dataset} | ${cell(b.model)} | ${b.metric} | ${fmt(b.river)} | ${fmt(b.ours)} | ${(b.ours! - b.river).toFixed(4)} | ${reached(b) ? 'reached' : 'not reached'} | ${b.source} |`);
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  // An optional argument runs only the experiments whose "dataset model" contains it (for iterating).
  const { rows, best, skipped } = evalRiver(process.argv[2]);
  for (const s of skipped) console.log(s);
  for (const line of renderTable(rows, best)) console.log(line);
  const parity = rows.filter((r) => !r.compare);
  const k = parity.filter(withinTolerance).length;
  console.log(`river parity: ${k}/${parity.length} rows within ${TOLERANCE}`);
  // Fail on a regression: a row off by more than the tolerance that is not a documented gap.
  process.exitCode = (parity.length > 0 || process.argv[2]) && parity.every((r) => withinTolerance(r) || r.gap) ? 0 : 1;
}
