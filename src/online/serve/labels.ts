/**
 * Label messages, as they come over MQTT (`labels/<key>/<pipeline>`) or `POST /v1/labels`:
 * `{ id, label }` (the score event id) or `{ key, eventTime | windowEnd, label }`; several at once
 * as a JSON array. Parsing says what to fix; it never throws.
 */

import type { ClassLabel } from '../learn/types.ts';
import type { LabelRef } from './join.ts';

export interface LabelMessage {
  ref: LabelRef;
  label: ClassLabel;
}

const EXAMPLE = 'send {"id": "<score id>", "label": true} or {"key": "pump-7", "windowEnd": 1767225600000, "label": true}';

/** Epoch ms from a number or an ISO 8601 string. */
function time(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string' && /^\d{4}-\d\d-\d\d/.test(v)) {
    const t = Date.parse(v);
    return Number.isNaN(t) ? undefined : t;
  }
  return undefined;
}

/**
 * One label object; `key` falls back to `topicKey` (the label topic's `+` level). `task` decides
 * what a label may be: a finite number for regression, a string, number or boolean for classes.
 */
export function parseLabel(v: unknown, opts: { task: 'classification' | 'regression'; topicKey?: string }): LabelMessage | string {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return `a label must be a JSON object; ${EXAMPLE}`;
  const o = v as Record<string, unknown>;
  const label = o.label;
  if (label === undefined) return `label: missing; ${EXAMPLE}`;
  if (opts.task === 'regression' && (typeof label !== 'number' || !Number.isFinite(label))) return `label: a regression label is a finite number (got ${JSON.stringify(label)})`;
  if (typeof label !== 'string' && typeof label !== 'boolean' && !(typeof label === 'number' && Number.isFinite(label))) {
    return `label: a class label is a string, number or boolean (got ${JSON.stringify(label)})`;
  }
  if (o.id !== undefined) {
    if (typeof o.id !== 'string' || o.id.length === 0 || o.id.length > 128) return 'id: the score event id is a non-empty string of at most 128 characters';
    return { ref: { id: o.id }, label };
  }
  const key = o.key ?? opts.topicKey;
  if (typeof key !== 'string' || key.length === 0) return `key: missing; name the score event id, or the key and windowEnd or eventTime; ${EXAMPLE}`;
  if (o.windowEnd !== undefined) {
    const windowEnd = time(o.windowEnd);
    return windowEnd === undefined ? 'windowEnd: epoch milliseconds or an ISO 8601 time' : { ref: { key, windowEnd }, label };
  }
  if (o.eventTime !== undefined) {
    const eventTime = time(o.eventTime);
    return eventTime === undefined ? 'eventTime: epoch milliseconds or an ISO 8601 time' : { ref: { key, eventTime }, label };
  }
  return `windowEnd or eventTime: missing; a label names the score event id, or the key and a time; ${EXAMPLE}`;
}

/** The key a label topic carries: the level under the filter's first `+`, if any. */
export function topicKey(filter: string, topic: string): string | undefined {
  const level = filter.split('/').indexOf('+');
  return level < 0 ? undefined : topic.split('/')[level];
}

/** An MQTT label payload: one object or an array of them. Returns the labels and per-item problems. */
export function parseLabelPayload(payload: Buffer, opts: { task: 'classification' | 'regression'; topicKey?: string }): { labels: LabelMessage[]; problems: string[] } {
  let body: unknown;
  try {
    body = JSON.parse(payload.toString('utf8'));
  } catch {
    return { labels: [], problems: [`not JSON; ${EXAMPLE}`] };
  }
  const items = Array.isArray(body) ? body : [body];
  const labels: LabelMessage[] = [];
  const problems: string[] = [];
  items.forEach((item, i) => {
    const parsed = parseLabel(item, opts);
    if (typeof parsed === 'string') problems.push(Array.isArray(body) ? `[${i}].${parsed}` : parsed);
    else labels.push(parsed);
  });
  return { labels, problems };
}
