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
import type { EmbeddedBroker } from './ingest/broker.ts';
import { openMqtt, type MqttConnection } from './ingest/mqtt-source.ts';
import { externalLogin, startConfiguredBroker, type ServiceLogin } from './ingest/mqtt-setup.ts';
import { createMetrics } from './metrics.ts';
import { isOnline, type OnlineExtension } from './online/serve/extension.ts';
import { modelConsumers } from './models/consumers.ts';
import { createRegistry, type Registry } from './models/registry.ts';
import { createPipelineCore, type PipelineCore } from './pipeline/core.ts';
import { deliver, type ExtensionOutput, type OutputSink } from './pipeline/extension.ts';
import { createExtensions } from './pipeline/extensions.ts';
import { createPipelineRunner, type PipelineRunner } from './pipeline/runner.ts';
import { createCheckpointer, replay, snapshotName } from './state/checkpoint.ts';
import { compile, OPERATORS } from './rules/operators.ts';
import { createRules, type Rules } from './rules/rules.ts';
import { createSnapshotStore, type SnapshotStore } from './state/store.ts';
import { openWal, type Wal, type WalRecord } from './state/wal.ts';

const TICK_MS = 1000;
/** A snapshot cut waits this long for the broker to acknowledge outputs, then is skipped. */
const SETTLE_MS = 10_000;

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
  let wal: Wal | undefined;
  const walLimit = config.state.wal.maxBytes;
  const walPositions = new Map<PipelineRunner, number>();

  // Backpressure: when a pipeline's scoring queue passes half its bound, the next message waits
  // (and the broker holds the rest) until every queue is below a quarter. Nothing is shed.
  let waiting = false;
  let pauses = 0; // messages whose PUBACK was held by backpressure
  const busy = (): boolean => {
    const bound = config.limits.maxQueuedRows;
    if (stopping || checkpointer.cutting) return false; // a cut parks intake itself, and must see PUBACKs
    if (wal && wal.bytes >= walLimit / 2 && !checkpointer.running) void snapshot();
    if (wal && wal.bytes >= walLimit) return (waiting = true); // until the snapshot lets segments go
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
  const metrics = createMetrics(() => runners, () => mqtt?.connected ?? false, snapshotStats, () => broker?.authStats, () => rules.runtimes);

  const checkpointer = createCheckpointer({
    runners,
    mqtt: () => mqtt,
    snapshots,
    get wal() {
      return wal;
    },
    stateOf: (runner) => ({
      specHash: specHash(runner.core.config),
      state: runner.core.snapshot(),
      extensions: Object.fromEntries(runner.extensions.map((e) => [e.name, e.snapshot()])),
    }),
    stats: snapshotStats,
    logger,
    now,
    settleTimeoutMs: SETTLE_MS,
  });
  async function snapshot(): Promise<void> {
    await checkpointer.snapshot().catch((err: unknown) => logger.error({ err }, 'snapshot failed'));
    // Pattern rules snapshot after the pipelines' cut (their inputs are not replayed from the log).
    await rules.snapshot().catch((err: unknown) => logger.error({ err }, 'pattern snapshot failed'));
  }

  /** The pipeline's core and the state its extensions saved (each extension checks its own params). */
  async function restoreCore(p: PipelineConfig): Promise<{ core: PipelineCore; extensions?: Record<string, unknown>; walSeq?: number }> {
    const limits = config.limits;
    try {
      const loaded = await snapshots.load(snapshotName(p.name));
      const saved = loaded?.state as { specHash: string; walSeq?: number; state: Parameters<typeof createPipelineCore>[2]; extensions?: Record<string, unknown> } | undefined;
      if (loaded?.skipped) logger.error({ pipeline: p.name, reason: loaded.skipped }, 'SNAPSHOT SKIPPED: the newest snapshot is unreadable; restoring the previous one');
      if (saved && saved.specHash === specHash(p)) {
        logger.info({ pipeline: p.name, generation: loaded?.generation }, 'pipeline state restored from snapshot');
        return { core: createPipelineCore(p, limits, saved.state), ...(saved.extensions && { extensions: saved.extensions }), ...(saved.walSeq !== undefined && { walSeq: saved.walSeq }) };
      }
      // A discarded snapshot still bounds the log numbering, so walSeq is kept; replay starts from 0.
      if (saved) logger.warn({ pipeline: p.name }, 'pipeline spec changed since the snapshot; starting with empty windows');
    } catch (err) {
      logger.error({ err, pipeline: p.name }, 'SNAPSHOT UNREADABLE: no readable generation; starting this pipeline with empty windows');
    }
    return { core: createPipelineCore(p, limits) };
  }

  /** A pipeline's online learner (labels over MQTT and HTTP go to it). */
  const onlineOf = (r: PipelineRunner): OnlineExtension | undefined => r.extensions.find(isOnline);
  /** Every pipeline's way out: the broker and the score store. */
  const outputs: OutputSink = {
    publish: (topic, payload, qos) => mqtt?.publish(topic, payload, qos),
    onScore: (score) => store.add(score),
  };
  const emitOutput = (out: ExtensionOutput): void => deliver(out, outputs);

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
      let login: ServiceLogin = externalLogin(config.mqtt);
      if (!config.mqtt.url) {
        ({ broker, login } = await startConfiguredBroker(config.mqtt, logger));
        mqttUrl = broker.url;
      }
      const pinned = config.pipelines.flatMap((p) => [p.model, p.shadow].filter((m) => m !== undefined));
      const { loaded, imported } = await registry.open({ shipped: config.modelsDir, pinned });
      logger.info({ loaded, imported, dir: join(config.dataDir, 'models'), shipped: config.modelsDir }, 'models loaded');

      for (const p of config.pipelines) {
        const { core, extensions: restored, walSeq } = await restoreCore(p);
        const pipelineLogger = logger.child({ pipeline: p.name });
        const extensions = createExtensions({ config: p, featureNames: core.featureNames, logger: pipelineLogger }, restored);
        runners.push(
          createPipelineRunner(core, {
            extensions,
            registry,
            now,
            logger: pipelineLogger,
            maxQueuedRows: config.limits.maxQueuedRows,
            outputs,
          }),
        );
        walPositions.set(runners.at(-1)!, walSeq ?? 0);
      }
      checkModels();

      let records: WalRecord[] = [];
      if (config.state.wal.enabled) {
        const { wal: opened, records: found } = openWal({
          dir: join(config.dataDir, 'wal'),
          segmentBytes: config.state.wal.segmentBytes,
          fsync: config.state.wal.fsync,
          minSeq: Math.max(0, ...walPositions.values()),
          onError: (err) => logger.error({ err }, 'WRITE-AHEAD LOG: write failed; PUBACKs wait, the broker keeps the messages'),
        });
        wal = opened;
        records = found;
      }

      mqtt = openMqtt({
        url: mqttUrl,
        // Fixed per host (not per process) so a restarted service gets its persistent session back.
        clientId: config.mqtt.clientId ?? `streamscore-${hostname()}`,
        clean: config.mqtt.cleanSession,
        logger,
        ...login,
        ...(wal && { journal: wal }),
        now,
      });
      mqtt.setFlowControl(busy, () => pauses++);
      // Routes and the replay happen in this turn, before the session's queued messages can arrive;
      // replayed outputs wait in MQTT.js's outgoing store until the connection is up.
      // The same filters are subscribed once connected.
      const filters: string[] = [];
      for (const runner of runners) {
        filters.push(runner.core.config.source.topic);
        mqtt.route(runner.core.config.source.topic, (topic, payload, receivedAt) => {
          if (!stopping) runner.onMessage(topic, payload, receivedAt);
        });
        const online = onlineOf(runner);
        const labelTopic = online?.online.labels.topic;
        if (online && labelTopic) {
          filters.push(labelTopic);
          mqtt.route(labelTopic, (topic, payload) => {
            if (!stopping) emitOutput(online.onLabelMessage(topic, payload, now()));
          });
        }
      }
      const replayed = replay(records, runners, (r) => walPositions.get(r) ?? 0);
      if (wal) logger.info({ replayed, records: records.length, tornBytes: wal.stats.tornBytes }, 'write-ahead log replayed');
      records = [];
      await mqtt.ready;
      for (const filter of filters) await mqtt.subscribe(filter);
      const connection = mqtt;
      await rules.start((filter, handler) => connection.subscribe(filter, handler));

      http = await buildHttp({
        logger,
        store,
        registry,
        maxModelBytes: config.limits.maxModelBytes,
        metrics,
        online: {
          find: (name) => {
            const r = runners.find((x) => x.core.config.name === name);
            return r && onlineOf(r);
          },
          pipelines: () => runners.map((r) => r.core.config.name),
          emit: emitOutput,
          now,
        },
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
        snapshotTimer = setInterval(() => void snapshot(), config.state.snapshotEveryMs);
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
      // Intake stops first: a message arriving now is not acknowledged, so the broker keeps it.
      mqtt?.stopIntake();
      await http?.close();
      for (const runner of runners) await runner.drain();
      await rules.stop();
      if (runners.length) await snapshot();
      await wal?.close(); // the last group commit releases the last PUBACKs
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
