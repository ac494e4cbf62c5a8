/**
 * The common contract of the stream-pattern operators (join, sequence, absence, top-K, scatter-
 * gather, enrichment, threshold): push / advance(watermark) / snapshot, pure and keyed. The rules
 * runtime decodes inputs, feeds operators and publishes what they return.
 */

import type { TSchema } from '@sinclair/typebox';
import type { Compile } from '../expr/types.ts';

/** One input event as an operator sees it: any JSON on any topic (telemetry, scores, anomalies, acks). */
export interface PatternEvent {
  /** Event id (payload id or a hash of key, time, body): stable across redelivery. */
  id: string;
  /** Partition key (device, card, user, correlation id …). */
  key: string;
  /** Event time, epoch ms. */
  ts: number;
  /** The rule's name for the input this came on (`left`, `right`, `payments`, `acks` …). */
  source: string;
  topic: string;
  /** The decoded JSON payload; operators never mutate it. */
  body: Readonly<Record<string, unknown>>;
}

/** What an operator emits: the runtime renders `body` (JSON/CSV/XML, template) and publishes it. */
export interface Emitted {
  /** Deterministic (a hash of the inputs that made it), so redelivery and replay dedupe downstream. */
  id: string;
  key: string;
  /** Event time of the result (the event or timer that produced it). */
  ts: number;
  body: Record<string, unknown>;
  /**
   * Set when this is not a result but an input the operator refuses (late beyond the reorder slack,
   * an enrichment miss under `miss: deadletter`): the reason code; `body` then holds the input event.
   */
  deadletter?: string;
}

export interface OperatorStats {
  keys: number;
  /** Events or partial matches held in state. */
  buffered: number;
  /** State dropped by the bounds (maxKeys, maxBuffered), counted, never silent. */
  evicted: number;
}

export interface PatternOperator {
  push(event: PatternEvent): Emitted[];
  /** Fires timers up to `watermarkMs` (event time, or processing time for `clock: processing`). */
  advance(watermarkMs: number): Emitted[];
  /** JSON-safe state; `create(params, { state })` restores it. */
  snapshot(): unknown;
  stats(): OperatorStats;
}

export interface OperatorOptions {
  /** Compiles the params' expressions (predicates, computed fields). */
  compile: Compile;
  /** Restores a snapshot taken from an operator with the same params. */
  state?: unknown;
  /** Bounds on keyed state; beyond them the oldest state is evicted and counted. */
  limits: { maxKeys: number; maxBufferedPerKey: number };
}

/** One registry entry: spec (params schema, summary, YAML example for the docs) + factory. */
export interface OperatorSpec<P = Record<string, unknown>> {
  name: string;
  summary: string;
  /** TypeBox schema of `params` (phase one of validation). */
  params: TSchema;
  /** Which input names the operator expects (`['left', 'right']`), or undefined for any. */
  inputs?: string[];
  /** A YAML example of a whole rule using it, for the README and `GET /v1/patterns`. */
  example: string;
  /** Phase two: cross-field checks with readable errors; throws nothing, returns problems. */
  check?(params: P): string[];
  create(params: P, opts: OperatorOptions): PatternOperator;
}
