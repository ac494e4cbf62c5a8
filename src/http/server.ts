/** The HTTP API: one fastify plugin per resource, dependencies injected, one error shape. */

import Fastify, { LogController, type FastifyBaseLogger, type FastifyError, type FastifyInstance, type FastifyReply } from 'fastify';
import type { Logger } from 'pino';
import { AppError, bodyTooLarge } from '../errors.ts';
import { createAuthHook, type AuthOptions } from './auth.ts';
import { healthRoutes, type HealthDeps } from './health.ts';
import { metricsRoutes, type MetricsDeps } from './metrics.ts';
import { modelRoutes, type ModelDeps } from './models.ts';
import { oipRoutes, type OipDeps } from './oip.ts';
import { onlineRoutes, type OnlineDeps } from './online.ts';
import { patternRoutes, type PatternDeps } from './patterns.ts';
import { pipelineRoutes, type PipelineDeps } from './pipelines.ts';
import { scoreRoutes, type ScoreDeps } from './scores.ts';

export type HttpDeps = HealthDeps & MetricsDeps & ModelDeps & OipDeps & PipelineDeps & ScoreDeps & OnlineDeps & PatternDeps & { logger: Logger } & { auth?: AuthOptions };

const JSON_BODY_LIMIT = 1024 * 1024;

export async function buildHttp(deps: HttpDeps): Promise<FastifyInstance> {
  const app = Fastify({
    // JSON bodies (everything but model uploads, which set their own limit) stop at 1 MiB.
    bodyLimit: JSON_BODY_LIMIT,
    // Errors raised before routing (an overlong path segment, a malformed URL) in this API's error shape.
    frameworkErrors: (err, _req, reply: FastifyReply) => {
      const long = err.code === 'FST_ERR_MAX_PARAM_LENGTH';
      const message = long ? 'a path segment is longer than 100 characters; model and pipeline names are at most 64' : `bad URL: ${err.message}`;
      return reply.status(long ? 414 : 400).send({ error: { code: 'BAD_REQUEST', message } });
    },
    loggerInstance: deps.logger.child({ component: 'http' }) as FastifyBaseLogger,
    // Per-request lines would log every scrape and poll; errors are logged by the error handler.
    logController: new LogController({ disableRequestLogging: true }),
  });
  app.setErrorHandler((err: FastifyError | AppError, req, reply) => {
    if (err instanceof AppError) return reply.status(err.status).send(err.toJSON());
    const status = err.statusCode ?? 500;
    if (status === 413) return reply.status(413).send(bodyTooLarge(req.routeOptions.bodyLimit ?? JSON_BODY_LIMIT).toJSON());
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
  await app.register(onlineRoutes, deps);
  await app.register(patternRoutes, deps);
  return app;
}
