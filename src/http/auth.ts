/**
 * Bearer tokens for the HTTP API: write endpoints (PUT/POST/DELETE under /v1) need one when tokens
 * are configured, reads too with `protectReads`. Health endpoints and OIP inference (which changes
 * nothing) stay open unless reads are protected. Tokens are compared in constant time and never logged.
 */

import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

export interface AuthOptions {
  tokens: string[];
  protectReads: boolean;
}

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();
const HEALTH = new Set(['/healthz', '/readyz', '/v2/health/live', '/v2/health/ready']);

export function createAuthHook(opts: AuthOptions) {
  // Digests have one length, so timingSafeEqual never throws and timing does not leak the length.
  const expected = opts.tokens.map(digest);
  return async (req: FastifyRequest, reply: FastifyReply): Promise<void> => {
    if (expected.length === 0) return;
    const path = req.url.split('?')[0]!;
    if (HEALTH.has(path)) return;
    const write = req.method !== 'GET' && req.method !== 'HEAD' && req.method !== 'OPTIONS' && path.startsWith('/v1/');
    if (!write && !opts.protectReads) return;
    const header = req.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const given = match ? digest(match[1]!) : undefined;
    let ok = false;
    for (const e of expected) if (given && timingSafeEqual(given, e)) ok = true; // no early exit
    if (!ok) {
      await reply
        .status(401)
        .header('www-authenticate', 'Bearer realm="streamscore"')
        .send({ error: { code: 'UNAUTHORIZED', message: match ? 'the bearer token is not valid' : 'this endpoint needs a header: Authorization: Bearer <token>' } });
    }
  };
}
