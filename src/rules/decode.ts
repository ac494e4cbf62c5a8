/**
 * A rule input's decoder: one MQTT message → a PatternEvent, or a dead-letter reason with detail.
 * Any JSON object is accepted (telemetry, scores, anomalies, acks); only key, time and id are read,
 * as own properties. Never throws on bad data.
 */

import { readPath } from '../config/paths.ts';
import type { DeadLetterReason } from '../ingest/deadletter.ts';
import { parseJsonObject } from '../ingest/decode-json.ts';
import { hashId } from '../stream/event.ts';
import type { PatternEvent } from '../stream/patterns/operator.ts';
import { parseEventTime } from '../stream/time.ts';
import type { RuleInput } from './config.ts';

export type RuleDecodeResult = { ok: true; event: PatternEvent } | { ok: false; reason: DeadLetterReason; detail: string };

const MAX_KEY_LENGTH = 128;

/** Decodes a parsed body: shared by MQTT messages and table rows. */
export function toPatternEvent(input: RuleInput, topic: string, body: Record<string, unknown>, opts: { receivedAt: number; text: string }): RuleDecodeResult {
  const rawKey = input.key.kind === 'topic' ? topic.split('/')[input.key.level] : readPath(body, input.key.path);
  if (rawKey === undefined || rawKey === '') return { ok: false, reason: 'missing_key', detail: `no key at ${keyText(input)} (input ${input.name})` };
  if (typeof rawKey !== 'string' && typeof rawKey !== 'number') return { ok: false, reason: 'bad_key', detail: 'the key must be a string or number' };
  const key = String(rawKey);
  if (key.length > MAX_KEY_LENGTH || /[/+#\u0000]/.test(key)) {
    return { ok: false, reason: 'bad_key', detail: `the key must be ≤ ${MAX_KEY_LENGTH} characters without / + # or NUL` };
  }
  let ts = opts.receivedAt;
  if (input.time !== 'arrival') {
    const raw = readPath(body, input.time);
    if (raw === undefined) return { ok: false, reason: 'missing_timestamp', detail: `no event time at $.${input.time.join('.')} (input ${input.name})` };
    const parsed = parseEventTime(raw);
    if (parsed === undefined) return { ok: false, reason: 'bad_timestamp', detail: `event time ${JSON.stringify(raw).slice(0, 64)} is not epoch ms, epoch s or ISO 8601` };
    ts = parsed;
  }
  const rawId = readPath(body, input.id);
  const id = typeof rawId === 'string' || typeof rawId === 'number' ? String(rawId) : hashId(input.name, key, ts, opts.text);
  return { ok: true, event: { id, key, ts, source: input.name, topic, body } };
}

export function decodeMessage(input: RuleInput, topic: string, payload: Buffer, opts: { receivedAt: number; maxPayloadBytes: number }): RuleDecodeResult {
  const parsed = parseJsonObject(payload, opts.maxPayloadBytes);
  if (!parsed.ok) return parsed;
  return toPatternEvent(input, topic, parsed.body, { receivedAt: opts.receivedAt, text: parsed.text });
}

function keyText(input: RuleInput): string {
  return input.key.kind === 'topic' ? `topic[${input.key.level}]` : `$.${input.key.path.join('.')}`;
}
