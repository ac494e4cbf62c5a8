/**
 * One rule's pure core: message → decode → dedupe by id → event-time order (or processing-time
 * stamps) → the operator → rendered results. Returns what to publish and what was dead-lettered;
 * the shell (src/rules/rules.ts) does the effects. Time comes in as `receivedAt` and `tick(nowMs)`.
 */

import { renderTopic } from '../config/topic.ts';
import { compileTemplate, createRenderer } from '../emit/format.ts';
import { makeDeadLetter, type DeadLetter, type DeadLetterReason } from '../ingest/deadletter.ts';
import { createDedupe } from '../stream/dedupe.ts';
import type { Compile } from '../stream/expr/types.ts';
import type { Emitted, OperatorSpec, PatternEvent, PatternOperator } from '../stream/patterns/operator.ts';
import { createOrdered } from '../stream/patterns/ordered.ts';
import type { RuleConfig, RuleInput } from './config.ts';
import { decodeMessage } from './decode.ts';

/** A rendered result: the text published on `topic`, and handed to the bridges. */
export interface RuleResult {
  id: string;
  key: string;
  topic: string;
  payload: string;
}

export interface RuleOutput {
  results: RuleResult[];
  deadLetters: DeadLetter[];
  /** Scatter: the input event fanned out to each branch topic. */
  scattered: Array<{ topic: string; payload: string }>;
}

export interface RuleStats {
  eventsIn: number;
  emitted: number;
  duplicates: number;
  deadLettered: Partial<Record<DeadLetterReason, number>>;
}

export interface RuleSnapshot {
  /** The operator's state (behind the reorder buffer, for the event clock). */
  operator: unknown;
  dedupe: Array<[string, number]>;
  /** Newest event time fed, so table rows after a restart are stamped in the rule's time. */
  maxTs?: number | null;
}

export interface RuleCore {
  readonly config: RuleConfig;
  handle(input: RuleInput, topic: string, payload: Buffer, receivedAt: number): RuleOutput;
  /** An already decoded event (a table row): bypasses reordering, since a row is state, not a moment. */
  pushDirect(event: PatternEvent): RuleOutput;
  /** Processing clock: fires timers up to `nowMs`. Event clock: nothing, unless the inputs are idle (reorder.idle). */
  tick(nowMs: number): RuleOutput;
  stats: RuleStats;
  operatorStats(): ReturnType<PatternOperator['stats']>;
  /** Event clock: newest event time fed − slack (−Infinity before any); processing clock: undefined. */
  readonly watermark: number | undefined;
  snapshot(): RuleSnapshot;
}

export interface RuleCoreDeps {
  spec: OperatorSpec<any>;
  compile: Compile;
  maxPayloadBytes: number;
  restore?: RuleSnapshot;
}

const none = (): RuleOutput => ({ results: [], deadLetters: [], scattered: [] });

export function createRuleCore(config: RuleConfig, deps: RuleCoreDeps): RuleCore {
  const make = (state: unknown): PatternOperator =>
    deps.spec.create(config.params, {
      compile: deps.compile,
      limits: { maxKeys: config.limits.maxKeys, maxBufferedPerKey: config.limits.maxBufferedPerKey },
      ...(state !== undefined && { state }),
    });
  const eventClock = config.clock === 'event';
  const saved = deps.restore?.operator;
  // Event clock: the operator sits behind the K-slack buffer, whose watermark drives its timers.
  const op = eventClock ? createOrdered(make, { slackMs: config.slackMs, maxBuffered: config.limits.maxBuffered, ...(saved !== undefined && { state: saved }) }) : make(saved);
  let maxTs = deps.restore?.maxTs ?? -Infinity;
  // Idle inputs (reorder.idle): the processing time of the last arrival, and how far time was moved.
  let lastArrival = -Infinity;
  let idleWatermark = -Infinity;
  const dedupe = config.dedupe.ttlMs > 0 ? createDedupe(config.dedupe, deps.restore?.dedupe) : undefined;
  const template = config.emit.template ? compileTemplate(config.emit.template, deps.compile) : undefined;
  const renderer = createRenderer({ format: config.emit.format, ...(template && { template }), root: config.emit.root });
  // Filled per result only with the key; the pattern name is known now.
  const emitTopic = config.emit.topic.replaceAll('{pattern}', config.name);
  const scatterTopics = config.scatter?.topics.map((t, i) => t.replaceAll('{pattern}', config.name).replaceAll('{branch}', String(i)));
  const stats: RuleStats = { eventsIn: 0, emitted: 0, duplicates: 0, deadLettered: {} };

  const deadLetter = (reason: DeadLetterReason, detail: string, topic: string, payload: Buffer, at: number): DeadLetter => {
    stats.deadLettered[reason] = (stats.deadLettered[reason] ?? 0) + 1;
    return makeDeadLetter(reason, detail, { pipeline: config.name, topic, payload, receivedAt: at });
  };

  function render(out: RuleOutput, emitted: Emitted[]): RuleOutput {
    for (const e of emitted) {
      if (e.deadletter) {
        // An input the operator refused (late beyond the slack, an enrichment miss): body is the input event.
        const input = e.body as unknown as PatternEvent;
        const detail = e.deadletter === 'late' ? `event time ${iso(e.ts)} is behind the watermark of pattern ${config.name} (reorder.slack ${config.slackMs} ms)` : `pattern ${config.name} refused the event (${e.deadletter})`;
        out.deadLetters.push(deadLetter(e.deadletter as DeadLetterReason, detail, input.topic ?? '', Buffer.from(JSON.stringify(input.body ?? e.body)), e.ts));
        continue;
      }
      try {
        const payload = renderer.render({ id: e.id, key: e.key, ts: e.ts, pattern: config.name, body: e.body });
        out.results.push({ id: e.id, key: e.key, topic: renderTopic(emitTopic, { pipeline: config.name, key: e.key }), payload });
        stats.emitted++;
      } catch (err) {
        const detail = `emit.template: ${(err as Error).message}`;
        out.deadLetters.push(deadLetter('render_failed', detail, '', Buffer.from(JSON.stringify(e)), e.ts));
      }
    }
    return out;
  }

  function scatter(out: RuleOutput, input: RuleInput, event: PatternEvent, payload: Buffer): void {
    if (!config.scatter || config.scatter.input !== input.name) return;
    const text = payload.toString('utf8');
    for (const t of scatterTopics!) out.scattered.push({ topic: t.replaceAll('{key}', event.key), payload: text });
  }

  return {
    config,
    handle(input, topic, payload, receivedAt) {
      const out = none();
      const decoded = decodeMessage(input, topic, payload, { receivedAt, maxPayloadBytes: deps.maxPayloadBytes });
      if (!decoded.ok) {
        out.deadLetters.push(deadLetter(decoded.reason, decoded.detail, topic, payload, receivedAt));
        return out;
      }
      const event = decoded.event;
      if (dedupe?.seen(`${input.name}\u0000${event.id}`, event.ts)) {
        stats.duplicates++;
        return out;
      }
      stats.eventsIn++;
      scatter(out, input, event, payload);
      // Processing clock: an event happens when it arrives.
      if (!eventClock) event.ts = receivedAt;
      else if (event.ts > maxTs) maxTs = event.ts;
      lastArrival = receivedAt;
      return render(out, op.push(event));
    },
    pushDirect(event) {
      stats.eventsIn++;
      return render(none(), op.push(event));
    },
    tick(nowMs) {
      if (!eventClock) return render(none(), op.advance(nowMs));
      // Idleness (as Flink's withIdleness): once every input has been silent for reorder.idle, event
      // time is taken to move with the service clock from the newest event, so timers still fire.
      const silentMs = nowMs - lastArrival - config.idleMs;
      if (config.idleMs === 0 || !Number.isFinite(maxTs) || silentMs < 0) return none();
      const wm = maxTs + silentMs;
      if (wm <= idleWatermark) return none();
      idleWatermark = wm;
      return render(none(), op.advance(wm));
    },
    stats,
    operatorStats: () => op.stats(),
    get watermark() {
      return eventClock ? Math.max(maxTs - config.slackMs, idleWatermark) : undefined;
    },
    snapshot: () => ({ operator: op.snapshot(), dedupe: dedupe?.snapshot() ?? [], maxTs: Number.isFinite(maxTs) ? maxTs : null }),
  };
}

/** ISO text for a detail message; never throws on a time outside the Date range. */
function iso(ms: number): string {
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? String(ms) : d.toISOString();
}
