/** GET /v1/pipelines: each pipeline's spec, its feature names and live counters. */

import type { FastifyPluginAsync } from 'fastify';

export interface PipelineInfo {
  name: string;
  spec: unknown;
  features: string[];
  stats: unknown;
}

export interface PipelineDeps {
  pipelines(): PipelineInfo[];
}

export const pipelineRoutes: FastifyPluginAsync<PipelineDeps> = async (app, deps) => {
  app.get('/v1/pipelines', async () => ({ pipelines: deps.pipelines() }));
};
