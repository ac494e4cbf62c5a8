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
}

const MAX_KEY_LENGTH = 128;
/** Topics whose key was already read; a device publishes on one topic, so this saves a split per message. */
const TOPIC_CACHE_LIMIT = 100_000;

export type Decoder = (topic: string, payload: Buffer, receivedAt: number) => DecodeResult;

export function createJsonDecoder(pipeline: PipelineConfig, opts: DecoderOptions): Decoder {
  const fields = Object.keys(pipeline.features);
  const { key: keySource, time, id: idPath } = pipeline.source;
  const fail = (reason: DeadLetterReason, detail: string): DecodeResult => ({ ok: false, reason, detail });
  const topicKeys = new Map<string, string | undefined>();
  const keyOfTopic = (topic: string, level: number): string | undefined => {
    let key = topicKeys.get(topic);
    if (key === undefined && !topicKeys.has(topic)) {
      key = topic.split('/')[level];
      if (topicKeys.size >= TOPIC_CACHE_LIMIT) topicKeys.clear();
      topicKeys.set(topic, key);
    }
    return key;
  };

  return (topic, payload, receivedAt) => {
    if (payload.length > opts.maxPayloadBytes) {
      return fail('too_large', `payload is ${payload.length} bytes; the limit is ${opts.maxPayloadBytes}`);
    }
    if (!isUtf8(payload)) return fail('invalid_utf8', 'payload is not valid UTF-8');
    const text = payload.toString('utf8');
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (err) {
      return fail('invalid_json', (err as Error).message);
    }
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      return fail('not_object', `expected a JSON object, got ${body === null ? 'null' : Array.isArray(body) ? 'an array' : typeof body}`);
    }
    const obj = body as Record<string, unknown>;

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
