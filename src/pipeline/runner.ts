/**
 * The pipeline shell: feeds messages to the core, scores closed windows through the micro-batcher
 * with the model's active version (switching only between batches), and publishes the results.
 */

import type { Logger } from 'pino';
import type { ScoreEvent } from '../emit/events.ts';
import { makeScoreEvent } from '../emit/events.ts';
import type { FeatureVector } from '../features/vector.ts';
import { deadLetterTopic, makeDeadLetter, type DeadLetter } from '../ingest/deadletter.ts';
import { createBatcher, type Batcher } from '../models/batcher.ts';
import type { Registry } from '../models/registry.ts';
import { createShadow, type ShadowStats } from '../models/shadow.ts';
import { renderTopic } from '../config/topic.ts';
import type { HandleResult, PipelineCore } from './core.ts';
import { deliver, type ExtensionOutput, type OutputSink, type PipelineExtension } from './extension.ts';


export interface RunnerStats {
  scores: number;
  anomalies: number;
  scoringErrors: number;
  /** Challenger agreement, when the pipeline names a shadow model. */
  shadow?: ShadowStats;
}

export interface PipelineRunner {
  readonly core: PipelineCore;
  /** `receivedAt`: arrival time (a replayed message keeps the one its log record saved); default now. */
  onMessage(topic: string, payload: Buffer, receivedAt?: number): void;
  /** Processing-time housekeeping (idle keys, pipeline watermarks); the service calls it on a timer. */
  tick(nowMs: number): void;
  /** Scores everything queued; used on shutdown and by tests. */
  drain(): Promise<void>;
  readonly batcher: Batcher<FeatureVector>;
  /** Online learners, anomaly detectors: whatever the spec adds besides the model. */
  readonly extensions: PipelineExtension[];
  stats: RunnerStats;
}

export interface RunnerDeps {
  registry: Registry;
  outputs: OutputSink;
  logger: Logger;
  now: () => number;
  maxQueuedRows: number;
  extensions?: PipelineExtension[];
}

export function createPipelineRunner(core: PipelineCore, deps: RunnerDeps): PipelineRunner {
  const { config } = core;
  const { registry, outputs, logger, now } = deps;
  const stats: RunnerStats = { scores: 0, anomalies: 0, scoringErrors: 0 };
  const shadow = config.shadow
    ? createShadow({ pipeline: config.name, ref: config.shadow, registry, threshold: config.emit.anomalies.threshold, qos: config.emit.qos, publish: outputs.publish, logger, now })
    : undefined;
  if (shadow) stats.shadow = shadow.stats;
  let buffer = new Float32Array(config.batch.maxRows * 16);

  const publishDeadLetter = (dl: DeadLetter): void =>
    outputs.publish(deadLetterTopic(dl.reason), JSON.stringify(dl), 1);

  const extensions = deps.extensions ?? [];

  async function scoreBatch(vectors: FeatureVector[]): Promise<void> {
    const ref = config.model;
    if (!ref) return;
    const version = registry.resolve(ref.name, ref.version);
    if (!version) throw new Error(`model ${ref.name}@${ref.version} is not loaded`);
    const { manifest, model } = version;
    const names = manifest.inputs.features;
    const missing = manifest.inputs.missing ?? {};
    // A runtime with its own missing-value rules (PMML) gets NaN; others get the manifest's values.
    const passNaN = model.handlesMissing === true;
    const width = names.length;
    if (buffer.length < vectors.length * width) buffer = new Float32Array(vectors.length * width * 2);
    for (let r = 0; r < vectors.length; r++) {
      const values = vectors[r]!.values;
      for (let c = 0; c < width; c++) {
        const name = names[c]!;
        const v = values[name];
        buffer[r * width + c] = v === undefined || Number.isNaN(v) ? (passNaN ? NaN : (missing[name] ?? 0)) : v;
      }
    }
    const predictions = await model.score(buffer, vectors.length);
    const emittedAt = now();
    const modelRef = { name: manifest.name, version: manifest.version, kind: manifest.output.kind };
    for (let r = 0; r < vectors.length; r++) {
      const vector = vectors[r]!;
      const score = makeScoreEvent({
        pipeline: config.name,
        vector,
        model: modelRef,
        output: predictions[r]!,
        threshold: manifest.output.threshold ?? config.emit.anomalies.threshold,
        emittedAt,
      });
      const vars = { pipeline: config.name, key: vector.key };
      const json = JSON.stringify(score);
      outputs.publish(renderTopic(config.emit.scores, vars), json, config.emit.qos);
      stats.scores++;
      if (score.anomaly?.is) {
        outputs.publish(renderTopic(config.emit.anomalies.topic, vars), json, config.emit.qos);
        stats.anomalies++;
      }
      outputs.onScore(score);
    }
    // The challenger scores after the champion's results are out, within the batch (so it is bounded too).
    if (shadow) await shadow.score(vectors, { manifest, predictions });
  }

  const batcher = createBatcher<FeatureVector>({
    maxRows: config.batch.maxRows,
    maxDelayMs: config.batch.maxDelayMs,
    maxQueued: deps.maxQueuedRows,
    run: scoreBatch,
    onError(err, items) {
      stats.scoringErrors += items.length;
      logger.error({ err, rows: items.length }, 'scoring failed; windows dead-lettered');
      for (const v of items) {
        core.count('overload');
        publishDeadLetter(vectorDeadLetter(config.name, v, `scoring failed: ${(err as Error).message}`, now()));
      }
    },
  });

  const emit = (out: ExtensionOutput): void => deliver(out, outputs);

  function dispatch(result: HandleResult): void {
    for (const dl of result.deadLetters) publishDeadLetter(dl);
    if (result.vectors.length > 0) for (const ext of extensions) emit(ext.onVectors(result.vectors, now()));
    if (!config.model) return;
    for (const vector of result.vectors) {
      if (!batcher.offer(vector)) {
        core.count('overload');
        publishDeadLetter(vectorDeadLetter(config.name, vector, `scoring queue full (${deps.maxQueuedRows} rows)`, now()));
      }
    }
  }

  return {
    core,
    batcher,
    extensions,
    stats,
    onMessage(topic, payload, receivedAt) {
      dispatch(core.handle(topic, payload, receivedAt ?? now()));
    },
    tick(nowMs) {
      dispatch(core.tick(nowMs));
      for (const ext of extensions) if (ext.tick) emit(ext.tick(nowMs));
    },
    drain: () => batcher.drain(),
  };
}

/** A window that could not be scored is dead-lettered as its feature vector, so it can be replayed. */
function vectorDeadLetter(pipeline: string, vector: FeatureVector, detail: string, at: number): DeadLetter {
  const dl = makeDeadLetter('overload', detail, {
    pipeline,
    topic: '',
    payload: Buffer.from(JSON.stringify(vector)),
    receivedAt: at,
  });
  return dl;
}
