/**
 * The service shell: wires broker, model registry, pipelines, score store and HTTP; owns every
 * timer and effect. `start()` brings it up in dependency order; `stop()` drains and snapshots.
 */

import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Config, PipelineConfig } from './config/load.ts';
import { ConfigError } from './config/load.ts';
import { redactUrl } from './config/topic.ts';
import { createScoreStore, type ScoreStore } from './emit/store.ts';
import { buildHttp } from './http/server.ts';
import { startEmbeddedBroker, type EmbeddedBroker } from './ingest/broker.ts';
import { connectMqtt, type MqttConnection } from './ingest/mqtt-source.ts';
import { createMetrics } from './metrics.ts';
import { modelConsumers } from './models/consumers.ts';
import { createRegistry, type Registry } from './models/registry.ts';
import { createPipelineCore, type PipelineCore } from './pipeline/core.ts';
import { createExtensions } from './pipeline/extensions.ts';
import { createPipelineRunner, type PipelineRunner } from './pipeline/runner.ts';
import { compile, OPERATORS } from './rules/operators.ts';
import { createRules, type Rules } from './rules/rules.ts';
import { createSnapshotStore, type SnapshotStore } from './state/store.ts';

const TICK_MS = 1000;

export interface ServiceOptions {
  config: Config;
  logger: Logger;
  now?: () => number;
}

export interface Service {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** URL of the broker in use (embedded or external). */
  readonly mqttUrl: string;
  readonly httpUrl: string;
  readonly http: FastifyInstance;
  readonly store: ScoreStore;
  readonly registry: Registry;
  readonly runners: PipelineRunner[];
  /** Stream patterns (src/rules): their runtimes and the enrichment tables. */
  readonly rules: Rules;
  /** Writes every pipeline's state now. */
  snapshot(): Promise<void>;
}

export function createService(opts: ServiceOptions): Service {
  const { config, logger } = opts;
  const now = opts.now ?? Date.now;
  const registry = createRegistry(logger.child({ component: 'registry' }), {
    root: join(config.dataDir, 'models'),
    consumers: (name) => modelConsumers(name, runners.map((r) => ({ ...r.core.config, features: r.core.featureNames }))),
  });
  const store = createScoreStore({ historyPerKey: config.limits.historyPerKey, maxKeys: config.limits.maxKeys });
  const snapshots: SnapshotStore = createSnapshotStore(join(config.dataDir, 'state'));
  const runners: PipelineRunner[] = [];
  let broker: EmbeddedBroker | undefined;
  let mqtt: MqttConnection | undefined;
  let http: FastifyInstance | undefined;
  let snapshotTimer: NodeJS.Timeout | undefined;
  let tickTimer: NodeJS.Timeout | undefined;
  let mqttUrl = config.mqtt.url ?? '';
  let httpUrl = '';
  let stopping = false;

  // Backpressure: when a pipeline's scoring queue passes half its bound, the next message waits
  // (and the broker holds the rest) until every queue is below a quarter. Nothing is shed.
  let waiting = false;
  let pauses = 0; // messages whose PUBACK was held by backpressure
  const busy = (): boolean => {
    const bound = config.limits.maxQueuedRows;
    if (stopping) return false;
    waiting = waiting ? runners.some((r) => r.batcher.queued >= bound / 4) : runners.some((r) => r.batcher.queued > bound / 2);
    return waiting;
  };

  const snapshotStats = { bytes: 0, ms: 0, count: 0 };
  const rules = createRules({
    rules: config.patterns,
    tables: config.tables,
    operators: OPERATORS,
    compile,
    logger: logger.child({ component: 'patterns' }),
    now,
    dataDir: config.dataDir,
    maxPayloadBytes: config.limits.maxPayloadBytes,
    snapshots,
    publish: (topic, payload, qos) => mqtt?.publish(topic, payload, qos),
  });
  const metrics = createMetrics(() => runners, () => mqtt?.connected ?? false, snapshotStats, () => rules.runtimes);

  async function snapshot(): Promise<void> {
    for (const runner of runners) {
      const started = now();
      const bytes = await snapshots.save(`pipeline-${runner.core.config.name}`, {
        specHash: specHash(runner.core.config),
        state: runner.core.snapshot(),
        extensions: Object.fromEntries(runner.extensions.map((e) => [e.name, e.snapshot()])),
      });
      snapshotStats.bytes = bytes;
      snapshotStats.ms = now() - started;
      snapshotStats.count++;
      logger.debug({ pipeline: runner.core.config.name, bytes, ms: snapshotStats.ms }, 'snapshot written');
    }
    await rules.snapshot();
  }

  /** The pipeline's core and the state its extensions saved (each extension checks its own params). */
  async function restoreCore(p: PipelineConfig): Promise<{ core: PipelineCore; extensions?: Record<string, unknown> }> {
    const limits = config.limits;
    try {
      const loaded = await snapshots.load(`pipeline-${p.name}`);
      const saved = loaded?.state as { specHash: string; state: Parameters<typeof createPipelineCore>[2]; extensions?: Record<string, unknown> } | undefined;
      if (loaded?.skipped) logger.error({ pipeline: p.name, reason: loaded.skipped }, 'SNAPSHOT SKIPPED: the newest snapshot is unreadable; restoring the previous one');
      if (saved && saved.specHash === specHash(p)) {
        logger.info({ pipeline: p.name, generation: loaded?.generation }, 'pipeline state restored from snapshot');
        return { core: createPipelineCore(p, limits, saved.state), ...(saved.extensions && { extensions: saved.extensions }) };
      }
      if (saved) logger.warn({ pipeline: p.name }, 'pipeline spec changed since the snapshot; starting with empty windows');
    } catch (err) {
      logger.error({ err, pipeline: p.name }, 'SNAPSHOT UNREADABLE: no readable generation; starting this pipeline with empty windows');
    }
    return { core: createPipelineCore(p, limits) };
  }

  function checkModels(): void {
    const problems: string[] = [];
    config.pipelines.forEach((p, i) => {
      if (!p.model) return;
      const version = registry.resolve(p.model.name, p.model.version);
      if (!version) {
        const loaded = registry.list().map((m) => m.name).join(', ') || 'none';
        problems.push(`pipelines[${i}].model: no model "${p.model.name}" version ${p.model.version} is loaded (loaded: ${loaded}; models are read from ${config.modelsDir})`);
        return;
      }
      const produced = new Set(runners[i]?.core.featureNames ?? []);
      const missing = version.manifest.inputs.features.filter((f) => !produced.has(f));
      if (missing.length) {
        problems.push(`pipelines[${i}].features: model ${p.model.name} needs ${missing.join(', ')}, which this pipeline does not compute; add those aggregates to features`);
      }
      const shadow = p.shadow && registry.resolve(p.shadow.name, p.shadow.version);
      if (p.shadow && !shadow) problems.push(`pipelines[${i}].shadow: no model "${p.shadow.name}" version ${p.shadow.version} is loaded`);
      const shadowMissing = shadow ? shadow.manifest.inputs.features.filter((f) => !produced.has(f)) : [];
      if (shadowMissing.length) problems.push(`pipelines[${i}].shadow: model ${p.shadow!.name} needs ${shadowMissing.join(', ')}, which this pipeline does not compute`);
    });
    if (problems.length) throw new ConfigError(problems, 'models');
  }

  return {
    get mqttUrl() {
      return mqttUrl;
    },
    get httpUrl() {
      return httpUrl;
    },
    get http() {
      if (!http) throw new Error('service not started');
      return http;
    },
    store,
    registry,
    runners,
    rules,
    snapshot,

    async start() {
      if (!config.mqtt.url) {
        broker = await startEmbeddedBroker({ port: config.mqtt.brokerPort, host: config.mqtt.brokerHost, logger });
        mqttUrl = broker.url;
      }
      const pinned = config.pipelines.flatMap((p) => [p.model, p.shadow].filter((m) => m !== undefined));
      const { loaded, imported } = await registry.open({ shipped: config.modelsDir, pinned });
      logger.info({ loaded, imported, dir: join(config.dataDir, 'models'), shipped: config.modelsDir }, 'models loaded');

      for (const p of config.pipelines) {
        const { core, extensions: restored } = await restoreCore(p);
        const pipelineLogger = logger.child({ pipeline: p.name });
        const extensions = createExtensions({ config: p, featureNames: core.featureNames, logger: pipelineLogger }, restored);
        runners.push(
          createPipelineRunner(core, {
            extensions,
            registry,
            now,
            logger: pipelineLogger,
            maxQueuedRows: config.limits.maxQueuedRows,
            outputs: {
              publish: (topic, payload, qos) => mqtt?.publish(topic, payload, qos),
              onScore: (score) => store.add(score),
            },
          }),
        );
      }
      checkModels();

      mqtt = await connectMqtt({
        url: mqttUrl,
        // Fixed per host (not per process) so a restarted service gets its persistent session back.
        clientId: config.mqtt.clientId ?? `streamscore-${hostname()}`,
        clean: config.mqtt.cleanSession,
        logger,
        ...(config.mqtt.username !== undefined && { username: config.mqtt.username }),
        ...(config.mqtt.password !== undefined && { password: config.mqtt.password }),
      });
      mqtt.setFlowControl(busy, () => pauses++);
      for (const runner of runners) {
        await mqtt.subscribe(runner.core.config.source.topic, (topic, payload) => {
          if (!stopping) runner.onMessage(topic, payload);
        });
      }
      const connection = mqtt;
      await rules.start((filter, handler) => connection.subscribe(filter, handler));

      http = await buildHttp({
        logger,
        store,
        registry,
        maxModelBytes: config.limits.maxModelBytes,
        metrics,
        auth: { tokens: config.http.tokens, protectReads: config.http.protectReads },
        readiness: () => {
          const checks = {
            broker: mqtt?.connected ?? false,
            models: config.pipelines.every((p) => !p.model || registry.resolve(p.model.name, p.model.version) !== undefined),
          };
          return { ready: checks.broker && checks.models && !stopping, checks };
        },
        patterns: () => rules.info(),
        tables: () => rules.tables,
        pipelines: () =>
          runners.map((r) => ({
            name: r.core.config.name,
            spec: r.core.config.spec,
            features: r.core.featureNames,
            stats: { ...r.core.stats, ...r.stats, ...Object.fromEntries(r.extensions.map((e) => [e.name, e.stats()])), intakeHeld: pauses, window: r.core.windowStats(), reorder: r.core.reorderStats(), queuedRows: r.batcher.queued },
          })),
      });
      httpUrl = await http.listen({ port: config.http.port, host: config.http.host });
      httpUrl = httpUrl.replace('0.0.0.0', '127.0.0.1');
      if (config.state.snapshotEveryMs > 0) {
        snapshotTimer = setInterval(() => {
          snapshot().catch((err: unknown) => logger.error({ err }, 'snapshot failed'));
        }, config.state.snapshotEveryMs);
        snapshotTimer.unref();
      }
      // Processing-time housekeeping: idle devices close their windows, pipeline watermarks move.
      tickTimer = setInterval(() => {
        for (const runner of runners) runner.tick(now());
        rules.tick(now());
      }, TICK_MS);
      tickTimer.unref();
      logger.info({ mqtt: redactUrl(mqttUrl), http: httpUrl, pipelines: runners.map((r) => r.core.config.name), patterns: config.patterns.map((r) => r.name) }, 'streamscore started');
    },

    async stop() {
      if (stopping) return;
      stopping = true;
      if (snapshotTimer) clearInterval(snapshotTimer);
      if (tickTimer) clearInterval(tickTimer);
      await http?.close();
      for (const runner of runners) await runner.drain();
      await rules.stop();
      if (runners.length) await snapshot().catch((err: unknown) => logger.error({ err }, 'final snapshot failed'));
      await mqtt?.close();
      await broker?.close();
      await registry.close();
      logger.info('streamscore stopped');
    },
  };
}

/** State is only restored into a pipeline whose windowing is unchanged. */
function specHash(p: PipelineConfig): string {
  return createHash('sha256').update(JSON.stringify({ source: p.source, windows: p.windows, time: p.time, features: p.features })).digest('hex').slice(0, 16);
}
