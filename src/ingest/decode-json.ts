/**
 * The JSON decoder: one MQTT message → an Event, or a dead-letter reason with detail.
 * Never throws on bad data; only the fields the pipeline uses are read, as own properties.
 */

import type { PipelineConfig } from '../config/load.ts';
import { readPath } from '../config/paths.ts';
import { hashId, type Event, type EventValue } from '../stream/event.ts';
import { parseEventTime } from '../stream/time.ts';
import { isUtf8 } from 'node:buffer';
import type { DeadLetterReason } from './deadletter.ts';

/** `text`: the payload as decoded, kept so a buffered event can be dead-lettered later without decoding again. */
export type DecodeResult =
  | { ok: true; event: Event; text: string }
  | { ok: false; reason: DeadLetterReason; detail: string }
  /** The pipeline's `filter:` was not true: dropped and counted, not dead-lettered. */
  | { ok: false; reason: 'filtered'; detail: string };

export interface DecoderOptions {
  maxPayloadBytes: number;
  /** limits.maxKeys: the topic cache holds no more topics than the pipeline holds keys. */
  maxKeys?: number;
}

const MAX_KEY_LENGTH = 128;
/** Topics whose key was already read; a device publishes on one topic, so this saves a split per message. */
const TOPIC_CACHE_LIMIT = 100_000;

export type JsonObjectResult = { ok: true; body: Record<string, unknown>; text: string } | { ok: false; reason: DeadLetterReason; detail: string };

/** The checks every JSON input shares: size, UTF-8, JSON, an object (not null, an array or a scalar). */
export function parseJsonObject(payload: Buffer, maxPayloadBytes: number): JsonObjectResult {
  if (payload.length > maxPayloadBytes) return { ok: false, reason: 'too_large', detail: `payload is ${payload.length} bytes; the limit is ${maxPayloadBytes}` };
  if (!isUtf8(payload)) return { ok: false, reason: 'invalid_utf8', detail: 'payload is not valid UTF-8' };
  const text = payload.toString('utf8');
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (err) {
    return { ok: false, reason: 'invalid_json', detail: (err as Error).message };
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return { ok: false, reason: 'not_object', detail: `expected a JSON object, got ${body === null ? 'null' : Array.isArray(body) ? 'an array' : typeof body}` };
  }
  return { ok: true, body: body as Record<string, unknown>, text };
}

export type Decoder = (topic: string, payload: Buffer, receivedAt: number) => DecodeResult;

export function createJsonDecoder(pipeline: PipelineConfig, opts: DecoderOptions): Decoder {
  const fields = Object.keys(pipeline.features);
  const { key: keySource, time, id: idPath } = pipeline.source;
  const fail = (reason: DeadLetterReason, detail: string): DecodeResult => ({ ok: false, reason, detail });
  const topicKeys = new Map<string, string | undefined>();
  // More cached topics than keys buys no hits (their state is evicted anyway) and is what a flood of ids would fill.
  const cacheLimit = Math.min(TOPIC_CACHE_LIMIT, opts.maxKeys ?? TOPIC_CACHE_LIMIT);
  const keyOfTopic = (topic: string, level: number): string | undefined => {
    let key = topicKeys.get(topic);
    if (key === undefined && !topicKeys.has(topic)) {
      key = topic.split('/')[level];
      if (topicKeys.size >= cacheLimit) topicKeys.clear();
      topicKeys.set(topic, key);
    }
    return key;
  };

  return (topic, payload, receivedAt) => {
    const parsed = parseJsonObject(payload, opts.maxPayloadBytes);
    if (!parsed.ok) return parsed;
    const { body: obj, text } = parsed;

    const rawKey = keySource.kind === 'topic' ? keyOfTopic(topic, keySource.level) : readPath(obj, keySource.path);
    if (rawKey === undefined || rawKey === '') return fail('missing_key', `no device key at ${pipeline.spec.source.key}`);
    if (typeof rawKey !== 'string' && typeof rawKey !== 'number') return fail('bad_key', 'the device key must be a string or number');
    const key = String(rawKey);
    if (key.length > MAX_KEY_LENGTH || /[/+#\u0000]/.test(key)) {
      return fail('bad_key', `the device key must be ≤ ${MAX_KEY_LENGTH} characters without / + # or NUL`);
    }

    let ts: number;
    if (time === 'arrival') ts = receivedAt;
    else {
      const rawTs = readPath(obj, time);
      if (rawTs === undefined) return fail('missing_timestamp', `no event time at ${pipeline.spec.source.time}`);
      const parsed = parseEventTime(rawTs);
      if (parsed === undefined) {
        return fail('bad_timestamp', `event time ${JSON.stringify(rawTs).slice(0, 64)} is not epoch ms, epoch s or ISO 8601`);
      }
      ts = parsed;
    }

    // filter and transform (src/stream/prestage.ts) see the whole body; features read what they leave
    let fieldsOf: Record<string, unknown> = obj;
    if (pipeline.prestage) {
      const r = pipeline.prestage.apply(obj, { key, ts, topic });
      if (r.kind === 'filtered') return { ok: false, reason: 'filtered', detail: 'the filter is not true' };
      if (r.kind === 'bad') return fail('bad_transform', r.detail);
      fieldsOf = r.body;
    }

    const values: Record<string, EventValue> = {};
    let numeric = 0;
    for (const field of fields) {
      if (!Object.hasOwn(fieldsOf, field)) continue;
      const v = fieldsOf[field];
      if (typeof v === 'number') {
        if (!Number.isFinite(v)) return fail('non_finite', `${field} is ${v}`);
        values[field] = v;
        numeric++;
      } else if (typeof v === 'string' && /^[+-]?(NaN|Infinity|inf)$/i.test(v)) {
        return fail('non_finite', `${field} is ${v}`);
      } else if (v !== null) {
        return fail('bad_type', `${field} must be a number, got ${typeof v}`);
      }
    }
    if (numeric === 0) return fail('no_numeric_field', `none of ${fields.join(', ')} is a number`);

    const rawId = readPath(obj, idPath);
    const id = typeof rawId === 'string' || typeof rawId === 'number' ? String(rawId) : hashId(key, ts, text);
    return { ok: true, event: { id, key, ts, stream: pipeline.name, values, receivedAt }, text };
  };
}
