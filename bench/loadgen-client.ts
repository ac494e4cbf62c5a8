/** Starts the load-generator process (bench/loadgen.ts) and calls it; every call has a deadline. */

import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Reply, Request } from './loadgen-protocol.ts';

export interface LoadGen {
  call<T>(req: Request, timeoutMs?: number): Promise<T>;
  close(): Promise<void>;
}

export function startLoadGen(): LoadGen {
  // Same execArgv as ours: under tsx that carries its loader, so the child runs TypeScript too.
  const child: ChildProcess = fork(fileURLToPath(new URL('./loadgen.ts', import.meta.url)), [], {
    execArgv: process.execArgv,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  let nextId = 1;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.on('message', (reply: Reply) => {
    const p = pending.get(reply.id);
    pending.delete(reply.id);
    if (reply.ok) p?.resolve(reply.value);
    else p?.reject(new Error(`loadgen: ${reply.error}`));
  });
  child.once('exit', (code) => {
    for (const p of pending.values()) p.reject(new Error(`loadgen exited (code ${code})`));
    pending.clear();
  });
  const killOnExit = (): void => {
    child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);

  return {
    call<T>(req: Request, timeoutMs = 60_000): Promise<T> {
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error(`loadgen: ${req.op} took over ${timeoutMs} ms`));
        }, timeoutMs);
        pending.set(id, {
          resolve: (v) => (clearTimeout(timer), resolve(v as T)),
          reject: (e) => (clearTimeout(timer), reject(e)),
        });
        child.send({ ...req, id });
      });
    },
    async close() {
      process.off('exit', killOnExit);
      if (child.exitCode === null && child.connected) {
        await this.call({ op: 'close' }, 5000).catch(() => undefined);
        child.disconnect();
      }
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    },
  };
}
