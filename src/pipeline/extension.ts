/**
 * The contract for what a pipeline does with its closed windows besides (or instead of) a
 * pre-trained model: online learners (`online:`), anomaly detectors (`anomaly:`). An extension is
 * pure like the core: it returns what to publish and store; the runner does the effects.
 */

import type { Logger } from 'pino';
import type { PipelineConfig } from '../config/load.ts';
import type { ScoreEvent } from '../emit/events.ts';
import type { FeatureVector } from '../features/vector.ts';

/** One message for the broker. */
export interface Publication {
  topic: string;
  payload: string;
  qos: 0 | 1 | 2;
}

/** What an extension produced for a batch of vectors (or a tick). */
export interface ExtensionOutput {
  publish: Publication[];
  /** Score events for the score store (`GET /v1/scores/...`). */
  scores: ScoreEvent[];
}

export interface PipelineExtension {
  /** The spec section it implements, e.g. "online" or "anomaly"; also its key in snapshots. */
  readonly name: string;
  /** Closed windows, in the order the core produced them. Never throws for bad data. */
  onVectors(vectors: FeatureVector[], nowMs: number): ExtensionOutput;
  /** Processing-time housekeeping (TTL expiry, timers). */
  tick?(nowMs: number): ExtensionOutput;
  /** JSON-safe state; passed back as `restore` to the factory on start. */
  snapshot(): unknown;
  /** Counters for GET /v1/pipelines (plain numbers). */
  stats(): Record<string, number>;
}

export interface ExtensionContext {
  config: PipelineConfig;
  /** Feature names the pipeline's windows compute, in vector order. */
  featureNames: string[];
  logger: Logger;
  /** State from the last snapshot, when the pipeline spec is unchanged. */
  restore?: unknown;
}

/** A factory: returns undefined when the pipeline spec does not use this extension. */
export type ExtensionFactory = (ctx: ExtensionContext) => PipelineExtension | undefined;

export const NO_OUTPUT: ExtensionOutput = Object.freeze({ publish: [], scores: [] }) as unknown as ExtensionOutput;

/** Where extension output goes: the broker and the score store (what the runner and the label path publish to). */
export interface OutputSink {
  publish(topic: string, payload: string, qos: 0 | 1 | 2): void;
  onScore(score: ScoreEvent): void;
}

/** The one way extension output leaves: from closed windows (runner) and from labels (service, HTTP). */
export function deliver(out: ExtensionOutput, sink: OutputSink): void {
  for (const p of out.publish) sink.publish(p.topic, p.payload, p.qos);
  for (const score of out.scores) sink.onScore(score);
}
