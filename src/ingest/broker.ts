/** The embedded MQTT broker (aedes over TCP), so `npm start` needs nothing else running. */

import { createServer, type Server } from 'node:net';
import { Aedes } from 'aedes';
import type { Logger } from 'pino';
import { AppError } from '../errors.ts';

export interface EmbeddedBroker {
  readonly port: number;
  readonly url: string;
  close(): Promise<void>;
}

export async function startEmbeddedBroker(opts: { port: number; host: string; logger: Logger }): Promise<EmbeddedBroker> {
  const log = opts.logger.child({ component: 'broker' });
  const aedes = await Aedes.createBroker({ maxClientsIdLength: 128, concurrency: 1000, drainTimeout: 30_000 });
  aedes.on('clientError', (client, err) => log.debug({ client: client?.id, err: err.message }, 'client error'));
  const server: Server = createServer(aedes.handle);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port, opts.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    await new Promise<void>((resolve) => aedes.close(() => resolve()));
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new AppError(
        'PORT_IN_USE',
        `port ${opts.port} is already in use, probably by another MQTT broker. ` +
          `Use that broker with --mqtt-url mqtt://127.0.0.1:${opts.port}, or move the embedded broker with --broker-port <port>.`,
      );
    }
    throw err;
  }
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  log.info({ port }, 'embedded MQTT broker listening');
  return {
    port,
    url: `mqtt://127.0.0.1:${port}`,
    async close() {
      await new Promise<void>((resolve) => aedes.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
