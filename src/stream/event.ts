/** The Event contract every operator consumes, and its deterministic id. */

export type EventValue = number | string | boolean;

/** One decoded device event. `ts` is event time (device clock, epoch ms). */
export interface Event {
  /** Payload `id`, or a hash of (key, ts, body) so a redelivered message keeps its id. */
  id: string;
  /** Partition key: the device. */
  key: string;
  /** Event time, epoch milliseconds. */
  ts: number;
  /** Logical stream (the pipeline source) the event came in on. */
  stream: string;
  values: Record<string, EventValue>;
  /** Processing time at ingest, epoch milliseconds. */
  receivedAt: number;
}

/**
 * A 64-bit id as 16 hex chars: two 32-bit FNV-1a lanes with different offset bases, each finished
 * with a murmur3-style avalanche. Not cryptographic: ids only need to be stable and collision-poor,
 * and this runs once per event on the hot path (Math.imul keeps it in integer arithmetic).
 */
export function hashId(...parts: Array<string | number>): string {
  let a = 0x811c9dc5;
  let b = 0x050c5d1f;
  for (let p = 0; p < parts.length; p++) {
    const part = parts[p]!;
    const s = typeof part === 'number' ? String(part) : part;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x01000193) ^ (b >>> 15);
    }
    a = Math.imul(a ^ 0x1f, 0x01000193); // separator: ("ab","c") ≠ ("a","bc")
    b = Math.imul(b ^ 0x1f, 0x01000193);
  }
  return hex(avalanche(a)) + hex(avalanche(b ^ a));
}

function avalanche(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function hex(n: number): string {
  return n.toString(16).padStart(8, '0');
}
