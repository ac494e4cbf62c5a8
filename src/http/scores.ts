/** GET /v1/scores/:key (latest), /v1/scores/:key/history, /v1/anomalies. */

import type { FastifyPluginAsync } from 'fastify';
import type { ScoreStore } from '../emit/store.ts';
import { AppError } from '../errors.ts';

export interface ScoreDeps {
  store: ScoreStore;
}

const keyParams = { type: 'object', properties: { key: { type: 'string', maxLength: 128 } }, required: ['key'] } as const;

export const scoreRoutes: FastifyPluginAsync<ScoreDeps> = async (app, { store }) => {
  const notFound = (key: string): AppError =>
    new AppError('KEY_NOT_FOUND', `no score for key "${key}" yet; scores appear once a window of that device closes`);

  app.get<{ Params: { key: string }; Querystring: { pipeline?: string } }>(
    '/v1/scores/:key',
    { schema: { params: keyParams, querystring: { type: 'object', properties: { pipeline: { type: 'string' } } } } },
    async (req) => {
      const score = store.latest(req.params.key, req.query.pipeline);
      if (!score) throw notFound(req.params.key);
      return score;
    },
  );

  app.get<{ Params: { key: string }; Querystring: { limit: number; pipeline?: string } }>(
    '/v1/scores/:key/history',
    {
      schema: {
        params: keyParams,
        querystring: {
          type: 'object',
          properties: { limit: { type: 'integer', minimum: 1, maximum: 1000, default: 20 }, pipeline: { type: 'string' } },
        },
      },
    },
    async (req) => {
      const scores = store.history(req.params.key, req.query.limit, req.query.pipeline);
      if (!scores) throw notFound(req.params.key);
      return { key: req.params.key, scores };
    },
  );

  app.get<{ Querystring: { limit: number } }>(
    '/v1/anomalies',
    { schema: { querystring: { type: 'object', properties: { limit: { type: 'integer', minimum: 1, maximum: 1000, default: 50 } } } } },
    async (req) => ({ anomalies: store.anomalies(req.query.limit) }),
  );
};
