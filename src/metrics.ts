/**
 * Prometheus metrics. Hot-path counters are plain numbers owned by each component; the gauges here
 * read them at scrape time, so an event costs no label hashing.
 */

import { Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { BrokerAuthStats } from './ingest/broker-auth.ts';
import { registerOnlineGauges } from './online/serve/prometheus.ts';
import type { PipelineRunner } from './pipeline/runner.ts';
import type { RuleRuntime } from './rules/rules.ts';

export function createMetrics(
  runners: () => PipelineRunner[],
  connected: () => boolean,
  snapshot: { bytes: number; ms: number; count: number } = { bytes: 0, ms: 0, count: 0 },
  brokerAuth: () => BrokerAuthStats | undefined = () => undefined,
  rules: () => RuleRuntime[] = () => [],
): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'streamscore_process_' });
  const gauge = (name: string, help: string, labelNames: string[], collect: (g: Gauge) => void): void => {
    new Gauge({ name, help, labelNames, registers: [registry], collect() { this.reset(); collect(this); } });
  };
  gauge('streamscore_events_total', 'Events accepted into a pipeline', ['pipeline'], (g) => {
    for (const r of runners()) g.set({ pipeline: r.core.config.name }, r.core.stats.events);
  });
  gauge('streamscore_deadletter_total', 'Messages dead-lettered, by reason', ['pipeline', 'reason'], (g) => {
    for (const r of runners()) {
      for (const [reason, n] of Object.entries(r.core.stats.deadLettered)) g.set({ pipeline: r.core.config.name, reason }, n ?? 0);
    }
  });
  gauge('streamscore_scores_total', 'Score events emitted', ['pipeline'], (g) => {
    for (const r of runners()) g.set({ pipeline: r.core.config.name }, r.stats.scores);
  });
  gauge('streamscore_anomalies_total', 'Anomaly events emitted', ['pipeline'], (g) => {
    // Model anomalies plus the events of an anomaly: section (one per incident).
    for (const r of runners()) g.set({ pipeline: r.core.config.name }, r.stats.anomalies + (r.extensions.find((e) => e.name === 'anomaly')?.stats().events ?? 0));
  });
  gauge('streamscore_window_keys', 'Keys held in window state', ['pipeline'], (g) => {
    for (const r of runners()) g.set({ pipeline: r.core.config.name }, r.core.windowStats().keys);
  });
  gauge('streamscore_window_key_evictions_total', 'Keys evicted by the key limit or TTL', ['pipeline'], (g) => {
    for (const r of runners()) g.set({ pipeline: r.core.config.name }, r.core.windowStats().evictions);
  });
  gauge('streamscore_window_bytes', 'Approximate bytes of window state', ['pipeline'], (g) => {
    for (const r of runners()) g.set({ pipeline: r.core.config.name }, r.core.windowStats().bytes);
  });
  gauge('streamscore_scoring_queue_rows', 'Feature vectors waiting for the model', ['pipeline'], (g) => {
    for (const r of runners()) g.set({ pipeline: r.core.config.name }, r.batcher.queued);
  });
  gauge('streamscore_scoring_batches_total', 'Model batches run', ['pipeline'], (g) => {
    for (const r of runners()) g.set({ pipeline: r.core.config.name }, r.batcher.stats.batches);
  });
  for (const [suffix, help, field] of SHADOW_GAUGES) {
    gauge(`streamscore_shadow_${suffix}`, help, ['pipeline', 'model'], (g) => {
      for (const r of runners()) {
        const value = r.stats.shadow?.[field];
        if (value !== undefined && value !== null) g.set({ pipeline: r.core.config.name, model: r.stats.shadow!.model }, value);
      }
    });
  }
  gauge('streamscore_reorder_slack_ms', 'Largest current reorder slack across keys (adaptive slack grows with observed lateness)', ['pipeline'], (g) => {
    for (const r of runners()) g.set({ pipeline: r.core.config.name }, r.core.reorderStats().maxSlackMs);
  });
  gauge('streamscore_reorder_buffered', 'Events held in reorder buffers', ['pipeline'], (g) => {
    for (const r of runners()) g.set({ pipeline: r.core.config.name }, r.core.reorderStats().buffered);
  });
  gauge('streamscore_late_events_total', 'Events behind the watermark, by what the late policy did', ['pipeline', 'outcome'], (g) => {
    for (const r of runners()) {
      const pipeline = r.core.config.name;
      g.set({ pipeline, outcome: 'dropped' }, r.core.stats.lateDropped);
      g.set({ pipeline, outcome: 'deadlettered' }, r.core.stats.deadLettered.late ?? 0);
      g.set({ pipeline, outcome: 'corrected_results' }, r.core.stats.corrections);
    }
  });
  gauge('streamscore_duplicates_total', 'Redelivered events dropped by input dedupe', ['pipeline'], (g) => {
    for (const r of runners()) g.set({ pipeline: r.core.config.name }, r.core.stats.duplicates);
  });
  gauge('streamscore_filtered_total', "Events dropped by the pipeline's filter: expression", ['pipeline'], (g) => {
    for (const r of runners()) g.set({ pipeline: r.core.config.name }, r.core.stats.filtered);
  });
  gauge('streamscore_clock_clamped_total', 'Events whose future device time was clamped to arrival time', ['pipeline'], (g) => {
    for (const r of runners()) g.set({ pipeline: r.core.config.name }, r.core.stats.clamped);
  });
  registerOnlineGauges(gauge, runners);
  gauge('streamscore_snapshot_bytes', 'Size of the last state snapshot written', [], (g) => g.set(snapshot.bytes));
  gauge('streamscore_snapshot_duration_ms', 'Time the last state snapshot took', [], (g) => g.set(snapshot.ms));
  gauge('streamscore_snapshots_total', 'State snapshots written', [], (g) => g.set(snapshot.count));
  for (const [suffix, help, read] of PATTERN_GAUGES) {
    gauge(`streamscore_pattern_${suffix}`, help, ['pattern'], (g) => {
      for (const rt of rules()) {
        const value = read(rt);
        if (value !== undefined) g.set({ pattern: rt.core.config.name }, value);
      }
    });
  }
  gauge('streamscore_pattern_deadletter_total', 'Pattern inputs and results dead-lettered, by reason', ['pattern', 'reason'], (g) => {
    for (const rt of rules()) for (const [reason, n] of Object.entries(rt.core.stats.deadLettered)) g.set({ pattern: rt.core.config.name, reason }, n ?? 0);
  });
  gauge('streamscore_mqtt_connected', '1 when connected to the MQTT broker', [], (g) => g.set(connected() ? 1 : 0));
  gauge('streamscore_broker_refusals_total', 'Embedded broker: logins refused, publishes and subscriptions denied by the topic ACL', ['kind'], (g) => {
    const stats = brokerAuth();
    if (!stats) return;
    g.set({ kind: 'login' }, stats.loginsRefused);
    g.set({ kind: 'publish' }, stats.publishDenied);
    g.set({ kind: 'subscribe' }, stats.subscribeDenied);
  });
  return registry;
}

/** Shadow (challenger) figures per pipeline, from RunnerStats.shadow. */
const SHADOW_GAUGES = [
  ['rows_total', 'Rows scored by both the model and its shadow', 'rows'],
  ['errors_total', 'Rows the shadow model could not score', 'errors'],
  ['agreement_ratio', 'Share of rows where model and shadow made the same anomaly decision', 'agreement'],
  ['mean_abs_delta', 'Mean |model output − shadow output|', 'meanAbsDelta'],
] as const;

/** Per-rule figures (src/rules): plain counters read at scrape time. */
const PATTERN_GAUGES: Array<[string, string, (rt: RuleRuntime) => number | undefined]> = [
  ['events_total', 'Events fed to a pattern operator', (rt) => rt.core.stats.eventsIn],
  ['emitted_total', 'Results a pattern emitted', (rt) => rt.core.stats.emitted],
  ['duplicates_total', 'Redelivered pattern inputs dropped by id', (rt) => rt.core.stats.duplicates],
  ['state_keys', 'Keys held in a pattern operator\'s state', (rt) => rt.core.operatorStats().keys],
  ['state_buffered', 'Events or partial matches held by a pattern (operator and reorder buffer)', (rt) => rt.core.operatorStats().buffered],
  ['evictions_total', 'Pattern state dropped by its bounds', (rt) => rt.core.operatorStats().evicted],
  ['webhook_sent_total', 'Results POSTed to the webhook', (rt) => rt.webhook?.stats.sent],
  ['webhook_retries_total', 'Webhook attempts retried', (rt) => rt.webhook?.stats.retries],
  ['webhook_queued', 'Results waiting in the webhook queue (on disk)', (rt) => rt.webhook?.stats.queued],
  ['bridge_published_total', 'Results republished on the bridged MQTT broker', (rt) => rt.bridge?.stats.published],
];
