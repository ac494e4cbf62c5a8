/**
 * Online learning over HTTP: `POST /v1/labels` (one label or a batch), `GET /v1/online/:pipeline/metrics`,
 * `GET /v1/online/:pipeline/:key` (`_` for a pipeline-wide model), `POST /v1/online/:pipeline/:key/reset`.
 * Writes are bearer-protected by the auth hook like every other /v1 write.
 */

import type { FastifyPluginAsync } from 'fastify';
import { AppError } from '../errors.ts';
import type { ExtensionOutput } from '../pipeline/extension.ts';
import type { LabelOutcome, OnlineExtension } from '../online/serve/extension.ts';
import { parseLabel, type LabelMessage } from '../online/serve/labels.ts';
import { metricsView, modelView } from '../online/serve/views.ts';

export interface OnlineAccess {
  /** The online extension of a pipeline, if it has an `online:` section. */
  find(pipeline: string): OnlineExtension | undefined;
  /** Every pipeline's name, for error messages. */
  pipelines(): string[];
  /** Publishes what learning produced (drift events). */
  emit(out: ExtensionOutput): void;
  now(): number;
}

export interface OnlineDeps {
  online?: OnlineAccess;
}

const MAX_BATCH = 10_000;
const params = { type: 'object', properties: { pipeline: { type: 'string', maxLength: 64 }, key: { type: 'string', maxLength: 128 } }, required: ['pipeline'] } as const;

export const onlineRoutes: FastifyPluginAsync<OnlineDeps> = async (app, { online }) => {
  function extension(pipeline: string): OnlineExtension {
    const ext = online?.find(pipeline);
    if (ext) return ext;
    const names = online?.pipelines() ?? [];
    if (names.includes(pipeline)) throw new AppError('BAD_REQUEST', `pipeline "${pipeline}" has no online: section; labels and online metrics belong to online learners`);
    throw new AppError('PIPELINE_NOT_FOUND', `no pipeline "${pipeline}" (pipelines: ${names.join(', ') || 'none'})`);
  }

  app.post<{ Body: unknown }>('/v1/labels', async (req) => {
    const items = Array.isArray(req.body) ? req.body : [req.body];
    if (items.length === 0 || items.length > MAX_BATCH) throw new AppError('BAD_REQUEST', `send 1 to ${MAX_BATCH} labels, as one object or an array`);
    const at = (i: number) => (Array.isArray(req.body) ? `[${i}].` : '');
    const parsed: Array<{ ext: OnlineExtension; label: LabelMessage }> = [];
    const problems: string[] = [];
    items.forEach((item, i) => {
      const pipeline = (item as { pipeline?: unknown } | null)?.pipeline;
      if (typeof pipeline !== 'string') return void problems.push(`${at(i)}pipeline: missing; name the pipeline whose prediction this label is for`);
      const ext = extension(pipeline);
      const label = parseLabel(item, { task: ext.online.task });
      if (typeof label === 'string') problems.push(`${at(i)}${label}`);
      else parsed.push({ ext, label });
    });
    if (problems.length) throw new AppError('BAD_REQUEST', problems.slice(0, 20).join('; '), { problems });
    const nowMs = online!.now();
    const results: LabelOutcome[] = [];
    for (const { ext, label } of parsed) {
      const { outcomes, output } = ext.applyLabels([label], nowMs);
      results.push(...outcomes);
      online!.emit(output);
    }
    const count = (o: LabelOutcome['outcome']) => results.filter((r) => r.outcome === o).length;
    return { matched: count('matched'), unmatched: count('unmatched'), duplicate: count('duplicate'), results };
  });

  app.get<{ Params: { pipeline: string }; Querystring: { limit: number } }>(
    '/v1/online/:pipeline/metrics',
    { schema: { params, querystring: { type: 'object', properties: { limit: { type: 'integer', minimum: 0, maximum: 10_000, default: 100 } } } } },
    async (req) => metricsView(extension(req.params.pipeline), req.query.limit),
  );

  const noModel = (ext: OnlineExtension, key: string): AppError =>
    new AppError('KEY_NOT_FOUND', `no model for key "${key}" in pipeline "${ext.pipeline}"${ext.online.scope === 'pipeline' ? '; this pipeline shares one model: use key _' : '; a model appears with the key\'s first window'}`);

  app.get<{ Params: { pipeline: string; key: string } }>('/v1/online/:pipeline/:key', { schema: { params } }, async (req) => {
    const ext = extension(req.params.pipeline);
    const view = modelView(ext, req.params.key);
    if (!view) throw noModel(ext, req.params.key);
    return view;
  });

  app.post<{ Params: { pipeline: string; key: string } }>('/v1/online/:pipeline/:key/reset', { schema: { params } }, async (req) => {
    const ext = extension(req.params.pipeline);
    const model = ext.models.peek(req.params.key);
    if (!model) throw noModel(ext, req.params.key);
    model.reset();
    return { pipeline: ext.pipeline, key: req.params.key, reset: true, samples: model.samples };
  });
};
