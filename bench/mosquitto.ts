/**
 * A bench-owned Mosquitto on a free 127.0.0.1 port. The system instance keeps the defaults (1000
 * queued, 20 in flight per client) and silently drops QoS 1 messages under load, which would make
 * the broker, not the service, decide the figures; this one queues without limit and keeps no state.
 */

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Mosquitto {
  readonly url: string;
  readonly pid: number;
  stop(): Promise<void>;
}

const CANDIDATES = [process.env.MOSQUITTO_BIN, '/usr/sbin/mosquitto', '/usr/local/sbin/mosquitto', '/usr/bin/mosquitto', '/opt/homebrew/sbin/mosquitto'];

export function findMosquitto(): string | undefined {
  return CANDIDATES.find((p): p is string => p !== undefined && existsSync(p));
}

/** A port the kernel just handed out on 127.0.0.1; free unless someone grabs it in between. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== 'object' || !address) throw new Error('no port from the kernel');
  return address.port;
}

async function accepting(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * `port`: listen there (a restart on the same port); `persistDir`: keep sessions and queued QoS 1
 * messages on disk there across restarts (the caller owns and removes it); `maxInflight`: QoS 1
 * messages sent to a client before its PUBACKs (0, the default here: no limit).
 */
export async function startMosquitto(bin: string, opts: { port?: number; persistDir?: string; maxInflight?: number } = {}): Promise<Mosquitto> {
  const dir = await mkdtemp(join(tmpdir(), 'streamscore-bench-mosquitto-'));
  const port = opts.port ?? (await freePort());
  const confPath = join(dir, 'mosquitto.conf');
  await writeFile(
    confPath,
    [
      `listener ${port} 127.0.0.1`,
      'allow_anonymous true',
      ...(opts.persistDir ? ['persistence true', `persistence_location ${opts.persistDir}/`, 'autosave_interval 1'] : ['persistence false']),
      // 0 = no limit: a QoS 1 message is queued, never dropped, however far a subscriber lags.
      'max_queued_messages 0',
      `max_inflight_messages ${opts.maxInflight ?? 0}`,
      'log_dest stderr',
      'log_type error',
      '',
    ].join('\n'),
  );
  const child: ChildProcess = spawn(bin, ['-c', confPath], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // If the bench dies before stop(), do not leave a broker behind.
  const killOnExit = (): void => {
    child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);

  const stop = async (): Promise<void> => {
    process.off('exit', killOnExit);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
      await exited;
      clearTimeout(timer);
    }
    await rm(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + 5000;
  while (!(await accepting(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`mosquitto did not start on 127.0.0.1:${port}: ${stderr.trim() || `exit code ${child.exitCode}`}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { url: `mqtt://127.0.0.1:${port}`, pid: child.pid ?? -1, stop };
}
