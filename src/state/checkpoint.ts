/**
 * Consistent snapshots over the write-ahead log. A snapshot is cut at a quiet point: intake parked,
 * scoring queues drained and every output acknowledged by the broker, so the state at log position
 * P has already published everything it owes (a crash after the cut loses no output of events ≤ P).
 * Once the snapshot files are durable, log segments ≤ P are dropped. On start, each pipeline's
 * snapshot is restored and the log records after its position are replayed through it.
 */

import type { Logger } from 'pino';
import { topicMatches } from '../config/topic.ts';
import type { MqttConnection } from '../ingest/mqtt-source.ts';
import type { PipelineRunner } from '../pipeline/runner.ts';
import type { SnapshotStore } from './store.ts';
import type { Wal, WalRecord } from './wal.ts';

export interface SnapshotStats {
  bytes: number;
  ms: number;
  count: number;
}

export interface CheckpointDeps {
  runners: PipelineRunner[];
  mqtt(): MqttConnection | undefined;
  snapshots: SnapshotStore;
  wal?: Wal;
  /** What one pipeline's snapshot holds besides its log position. */
  stateOf(runner: PipelineRunner): Record<string, unknown>;
  stats: SnapshotStats;
  logger: Logger;
  now(): number;
  /** How long a cut may wait for the broker to acknowledge outputs before this snapshot is skipped. */
  settleTimeoutMs: number;
}

export interface Checkpointer {
  /** Cuts and writes a snapshot of every pipeline (concurrent calls share one); false when skipped. */
  snapshot(): Promise<boolean>;
  /** True while intake is parked for a cut: backpressure must not hold the connection then. */
  readonly cutting: boolean;
  readonly running: boolean;
}

export const snapshotName = (pipeline: string): string => `pipeline-${pipeline}`;

export function createCheckpointer(deps: CheckpointDeps): Checkpointer {
  const { runners, logger, stats } = deps;
  let running: Promise<boolean> | undefined;
  let cutting = false;

  /** Parks intake until nothing is queued for scoring and no output is unacknowledged. */
  async function quiesce(mqtt: MqttConnection | undefined): Promise<boolean> {
    const deadline = deps.now() + deps.settleTimeoutMs;
    for (;;) {
      await Promise.all(runners.map((r) => r.drain()));
      if (mqtt && !(await mqtt.settled(Math.max(0, deadline - deps.now())))) return false;
      // A timer tick may have produced more while we waited: cut only when all is still quiet.
      if (runners.every((r) => r.batcher.queued === 0) && (mqtt?.outstanding ?? 0) === 0) return true;
      if (deps.now() > deadline) return false;
    }
  }

  async function run(): Promise<boolean> {
    const mqtt = deps.mqtt();
    const started = deps.now();
    cutting = true;
    mqtt?.pause();
    let cut: Array<{ name: string; state: Record<string, unknown> }>;
    let position: number;
    try {
      if (!(await quiesce(mqtt))) {
        logger.warn({ outstanding: mqtt?.outstanding }, 'snapshot skipped: outputs not acknowledged by the broker in time');
        return false;
      }
      position = deps.wal?.appended ?? 0;
      cut = runners.map((r) => ({ name: r.core.config.name, state: { ...deps.stateOf(r), walSeq: position } }));
    } finally {
      cutting = false;
      mqtt?.resume();
    }
    for (const { name, state } of cut) {
      const bytes = await deps.snapshots.save(snapshotName(name), state);
      stats.bytes = bytes;
      stats.count++;
      logger.debug({ pipeline: name, bytes, walSeq: position }, 'snapshot written');
    }
    stats.ms = deps.now() - started;
    await deps.wal?.dropThrough(position);
    return true;
  }

  return {
    snapshot() {
      running ??= run().finally(() => {
        running = undefined;
      });
      return running;
    },
    get cutting() {
      return cutting;
    },
    get running() {
      return running !== undefined;
    },
  };
}

/**
 * Feeds the log records after each pipeline's snapshot position through it, in log order, with
 * their original arrival times. Outputs are published again (same ids); input dedupe keeps a
 * message that the broker also redelivers from counting twice. Returns the records replayed.
 */
export function replay(records: WalRecord[], runners: PipelineRunner[], positionOf: (runner: PipelineRunner) => number): number {
  let replayed = 0;
  const from = runners.map(positionOf);
  for (const r of records) {
    let used = false;
    runners.forEach((runner, i) => {
      if (r.seq <= from[i]! || !topicMatches(runner.core.config.source.topic, r.topic)) return;
      runner.onMessage(r.topic, r.payload, r.receivedAt);
      used = true;
    });
    if (used) replayed++;
  }
  return replayed;
}
