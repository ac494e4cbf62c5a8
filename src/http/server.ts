/** The HTTP API: one fastify plugin per resource, dependencies injected, one error shape. */

import Fastify, { LogController, type FastifyBaseLogger, type FastifyError, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { AppError } from '../errors.ts';
import { createAuthHook, type AuthOptions } from './auth.ts';
import { healthRoutes, type HealthDeps } from './health.ts';
import { metricsRoutes, type MetricsDeps } from './metrics.ts';
import { modelRoutes, type ModelDeps } from './models.ts';
import { oipRoutes, type OipDeps } from './oip.ts';
import { patternRoutes, type PatternDeps } from './patterns.ts';
import { pipelineRoutes, type PipelineDeps } from './pipelines.ts';
import { scoreRoutes, type ScoreDeps } from './scores.ts';

export type HttpDeps = HealthDeps & MetricsDeps & ModelDeps & OipDeps & PipelineDeps & ScoreDeps & PatternDeps & { logger: Logger } & { auth?: AuthOptions };

export async function buildHttp(deps: HttpDeps): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.logger.child({ component: 'http' }) as FastifyBaseLogger,
    // Per-request lines would log every scrape and poll; errors are logged by the error handler.
    logController: new LogController({ disableRequestLogging: true }),
  });
  app.setErrorHandler((err: FastifyError | AppError, req, reply) => {
    if (err instanceof AppError) return reply.status(err.status).send(err.toJSON());
    const status = err.statusCode ?? 500;
    if (status >= 500) req.log.error({ err }, 'request failed');
    const code = status === 400 || err.validation ? 'BAD_REQUEST' : status === 404 ? 'NOT_FOUND' : 'INTERNAL';
    return reply.status(status).send({ error: { code, message: err.message } });
  });
  app.setNotFoundHandler((req, reply) =>
    reply.status(404).send({ error: { code: 'NOT_FOUND', message: `no route ${req.method} ${req.url}` } }),
  );
  if (deps.auth) app.addHook('onRequest', createAuthHook(deps.auth));
  await app.register(healthRoutes, deps);
  await app.register(metricsRoutes, deps);
  await app.register(scoreRoutes, deps);
  await app.register(pipelineRoutes, deps);
  await app.register(modelRoutes, deps);
  await app.register(oipRoutes, deps);
  await app.register(patternRoutes, deps);
  return app;
}
