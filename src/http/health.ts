/** GET /healthz (process alive) and GET /readyz (broker connected and every pipeline's model loaded). */

import type { FastifyPluginAsync } from 'fastify';

export interface HealthDeps {
  readiness(): { ready: boolean; checks: Record<string, boolean> };
}

export const healthRoutes: FastifyPluginAsync<HealthDeps> = async (app, deps) => {
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_req, reply) => {
    const { ready, checks } = deps.readiness();
    return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready', checks });
  });
};
