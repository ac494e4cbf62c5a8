/** GET /v1/models and /v1/models/:name: loaded models, their versions and which is active. */

import type { FastifyPluginAsync } from 'fastify';
import { AppError } from '../errors.ts';
import type { Registry } from '../models/registry.ts';

export interface ModelDeps {
  registry: Registry;
}

export const modelRoutes: FastifyPluginAsync<ModelDeps> = async (app, { registry }) => {
  app.get('/v1/models', async () => ({ models: registry.list() }));
  app.get<{ Params: { name: string } }>('/v1/models/:name', async (req) => {
    const model = registry.list().find((m) => m.name === req.params.name);
    if (!model) throw new AppError('MODEL_NOT_FOUND', `no model named "${req.params.name}"; GET /v1/models lists them`);
    return model;
  });
};
