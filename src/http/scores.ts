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

  app.get<{ Querystring: { limit: number; pipeline?: string; key?: string; since?: string } }>(
    '/v1/anomalies',
    {
      schema: {
        querystring: {
          type: 'object',
          properties: {
            limit: { type: 'integer', minimum: 1, maximum: 1000, default: 50 },
            pipeline: { type: 'string', maxLength: 64 },
            key: { type: 'string', maxLength: 128 },
            since: { type: 'string', maxLength: 40, description: 'event time: epoch ms or ISO 8601' },
          },
        },
      },
    },
    async (req) => {
      const { limit, pipeline, key, since } = req.query;
      const sinceMs = since === undefined ? undefined : parseSince(since);
      if (Number.isNaN(sinceMs)) throw new AppError('BAD_REQUEST', `since: "${since}" is neither epoch milliseconds nor an ISO 8601 time`);
      return {
        anomalies: store.anomalies(limit, {
          ...(pipeline !== undefined && { pipeline }),
          ...(key !== undefined && { key }),
          ...(sinceMs !== undefined && { sinceMs }),
        }),
      };
    },
  );
};

/** `1767254400000` or `2026-01-01T08:00:00Z` → epoch ms; NaN when it is neither. */
function parseSince(text: string): number {
  return /^\d+$/.test(text) ? Number(text) : Date.parse(text);
}
