/**
 * The `mqtt` config section made real at start: the files it names (users file, broker and client
 * PEM files) are read, the embedded broker started, and the service's own login chosen. A missing or
 * malformed file is a ConfigError naming the field; file contents never appear in a message or log.
 */

import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Logger } from 'pino';
import { ConfigError } from '../config/load.ts';
import type { RawConfig } from '../config/schema.ts';
import { parseUsersFile, type PasswordHash } from './broker-auth.ts';
import { startEmbeddedBroker, type BrokerTls, type EmbeddedBroker } from './broker.ts';
import type { ClientTls } from './mqtt-source.ts';

type Mqtt = RawConfig['mqtt'];

function read(path: string, field: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    throw new ConfigError([`${field}: cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`], 'mqtt');
  }
}

function pem(path: string, field: string, kind: 'CERTIFICATE' | 'PRIVATE KEY'): Buffer {
  const bytes = read(path, field);
  if (!bytes.toString('latin1').includes(kind === 'CERTIFICATE' ? '-----BEGIN CERTIFICATE-----' : 'PRIVATE KEY-----')) {
    throw new ConfigError([`${field}: ${path} is not a PEM ${kind.toLowerCase()} (-----BEGIN ${kind}-----)`], 'mqtt');
  }
  return bytes;
}

/** The embedded broker's users, or undefined when it is open to anonymous clients. */
export function readBrokerUsers(m: Mqtt): Map<string, PasswordHash> | undefined {
  if (m.brokerUsers === undefined) return undefined;
  const { users, problems } = parseUsersFile(read(m.brokerUsers, 'mqtt.brokerUsers').toString('utf8'), m.brokerUsers);
  if (problems.length) throw new ConfigError(problems.map((p) => `mqtt.brokerUsers: ${p}`), 'mqtt');
  return users;
}

export function readBrokerTls(m: Mqtt): BrokerTls | undefined {
  const t = m.brokerTls;
  if (!t) return undefined;
  return {
    port: t.port,
    plain: t.plain,
    key: pem(t.key, 'mqtt.brokerTls.key', 'PRIVATE KEY'),
    cert: pem(t.cert, 'mqtt.brokerTls.cert', 'CERTIFICATE'),
    ...(t.ca !== undefined && { ca: pem(t.ca, 'mqtt.brokerTls.ca', 'CERTIFICATE') }),
  };
}

export function readClientTls(m: Mqtt): ClientTls | undefined {
  const t = m.tls;
  if (!t) return undefined;
  return {
    rejectUnauthorized: t.rejectUnauthorized,
    ...(t.ca !== undefined && { ca: pem(t.ca, 'mqtt.tls.ca', 'CERTIFICATE') }),
    ...(t.cert !== undefined && { cert: pem(t.cert, 'mqtt.tls.cert', 'CERTIFICATE') }),
    ...(t.key !== undefined && { key: pem(t.key, 'mqtt.tls.key', 'PRIVATE KEY') }),
  };
}

/** The service's login to the broker it uses, and TLS for an external one. */
export interface ServiceLogin {
  username?: string;
  password?: string;
  tls?: ClientTls;
}

/**
 * Starts the embedded broker as configured. With a users file and no mqtt.password, the service logs
 * in as the service user with a random secret that exists in this process only, so no password for
 * it has to be written anywhere.
 */
export async function startConfiguredBroker(m: Mqtt, logger: Logger): Promise<{ broker: EmbeddedBroker; login: ServiceLogin }> {
  const users = readBrokerUsers(m);
  const tls = readBrokerTls(m);
  const username = m.username ?? m.brokerAcl.serviceUser;
  const internal = users && m.password === undefined ? { username, password: randomBytes(32).toString('base64url') } : undefined;
  const broker = await startEmbeddedBroker({
    port: m.brokerPort,
    host: m.brokerHost,
    logger,
    ...(users && { auth: { users, ...m.brokerAcl, ...(internal && { internal }) } }),
    ...(tls && { tls }),
  });
  const login: ServiceLogin = internal ?? (m.username !== undefined ? { username: m.username, ...(m.password !== undefined && { password: m.password }) } : {});
  return { broker, login };
}

/** The login to an external broker: mqtt.username/password and mqtt.tls. */
export function externalLogin(m: Mqtt): ServiceLogin {
  const tls = readClientTls(m);
  return { ...(m.username !== undefined && { username: m.username }), ...(m.password !== undefined && { password: m.password }), ...(tls && { tls }) };
}
