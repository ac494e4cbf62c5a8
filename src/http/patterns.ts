/**
 * GET /v1/patterns (each rule with its spec and live counters, and every operator the registry
 * offers) and the enrichment tables: PUT, GET and DELETE /v1/tables/:name/:key. Writes take a
 * bearer token like every other write (src/http/auth.ts).
 */

import type { FastifyPluginAsync } from 'fastify';
import { AppError } from '../errors.ts';
import type { Tables } from '../rules/tables.ts';

export interface PatternDeps {
  /** Absent when the service runs no rules (the routes still answer, with empty lists). */
  patterns?(): { patterns: unknown[]; tables: Record<string, unknown>; operators: unknown[] };
  tables?(): Tables | undefined;
}

const rowParams = {
  type: 'object',
  properties: { name: { type: 'string', maxLength: 64 }, key: { type: 'string', minLength: 1, maxLength: 128 } },
  required: ['name', 'key'],
} as const;

type RowRequest = { Params: { name: string; key: string } };

export const patternRoutes: FastifyPluginAsync<PatternDeps> = async (app, deps) => {
  app.get('/v1/patterns', async () => deps.patterns?.() ?? { patterns: [], tables: {}, operators: [] });

  const table = (name: string): Tables => {
    const tables = deps.tables?.();
    if (!tables?.has(name)) throw new AppError('TABLE_NOT_FOUND', `no table "${name}"; declare it under tables: in the config (known: ${tables?.names.join(', ') || 'none'})`);
    return tables;
  };

  app.put<RowRequest & { Body: Record<string, unknown> }>('/v1/tables/:name/:key', { schema: { params: rowParams, body: { type: 'object' } } }, async (req, reply) => {
    const tables = table(req.params.name);
    const existed = tables.get(req.params.name, req.params.key) !== undefined;
    if (!tables.upsert(req.params.name, req.params.key, req.body)) throw new AppError('TABLE_FULL', `table "${req.params.name}" is full (maxRows); delete rows or raise tables.${req.params.name}.maxRows`);
    return reply.status(existed ? 200 : 201).send({ table: req.params.name, key: req.params.key, row: req.body });
  });

  app.get<RowRequest>('/v1/tables/:name/:key', { schema: { params: rowParams } }, async (req) => {
    const row = table(req.params.name).get(req.params.name, req.params.key);
    if (!row) throw new AppError('KEY_NOT_FOUND', `table "${req.params.name}" has no row "${req.params.key}"`);
    return { table: req.params.name, key: req.params.key, row };
  });

  app.delete<RowRequest>('/v1/tables/:name/:key', { schema: { params: rowParams } }, async (req, reply) => {
    if (!table(req.params.name).delete(req.params.name, req.params.key)) throw new AppError('KEY_NOT_FOUND', `table "${req.params.name}" has no row "${req.params.key}"`);
    return reply.status(204).send();
  });
};
