/** Dead-letter records: a rejected message keeps its original topic and payload, with a coded reason. */

export type DeadLetterReason =
  | 'too_large'
  | 'invalid_utf8'
  | 'invalid_json'
  | 'not_object'
  | 'missing_key'
  | 'bad_key'
  | 'missing_timestamp'
  | 'bad_timestamp'
  | 'non_finite'
  | 'bad_type'
  | 'no_numeric_field'
  | 'out_of_order'
  | 'late'
  | 'future'
  | 'window_full'
  | 'overload'
  | 'bad_label'
  /** The pipeline's filter or transform failed on this event (detail names the field). */
  | 'bad_transform'
  // pattern rules (src/rules): a template that failed on a result, a webhook queue that was full or gave up
  | 'render_failed'
  | 'queue_full'
  | 'webhook_failed';

export interface DeadLetter {
  reason: DeadLetterReason;
  /** Human-readable detail: which field, which limit. */
  detail: string;
  pipeline: string;
  topic: string;
  /** The original payload: UTF-8 text when it decodes, else base64 (see `encoding`). */
  payload: string;
  encoding: 'utf8' | 'base64';
  receivedAt: number;
}

export function deadLetterTopic(reason: DeadLetterReason): string {
  return `streamscore/deadletter/${reason}`;
}

export function makeDeadLetter(
  reason: DeadLetterReason,
  detail: string,
  msg: { pipeline: string; topic: string; payload: Buffer; receivedAt: number },
): DeadLetter {
  const text = decodeUtf8(msg.payload);
  return {
    reason,
    detail,
    pipeline: msg.pipeline,
    topic: msg.topic,
    payload: text ?? msg.payload.toString('base64'),
    encoding: text === undefined ? 'base64' : 'utf8',
    receivedAt: msg.receivedAt,
  };
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

export function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
}
