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
 * FNV-1a 64-bit over UTF-16 code units, as 16 hex chars. Not cryptographic: ids only need to be
 * stable and collision-poor, and this runs once per event on the hot path.
 */
export function hashId(...parts: Array<string | number>): string {
  let h1 = 0x84222325, h2 = 0xcbf29ce4; // low and high halves of the FNV-1a 64-bit offset basis
  for (const part of parts) {
    const s = typeof part === 'number' ? String(part) : part;
    for (let i = 0; i <= s.length; i++) {
      const c = i === s.length ? 0x1f : s.charCodeAt(i); // 0x1f separates parts: ("ab","c") ≠ ("a","bc")
      h1 ^= c;
      // multiply (h2:h1) by the FNV prime 0x100000001b3 in 32-bit halves
      const lo = h1 * 0x1b3;
      const hi = h2 * 0x1b3 + h1 * 0x100 + Math.floor(lo / 0x100000000);
      h1 = lo >>> 0;
      h2 = hi >>> 0;
    }
  }
  return h2.toString(16).padStart(8, '0') + h1.toString(16).padStart(8, '0');
}
