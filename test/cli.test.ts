/** The `streamscore` command as a user runs it: --help, a taken broker port, a bad config file. */

import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readConfigFile, resolveConfig } from '../src/config/load.ts';
import { DEMO_CONFIG } from '../src/config/demo.ts';

const BIN = new URL('../bin/streamscore.js', import.meta.url).pathname;

function runCli(args: string[], timeoutMs = 20_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, LOG_LEVEL: 'warn' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

test('--help lists the flags', async () => {
  const r = await runCli(['--help']);
  assert.is(r.code, 0);
  for (const flag of ['--mqtt-url', '--broker-port', '--http-port', '--config', '--data-dir']) assert.ok(r.stdout.includes(flag), flag);
});

test('a taken broker port exits with a message naming --mqtt-url and --broker-port', async () => {
  const blocker = createServer();
  await new Promise<void>((r) => blocker.listen(0, '0.0.0.0', r));
  const port = (blocker.address() as { port: number }).port;
  try {
    const r = await runCli(['--broker-port', String(port), '--http-port', '0', '--data-dir', mkdtempSync(join(tmpdir(), 'ss-cli-'))]);
    assert.is(r.code, 1);
    assert.match(r.stderr, `port ${port} is already in use`);
    assert.match(r.stderr, `--mqtt-url mqtt://127.0.0.1:${port}`);
    assert.match(r.stderr, '--broker-port');
  } finally {
    blocker.close();
  }
});

test('streamscore passwd adds a user with a scrypt hash from piped stdin; a bad users file stops the start naming the line', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ss-cli-'));
  const users = join(dir, 'users');
  const child = spawn(process.execPath, [BIN, 'passwd', users, 'pump-7']);
  child.stdin.end('a-device-password\n');
  const code = await new Promise((resolve) => child.on('exit', resolve));
  assert.is(code, 0);
  const line = readFileSync(users, 'utf8');
  assert.match(line, /^pump-7:\$scrypt\$ln=14,r=8,p=1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+\n$/);
  assert.not.match(line, /a-device-password/);
  writeFileSync(users, `${line}pump-8:hunter2\n`);
  const r = await runCli(['--broker-users', users, '--broker-port', '0', '--http-port', '0', '--data-dir', dir]);
  assert.is(r.code, 1);
  assert.match(r.stderr, `mqtt.brokerUsers: ${users} line 2: the hash of "pump-8" is not a $scrypt$ PHC string`);
  assert.not.match(r.stderr, 'hunter2');
});

test('a bad config file exits 1 and names the field', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ss-cli-'));
  const file = join(dir, 'bad.yaml');
  writeFileSync(file, 'pipelines:\n  - name: p\n    source: { topic: "d/+/t" }\n    window: { type: sliding, size: 10s, every: 1m }\n    features: { x: [mean] }\n    model: { name: m }\n');
  const r = await runCli(['--config', file, '--http-port', '0']);
  assert.is(r.code, 1);
  assert.match(r.stderr, 'pipelines[0].window.every: must be lower than size (10s)');
});

test('config/demo.yaml is the built-in demo config', async () => {
  const file = new URL('../config/demo.yaml', import.meta.url).pathname;
  assert.equal(resolveConfig(await readConfigFile(file)).pipelines, resolveConfig(DEMO_CONFIG).pipelines);
});

test.run();
