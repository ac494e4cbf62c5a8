/** Prometheus figures of the online learners, read from their plain counters at scrape time. */

import type { Gauge } from 'prom-client';
import type { PipelineRunner } from '../../pipeline/runner.ts';
import { isOnline, type OnlineExtension } from './extension.ts';

type DefineGauge = (name: string, help: string, labelNames: string[], collect: (g: Gauge) => void) => void;

const LABEL_OUTCOMES = ['matched', 'unmatched', 'expired', 'evicted', 'duplicate', 'badLabels'] as const;

/** Registers the online gauges through the metrics module's `gauge` helper. */
export function registerOnlineGauges(gauge: DefineGauge, runners: () => PipelineRunner[]): void {
  const each = (f: (ext: OnlineExtension) => void): void => {
    for (const r of runners()) for (const ext of r.extensions) if (isOnline(ext)) f(ext);
  };
  gauge('streamscore_online_labels_total', 'Labels and pending predictions by outcome (matched, unmatched, expired, evicted, duplicate, badLabels)', ['pipeline', 'outcome'], (g) =>
    each((ext) => {
      for (const outcome of LABEL_OUTCOMES) g.set({ pipeline: ext.pipeline, outcome }, ext.counters[outcome]);
    }),
  );
  gauge('streamscore_online_pending', 'Predictions waiting for their label', ['pipeline'], (g) => each((ext) => g.set({ pipeline: ext.pipeline }, ext.pending)));
  gauge('streamscore_online_learned_total', 'Samples the online models learned from', ['pipeline'], (g) => each((ext) => g.set({ pipeline: ext.pipeline }, ext.counters.learned)));
  gauge('streamscore_online_drifts_total', 'Concept drifts detected', ['pipeline'], (g) => each((ext) => g.set({ pipeline: ext.pipeline }, ext.counters.drifts)));
  gauge('streamscore_online_models', 'Online models held (one per key, or one shared)', ['pipeline'], (g) => each((ext) => g.set({ pipeline: ext.pipeline }, ext.models.size)));
  gauge('streamscore_online_model_evictions_total', 'Per-key models evicted by online.maxKeys (least recently used)', ['pipeline'], (g) => each((ext) => g.set({ pipeline: ext.pipeline }, ext.models.evictions)));
  gauge('streamscore_online_metric', 'Prequential (test-then-train) metric over every model of the pipeline', ['pipeline', 'metric'], (g) =>
    each((ext) => {
      for (const [metric, value] of Object.entries(ext.models.aggregate.values())) g.set({ pipeline: ext.pipeline, metric }, value);
    }),
  );
}
