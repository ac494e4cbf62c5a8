/** Messages between the e2e suite and its load-generator process (bench/loadgen.ts), over fork IPC. */

import type { TrafficOptions } from './payloads.ts';

export type Request =
  /** Connects a publisher and a subscriber client and pre-generates the fleet's payloads (if any). */
  | { op: 'connect'; url: string; traffic?: TrafficOptions }
  /**
   * Subscribes the subscriber to `filter` (dropping the previous one) and zeroes its counters. With
   * `latency`, samples latency too; `echoWarmupMs` skips that long of a raw echo (see loadgen.ts).
   */
  | { op: 'listen'; filter: string; latency: boolean; echoWarmupMs?: number }
  /** Publishes payloads [from, from+count) at QoS 1, at most `inFlight` unacknowledged, as fast as acks allow. */
  | { op: 'flood'; topic: 'baseline' | 'telemetry'; from: number; count: number; inFlight: number }
  /**
   * Publishes at a fixed rate with `ts` stamped at send time, over `devices` devices on
   * `bench/<level>/+/telemetry`. `exactTs`: ts keeps its sub-ms fraction (only for topics no
   * pipeline reads, which would round it), so a subscriber in another process can time the echo.
   */
  | { op: 'paced'; level: string; exactTs: boolean; ratePerSec: number; seconds: number; warmupSeconds: number; devices: number; maxInFlight: number }
  /** Resolves once the subscriber has received `count` messages since `listen` (or the timeout passed). */
  | { op: 'await'; count: number; timeoutMs: number }
  | { op: 'close' };

export interface FloodReply {
  /** Wall-clock ms (performance.timeOrigin + now) of the first publish and of the last PUBACK. */
  startAt: number;
  ackedAt: number;
}

export interface PacedReply {
  published: number;
  /** Offered rate actually achieved, events/s, over the whole paced run. */
  achievedPerSec: number;
  /** Ticks on which the publisher found `maxInFlight` unacknowledged and had to wait. */
  stalls: number;
}

export interface AwaitReply {
  received: number;
  lastAt: number;
  /** Latency mode: ms from publishing the window-closing event to receiving its score, sorted. */
  latenciesMs: number[];
}

export type Reply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };

/** Topic of a device for each traffic kind; a latency pipeline reads `bench/<level>/+/telemetry`. */
export const topicFor = {
  baseline: (device: string): string => `bench/baseline/${device}`,
  telemetry: (device: string): string => `devices/${device}/telemetry`,
  paced: (level: string, device: string): string => `bench/${level}/${device}/telemetry`,
};
