/**
 * The embedded MQTT broker (aedes), so `npm start` needs nothing else running: plain TCP, and a TLS
 * listener beside it (or instead of it) when a key and certificate are given; logins and per-device
 * topic ACLs from `broker-auth.ts` when a users file is configured.
 */

import { createServer, type Server } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { Aedes } from 'aedes';
import type { Logger } from 'pino';
import { AppError } from '../errors.ts';
import { createBrokerAuth, type BrokerAuthOptions, type BrokerAuthStats } from './broker-auth.ts';

export interface EmbeddedBroker {
  /** Port of the plain TCP listener (loopback only when `tls.plain` is false). */
  readonly port: number;
  /** Where the service's own client connects: the plain listener on 127.0.0.1. */
  readonly url: string;
  readonly tlsPort?: number;
  /** Logins refused and publishes/subscriptions denied; all zero without a users file. */
  readonly authStats: BrokerAuthStats;
  close(): Promise<void>;
}

export interface BrokerTls {
  port: number;
  key: Buffer;
  cert: Buffer;
  /** Client certificates signed by this CA are asked for (and required). */
  ca?: Buffer;
  /** false: no plain TCP for devices; the plain listener moves to 127.0.0.1 on a free port, for the service alone. */
  plain: boolean;
}

export interface BrokerOptions {
  port: number;
  host: string;
  logger: Logger;
  auth?: Omit<BrokerAuthOptions, 'logger'>;
  tls?: BrokerTls;
}

export async function startEmbeddedBroker(opts: BrokerOptions): Promise<EmbeddedBroker> {
  const log = opts.logger.child({ component: 'broker' });
  const auth = opts.auth && createBrokerAuth({ ...opts.auth, logger: opts.logger });
  const aedes = await Aedes.createBroker({
    maxClientsIdLength: 128,
    concurrency: 1000,
    drainTimeout: 30_000,
    ...(auth && { authenticate: auth.authenticate, authorizePublish: auth.authorizePublish, authorizeSubscribe: auth.authorizeSubscribe }),
  });
  aedes.on('clientError', (client, err) => log.debug({ client: client?.id, err: err.message }, 'client error'));
  const servers: Server[] = [];
  const plainLocal = opts.tls?.plain === false;
  try {
    const plain = createServer(aedes.handle);
    servers.push(plain);
    await listen(plain, plainLocal ? 0 : opts.port, plainLocal ? '127.0.0.1' : opts.host, '--broker-port');
    if (opts.tls) {
      const t = opts.tls;
      const secure = createTlsServer({ key: t.key, cert: t.cert, ...(t.ca && { ca: t.ca, requestCert: true, rejectUnauthorized: true }) }, aedes.handle);
      secure.on('tlsClientError', (err) => log.debug({ err: err.message }, 'TLS handshake refused'));
      servers.push(secure);
      await listen(secure, t.port, opts.host, 'mqtt.brokerTls.port');
    }
  } catch (err) {
    await closeAll(aedes, servers);
    throw err;
  }
  const port = portOf(servers[0]!);
  const tlsPort = servers[1] && portOf(servers[1]);
  log.info({ port, local: plainLocal, tlsPort, auth: auth ? 'users file' : 'anonymous' }, 'embedded MQTT broker listening');
  if (!auth) log.warn('the embedded broker accepts anonymous clients on every topic; set mqtt.brokerUsers for logins and per-device ACLs');
  return {
    port,
    url: `mqtt://127.0.0.1:${port}`,
    ...(tlsPort !== undefined && { tlsPort }),
    authStats: auth?.stats ?? { loginsRefused: 0, publishDenied: 0, subscribeDenied: 0 },
    close: () => closeAll(aedes, servers),
  };
}

async function listen(server: Server, port: number, host: string, flag: string): Promise<void> {
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new AppError(
        'PORT_IN_USE',
        `port ${port} is already in use, probably by another MQTT broker. ` +
          `Use that broker with --mqtt-url mqtt://127.0.0.1:${port}, or move the embedded broker with ${flag} <port>.`,
      );
    }
    throw err;
  }
}

function portOf(server: Server): number {
  const address = server.address();
  return typeof address === 'object' && address ? address.port : 0;
}

async function closeAll(aedes: Aedes, servers: Server[]): Promise<void> {
  await new Promise<void>((resolve) => aedes.close(() => resolve()));
  await Promise.all(servers.filter((s) => s.listening).map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
}
