/**
 * Write-ahead log of accepted MQTT messages (topic, payload, arrival time), so a PUBACK can be sent
 * as soon as the message is on disk rather than when the next snapshot covers it. Appends made in
 * one event-loop turn are written and fsynced together (group commit: one write + one fdatasync per
 * group, as in the PostgreSQL/InnoDB commit path). Segment files `wal-<first seq>.log` are dropped
 * whole once a durable snapshot covers every record in them; a torn tail (crash mid-write) fails
 * its length or CRC-32 check and is cut off on open — its messages were never acknowledged.
 *
 * Record: u32 body length, u32 crc32(body), body = f64 seq, f64 receivedAt, u16 topic bytes, topic, payload.
 */

import { readdirSync, readFileSync, statSync, truncateSync, unlinkSync, mkdirSync } from 'node:fs';
import { open, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { syncDir } from './fsync.ts';

export interface WalRecord {
  seq: number;
  receivedAt: number;
  topic: string;
  payload: Buffer;
}

export interface WalOptions {
  dir: string;
  /** A segment is closed once it reaches this size; only closed segments can be dropped. */
  segmentBytes: number;
  /** false: write without fdatasync (survives a process crash, not a power loss). */
  fsync: boolean;
  /** Numbers continue above this even when no segment is left (the newest snapshot's position). */
  minSeq?: number;
  onError?(err: Error): void;
}

export interface WalStats {
  appends: number;
  /** Group commits: one write and (with fsync) one fdatasync each. */
  groups: number;
  segmentsDropped: number;
  /** Bytes cut from a torn tail on open. */
  tornBytes: number;
}

export interface Wal {
  /** Sequence number of the newest appended record (0: none ever). */
  readonly appended: number;
  /** Every record up to this number is on disk. */
  readonly durable: number;
  /** Bytes in segment files plus bytes waiting for the next group commit. */
  readonly bytes: number;
  readonly stats: WalStats;
  append(topic: string, payload: Buffer, receivedAt: number): number;
  /** Called after each group commit with the new `durable`. */
  onDurable(listener: (durable: number) => void): void;
  /** Resolves once everything appended so far is durable. */
  flush(): Promise<void>;
  /** Deletes every closed segment whose records are all ≤ `seq`; closes the open one first when it qualifies. */
  dropThrough(seq: number): Promise<void>;
  close(): Promise<void>;
}

interface Segment {
  path: string;
  first: number;
  last: number;
  bytes: number;
}

const HEADER = 8;
const FIXED = 18; // seq, receivedAt, topic length
/** Starting size of each of the two group buffers (they grow to the largest group). */
const GROUP_BYTES = 64 << 10;
const NAME = /^wal-(\d{16})\.log$/;

/** Opens (creating) the log in `dir` and returns it with every intact record on disk, oldest first. */
export function openWal(opts: WalOptions): { wal: Wal; records: WalRecord[] } {
  mkdirSync(opts.dir, { recursive: true });
  const stats: WalStats = { appends: 0, groups: 0, segmentsDropped: 0, tornBytes: 0 };
  const segments: Segment[] = [];
  const records: WalRecord[] = [];
  const names = readdirSync(opts.dir).filter((n) => NAME.test(n)).sort();
  names.forEach((name, i) => {
    const path = join(opts.dir, name);
    const { records: found, validBytes, size } = readSegment(path);
    if (validBytes < size) {
      // Only the newest segment can be torn by a crash; an older one is damaged, and its rest unreadable.
      if (i === names.length - 1) truncateSync(path, validBytes);
      stats.tornBytes += size - validBytes;
      if (i < names.length - 1) opts.onError?.(new Error(`${path}: ${size - validBytes} bytes fail their check and are skipped`));
    }
    if (found.length === 0) {
      unlinkSync(path);
      return;
    }
    segments.push({ path, first: found[0]!.seq, last: found[found.length - 1]!.seq, bytes: validBytes });
    for (const r of found) records.push(r);
  });

  let appended = Math.max(opts.minSeq ?? 0, segments.at(-1)?.last ?? 0);
  let durable = appended;
  // Records of the next group go back to back into `pending`; while a group is written from one
  // buffer the next fills the other, so an append costs no allocation and a group no concat copy.
  let pending = Buffer.allocUnsafe(GROUP_BYTES);
  let spare = Buffer.allocUnsafe(GROUP_BYTES);
  let pendingBytes = 0;
  let pendingFirst = 0;
  let fileBytes = segments.reduce((a, s) => a + s.bytes, 0);
  let active: { handle: FileHandle; segment: Segment } | undefined;
  let writing: Promise<void> | undefined;
  let scheduled = false;
  const listeners: Array<(durable: number) => void> = [];

  async function writeGroup(): Promise<void> {
    while (pendingBytes > 0) {
      const written = pending;
      const chunk = written.subarray(0, pendingBytes);
      const first = pendingFirst;
      const last = appended;
      pending = spare;
      spare = written; // reused only by the next turn of this loop, after the write below
      pendingBytes = 0;
      if (!active) {
        const segment: Segment = { path: join(opts.dir, `wal-${String(first).padStart(16, '0')}.log`), first, last: first - 1, bytes: 0 };
        active = { handle: await open(segment.path, 'a'), segment };
        segments.push(segment);
        if (opts.fsync) await syncDir(opts.dir); // the new file's directory entry must survive a power loss too
      }
      await active.handle.write(chunk);
      if (opts.fsync) await active.handle.datasync();
      active.segment.last = last;
      active.segment.bytes += chunk.length;
      fileBytes += chunk.length;
      stats.groups++;
      durable = last;
      for (const l of listeners) l(durable);
      if (active.segment.bytes >= opts.segmentBytes) await closeActive();
    }
  }

  async function closeActive(): Promise<void> {
    const a = active;
    active = undefined;
    await a?.handle.close();
  }

  function run(): Promise<void> {
    if (!writing) {
      writing = writeGroup()
        .catch((err: Error) => {
          opts.onError?.(err);
          // Nothing acknowledged depends on the failed group: its PUBACKs wait, the broker keeps the messages.
        })
        .finally(() => {
          writing = undefined;
          if (pendingBytes > 0) schedule();
        });
    }
    return writing;
  }

  function schedule(): void {
    if (scheduled) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      void run();
    });
  }

  const wal: Wal = {
    get appended() {
      return appended;
    },
    get durable() {
      return durable;
    },
    get bytes() {
      return fileBytes + pendingBytes;
    },
    stats,
    append(topic, payload, receivedAt) {
      const seq = ++appended;
      const topicBytes = Buffer.byteLength(topic);
      const size = HEADER + FIXED + topicBytes + payload.length;
      if (pendingBytes + size > pending.length) {
        const grown = Buffer.allocUnsafe(Math.max(2 * pending.length, pendingBytes + size));
        pending.copy(grown, 0, 0, pendingBytes);
        pending = grown;
      }
      const at = pendingBytes;
      const buf = pending;
      buf.writeDoubleLE(seq, at + HEADER);
      buf.writeDoubleLE(receivedAt, at + HEADER + 8);
      buf.writeUInt16LE(topicBytes, at + HEADER + 16);
      buf.write(topic, at + HEADER + FIXED, 'utf8');
      payload.copy(buf, at + HEADER + FIXED + topicBytes);
      buf.writeUInt32LE(size - HEADER, at);
      buf.writeUInt32LE(crc32(buf.subarray(at + HEADER, at + size)), at + 4);
      if (pendingBytes === 0) pendingFirst = seq;
      pendingBytes += size;
      stats.appends++;
      schedule();
      return seq;
    },
    onDurable(listener) {
      listeners.push(listener);
    },
    async flush() {
      while (durable < appended) {
        const before = durable;
        await run();
        if (durable === before && !writing && pendingBytes === 0) break; // a failed write: reported already
      }
    },
    async dropThrough(seq) {
      await writing;
      if (active && active.segment.last <= seq && pendingBytes === 0) await closeActive();
      for (const s of [...segments]) {
        if (s.last > seq || active?.segment === s) continue;
        await unlink(s.path).catch((err: NodeJS.ErrnoException) => {
          if (err.code !== 'ENOENT') throw err;
        });
        segments.splice(segments.indexOf(s), 1);
        fileBytes -= s.bytes;
        stats.segmentsDropped++;
      }
    },
    async close() {
      await wal.flush();
      await closeActive();
    },
  };
  return { wal, records };
}

/** Every intact record of one segment and where the intact prefix ends. */
function readSegment(path: string): { records: WalRecord[]; validBytes: number; size: number } {
  const size = statSync(path).size;
  const data = readFileSync(path);
  const records: WalRecord[] = [];
  let at = 0;
  while (at + HEADER + FIXED <= data.length) {
    const len = data.readUInt32LE(at);
    if (len < FIXED || at + HEADER + len > data.length) break;
    const body = data.subarray(at + HEADER, at + HEADER + len);
    if (crc32(body) !== data.readUInt32LE(at + 4)) break;
    const topicBytes = body.readUInt16LE(16);
    if (FIXED + topicBytes > len) break;
    records.push({
      seq: body.readDoubleLE(0),
      receivedAt: body.readDoubleLE(8),
      topic: body.toString('utf8', FIXED, FIXED + topicBytes),
      payload: Buffer.from(body.subarray(FIXED + topicBytes)),
    });
    at += HEADER + len;
  }
  return { records, validBytes: at, size };
}
