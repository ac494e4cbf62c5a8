/**
 * Who may connect to the embedded broker and which topics each user may touch: scrypt password
 * hashes from a users file, checked in constant time, and per-device topic ACLs, as aedes's
 * `authenticate` / `authorizePublish` / `authorizeSubscribe` hooks.
 */

import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import type { AuthenticateError, Client, PublishPacket, Subscription } from 'aedes';
import type { Logger } from 'pino';
import { filterWithin, topicMatches } from '../config/topic.ts';

/** A password hash in the PHC string format: `$scrypt$ln=14,r=8,p=1$<salt b64>$<key b64>`. */
export type PasswordHash = string;

export interface BrokerAcl {
  /** The user that may publish and subscribe anywhere: the service's own client. */
  serviceUser: string;
  /** The one filter a device user may publish under, `{username}` replaced: `devices/{username}/#`. */
  publish: string;
  /** Filters a device user may subscribe within (its own results): `streamscore/+/+/{username}`. */
  subscribe: string[];
}

export interface BrokerAuthOptions extends BrokerAcl {
  users: Map<string, PasswordHash>;
  /** A credential held in memory only, for the service's own client when no password is configured. */
  internal?: { username: string; password: string };
  logger: Logger;
}

export interface BrokerAuthStats {
  loginsRefused: number;
  publishDenied: number;
  subscribeDenied: number;
}

export interface BrokerAuth {
  authenticate(client: Client, username: Readonly<string> | undefined, password: Readonly<Buffer> | undefined, done: (err: AuthenticateError | null, ok: boolean | null) => void): void;
  authorizePublish(client: Client | null, packet: PublishPacket, done: (err?: Error | null) => void): void;
  authorizeSubscribe(client: Client | null, sub: Subscription, done: (err: Error | null, sub?: Subscription | null) => void): void;
  readonly stats: BrokerAuthStats;
}

/** A user name may not hold topic syntax, or `{username}` in an ACL could widen to other devices' topics. */
export const USERNAME = /^[A-Za-z0-9_][A-Za-z0-9_.:@-]{0,127}$/;
const SCRYPT = { ln: 14, r: 8, p: 1, keyLength: 32 };
const PHC = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/]+={0,2})\$([A-Za-z0-9+/]+={0,2})$/;

/** Hashes a password with a fresh 16-byte salt (scrypt, RFC 7914; N = 2^14, r = 8, p = 1). */
export async function hashPassword(password: string, ln = SCRYPT.ln): Promise<PasswordHash> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, { ln, r: SCRYPT.r, p: SCRYPT.p, keyLength: SCRYPT.keyLength });
  return `$scrypt$ln=${ln},r=${SCRYPT.r},p=${SCRYPT.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/** True when `password` matches `hash`; the keys are compared in constant time. */
export async function verifyPassword(password: string | Buffer, hash: PasswordHash): Promise<boolean> {
  const m = PHC.exec(hash);
  if (!m) return false;
  const expected = Buffer.from(m[5]!, 'base64');
  const key = await derive(password, Buffer.from(m[4]!, 'base64'), { ln: Number(m[1]), r: Number(m[2]), p: Number(m[3]), keyLength: expected.length });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

function derive(password: string | Buffer, salt: Buffer, o: { ln: number; r: number; p: number; keyLength: number }): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const N = 2 ** o.ln;
    // scrypt needs 128·N·r bytes; allow twice that so ln up to 16 works without raising Node's 32 MB default by hand.
    scrypt(password, salt, o.keyLength, { N, r: o.r, p: o.p, maxmem: 256 * N * o.r + 1024 * 1024 }, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

/** Reads a users file: `user:hash` a line, `#` comments and blank lines ignored. Problems name the line. */
export function parseUsersFile(text: string, origin: string): { users: Map<string, PasswordHash>; problems: string[] } {
  const users = new Map<string, PasswordHash>();
  const problems: string[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const at = line.indexOf(':');
    const user = at > 0 ? line.slice(0, at) : '';
    const hash = at > 0 ? line.slice(at + 1) : '';
    // The line may hold a plain password by mistake: it is never echoed back.
    if (!USERNAME.test(user)) problems.push(`${origin} line ${i + 1}: the user name must be letters, digits, '_', '.', '-', ':' or '@' (no '/', '+', '#')`);
    else if (!PHC.test(hash)) problems.push(`${origin} line ${i + 1}: the hash of "${user}" is not a $scrypt$ PHC string; make it with: streamscore passwd ${origin} ${user}`);
    else if (users.has(user)) problems.push(`${origin} line ${i + 1}: "${user}" is listed twice`);
    else users.set(user, hash);
  });
  return { users, problems };
}

export const forUser = (pattern: string, username: string): string => pattern.replaceAll('{username}', username);

const digest = (s: string | Buffer): Buffer => createHash('sha256').update(s).digest();

export function createBrokerAuth(opts: BrokerAuthOptions): BrokerAuth {
  const log = opts.logger.child({ component: 'broker-auth' });
  const stats: BrokerAuthStats = { loginsRefused: 0, publishDenied: 0, subscribeDenied: 0 };
  const userOf = new WeakMap<Client, string>();
  const internalDigest = opts.internal && digest(opts.internal.password);
  // Unknown users are checked against a throwaway hash, so a refusal takes as long whoever asked.
  const decoy = hashPassword(randomBytes(16).toString('hex'));

  const refuse = (client: Client, username: string | undefined, returnCode: 4 | 5, why: string, done: (err: AuthenticateError, ok: null) => void): void => {
    stats.loginsRefused++;
    log.warn({ client: client.id, username, why }, 'MQTT login refused');
    done(Object.assign(new Error(why), { returnCode }) as AuthenticateError, null);
  };

  return {
    stats,
    authenticate(client, username, password, done) {
      // [MQTT-3.2.2.3] CONNACK return code 5 "not authorized" without credentials, 4 "bad user name or password".
      if (username === undefined || password === undefined) return refuse(client, username, 5, 'no user name or password', done);
      if (opts.internal && username === opts.internal.username && timingSafeEqual(digest(password), internalDigest!)) {
        userOf.set(client, username);
        return done(null, true);
      }
      const hash = opts.users.get(username);
      void (async () => {
        const ok = await verifyPassword(password, hash ?? (await decoy));
        if (ok && hash) {
          userOf.set(client, username);
          done(null, true);
        } else refuse(client, username, 4, hash ? 'wrong password' : 'unknown user', done);
      })().catch((err: unknown) => refuse(client, username, 5, `password check failed: ${(err as Error).message}`, done));
    },
    authorizePublish(client, packet, done) {
      const user = client ? userOf.get(client) : undefined;
      if (user === opts.serviceUser || (user !== undefined && topicMatches(forUser(opts.publish, user), packet.topic))) return done(null);
      stats.publishDenied++;
      log.warn({ client: client?.id, username: user, topic: packet.topic.slice(0, 200) }, 'MQTT publish denied: outside the user\'s topics');
      // [MQTT-3.3.5-2] MQTT 3.1.1 cannot refuse a PUBLISH; the broker acks it or closes the connection. aedes closes.
      done(new Error(`publish to ${packet.topic.slice(0, 200)} denied`));
    },
    authorizeSubscribe(client, sub, done) {
      const user = client ? userOf.get(client) : undefined;
      if (user === opts.serviceUser || (user !== undefined && opts.subscribe.some((p) => filterWithin(sub.topic, forUser(p, user))))) return done(null, sub);
      stats.subscribeDenied++;
      log.warn({ client: client?.id, username: user, filter: sub.topic.slice(0, 200) }, 'MQTT subscription refused: outside the user\'s topics');
      // [MQTT-3.9.3] SUBACK return code 0x80 (failure) for this filter; the connection stays up.
      done(null, null);
    },
  };
}
