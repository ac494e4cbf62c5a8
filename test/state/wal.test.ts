/** Write-ahead log: group commits, reopen and replay, torn tails cut, segments dropped once covered. */

import { appendFileSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { openWal } from '../../src/state/wal.ts';

const dirOf = (): string => mkdtempSync(join(tmpdir(), 'ss-wal-'));
const segments = (dir: string): string[] => readdirSync(dir).filter((n) => n.endsWith('.log')).sort();

test('appends in one turn go to disk as one group; durable follows; reopening returns every record', async () => {
  const dir = dirOf();
  const { wal, records } = openWal({ dir, segmentBytes: 1 << 20, fsync: true });
  assert.is(records.length, 0);
  const seen: number[] = [];
  wal.onDurable((d) => seen.push(d));
  for (let i = 0; i < 100; i++) wal.append(`d/${i % 3}/t`, Buffer.from(JSON.stringify({ i })), 1000 + i);
  assert.is(wal.appended, 100);
  assert.is(wal.durable, 0, 'nothing is durable before the group commit');
  await wal.flush();
  assert.is(wal.durable, 100);
  assert.equal(seen, [100], 'one group commit for the whole turn');
  assert.is(wal.stats.groups, 1);
  wal.append('d/x/t', Buffer.from('é'), 5);
  await wal.close();

  const again = openWal({ dir, segmentBytes: 1 << 20, fsync: true });
  assert.is(again.records.length, 101);
  assert.equal(again.records[7], { seq: 8, receivedAt: 1007, topic: 'd/1/t', payload: Buffer.from('{"i":7}') });
  assert.equal(again.records[100]!.payload.toString(), 'é');
  assert.is(again.wal.appended, 101, 'numbering continues');
  assert.is(again.wal.append('a', Buffer.alloc(0), 0), 102);
  await again.wal.close();
});

test('a torn tail (crash mid-write) is cut on open; the intact prefix survives', async () => {
  const dir = dirOf();
  const { wal } = openWal({ dir, segmentBytes: 1 << 20, fsync: false });
  for (let i = 0; i < 10; i++) wal.append('t', Buffer.from(`m${i}`), i);
  await wal.close();
  const file = join(dir, segments(dir)[0]!);
  const intact = statSync(file).size;
  appendFileSync(file, Buffer.from([40, 0, 0, 0, 1, 2, 3, 4, 5])); // a header promising 40 bytes, then 5
  const { wal: reopened, records } = openWal({ dir, segmentBytes: 1 << 20, fsync: false });
  assert.is(records.length, 10);
  assert.is(reopened.stats.tornBytes, 9);
  assert.is(statSync(file).size, intact, 'cut back to the intact prefix');
  await reopened.close();
});

test('a record whose checksum fails ends the readable prefix', async () => {
  const dir = dirOf();
  const { wal } = openWal({ dir, segmentBytes: 1 << 20, fsync: false });
  for (let i = 0; i < 3; i++) wal.append('t', Buffer.from('abc'), i);
  await wal.close();
  const file = join(dir, segments(dir)[0]!);
  const { readFileSync, writeFileSync } = await import('node:fs');
  const data = readFileSync(file);
  data.writeUInt8(data.readUInt8(data.length - 1) ^ 0xff, data.length - 1); // flip a payload byte of the last record
  writeFileSync(file, data);
  assert.equal(openWal({ dir, segmentBytes: 1 << 20, fsync: false }).records.map((r) => r.seq), [1, 2]);
});

test('segments rotate at their size; dropThrough deletes only segments wholly covered', async () => {
  const dir = dirOf();
  const { wal } = openWal({ dir, segmentBytes: 200, fsync: false });
  const payload = Buffer.alloc(50, 1); // 77 bytes a record: a segment closes after 3
  for (let i = 0; i < 10; i++) {
    wal.append('t', payload, i);
    await wal.flush(); // one group each, so segments close at their size
  }
  assert.equal(segments(dir), ['wal-0000000000000001.log', 'wal-0000000000000004.log', 'wal-0000000000000007.log', 'wal-0000000000000010.log']);
  const before = wal.bytes;
  await wal.dropThrough(5); // 1–3 go; 4–6 hold 6 > 5 and stay
  assert.equal(segments(dir), ['wal-0000000000000004.log', 'wal-0000000000000007.log', 'wal-0000000000000010.log']);
  assert.is(wal.bytes, before - 3 * 77);
  await wal.dropThrough(10); // everything covered, the open segment too
  assert.equal(segments(dir), []);
  assert.is(wal.bytes, 0);
  assert.is(wal.append('t', payload, 0), 11);
  await wal.close();
  assert.equal(openWal({ dir, segmentBytes: 200, fsync: false }).records.map((r) => r.seq), [11]);
});

test('numbering continues above the snapshot position when the log is empty', () => {
  const { wal } = openWal({ dir: dirOf(), segmentBytes: 1 << 20, fsync: false, minSeq: 500 });
  assert.is(wal.append('t', Buffer.alloc(1), 0), 501);
});

test.run();
