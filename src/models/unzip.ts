/**
 * A zip reader for uploads that cannot be turned into a zip bomb: sizes are read from the central
 * directory and summed before anything is inflated, and each entry is inflated with a hard output
 * cap equal to its declared size (node:zlib `maxOutputLength`), so an entry whose header lies stops
 * after that many bytes instead of filling memory. Sizes and CRC-32 must then match the directory.
 * Format: PKWARE APPNOTE.TXT 6.3.x, §4.3 (stored and deflated entries; no ZIP64, no encryption).
 */

import { crc32, inflateRawSync } from 'node:zlib';
import { AppError } from '../errors.ts';

export interface UnzipOptions {
  /** Largest sum of the entries' sizes (limits.maxModelBytes). */
  maxBytes: number;
  /** Whether to keep an entry (by name); entries not kept are neither inflated nor counted. */
  keep(name: string): boolean;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

const invalid = (why: string): AppError => new AppError('MODEL_INVALID', `not a readable zip archive: ${why}`);

interface Entry {
  name: string;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

/** The kept entries by name. Refuses (4xx) archives it cannot read safely, naming what to change. */
export function unzipBounded(bytes: Uint8Array, opts: UnzipOptions): Map<string, Uint8Array> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (at: number): number => (at + 2 <= bytes.length ? view.getUint16(at, true) : fail('truncated'));
  const u32 = (at: number): number => (at + 4 <= bytes.length ? view.getUint32(at, true) : fail('truncated'));
  const fail = (why: string): never => {
    throw invalid(why);
  };

  // §4.3.16: the end-of-central-directory record sits in the last 22 + 65535 (comment) bytes.
  let eocd = -1;
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 65535); at--) {
    if (view.getUint32(at, true) === EOCD) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) fail('no end-of-central-directory record');
  const count = u16(eocd + 10);
  const directoryAt = u32(eocd + 16);
  if (count === 0xffff || directoryAt === 0xffffffff) fail('ZIP64 archives are not read; models that large exceed limits.maxModelBytes anyway');

  const entries: Entry[] = [];
  let total = 0;
  for (let i = 0, at = directoryAt; i < count; i++) {
    if (u32(at) !== CENTRAL) fail(`central directory entry ${i} is damaged`);
    const flags = u16(at + 8);
    const nameLength = u16(at + 28);
    if (at + 46 + nameLength > bytes.length) fail('truncated');
    const name = new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength));
    const entry: Entry = { name, method: u16(at + 10), crc: u32(at + 16), compressedSize: u32(at + 20), size: u32(at + 24), localOffset: u32(at + 42) };
    at += 46 + nameLength + u16(at + 30) + u16(at + 32);
    if (!opts.keep(name)) continue;
    if (flags & 1) throw new AppError('MODEL_INVALID', `zip entry "${name.slice(0, 80)}" is encrypted; zip the model without a password`);
    if (entry.method !== 0 && entry.method !== 8) throw new AppError('MODEL_INVALID', `zip entry "${name.slice(0, 80)}" uses compression method ${entry.method}; use deflate (the default of zip tools) or store`);
    total += entry.size;
    if (total > opts.maxBytes) throw new AppError('MODEL_TOO_LARGE', `the zip expands to more than ${opts.maxBytes} bytes (limits.maxModelBytes)`);
    entries.push(entry);
  }

  const files = new Map<string, Uint8Array>();
  for (const e of entries) {
    if (files.has(e.name)) throw new AppError('BAD_REQUEST', `the zip holds "${e.name.slice(0, 80)}" twice; keep one`);
    const local = e.localOffset;
    if (u32(local) !== LOCAL) fail(`the local header of "${e.name.slice(0, 80)}" is missing`);
    const start = local + 30 + u16(local + 26) + u16(local + 28);
    if (start + e.compressedSize > bytes.length) fail(`"${e.name.slice(0, 80)}" is truncated`);
    const data = bytes.subarray(start, start + e.compressedSize);
    files.set(e.name, e.method === 0 ? data : inflateCapped(data, e));
    const out = files.get(e.name)!;
    if (out.length !== e.size) fail(`"${e.name.slice(0, 80)}" holds ${out.length} bytes, its header says ${e.size}`);
    if (crc32(out) !== e.crc) fail(`"${e.name.slice(0, 80)}" fails its CRC-32 check (damaged in transfer?)`);
  }
  return files;
}

function inflateCapped(data: Uint8Array, e: Entry): Uint8Array {
  try {
    return new Uint8Array(inflateRawSync(data, { maxOutputLength: Math.max(1, e.size) }));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new AppError('MODEL_TOO_LARGE', `zip entry "${e.name.slice(0, 80)}" inflates beyond the ${e.size} bytes its header declares (a zip bomb?); zip the model again with a standard tool`);
    }
    throw invalid(`"${e.name.slice(0, 80)}" does not inflate: ${(err as Error).message}`);
  }
}
