/**
 * The table of pipeline extensions: one line per spec section that consumes closed windows.
 * Adding one is one file plus one line here; the runner and service never name them.
 */

import { createAnomalyExtension } from '../online/anomaly/serve/pipeline.ts';
import { createOnlineExtension } from '../online/serve/extension.ts';
import type { ExtensionContext, ExtensionFactory, PipelineExtension } from './extension.ts';

export const EXTENSIONS: Record<string, ExtensionFactory> = {
  online: createOnlineExtension,
  anomaly: createAnomalyExtension,
};

/** Every extension this pipeline's spec asks for, each given its own slice of restored state. */
export function createExtensions(ctx: Omit<ExtensionContext, 'restore'>, restore?: Record<string, unknown>): PipelineExtension[] {
  const out: PipelineExtension[] = [];
  for (const [name, factory] of Object.entries(EXTENSIONS)) {
    const ext = factory({ ...ctx, ...(restore?.[name] !== undefined && { restore: restore[name] }) });
    if (ext) out.push(ext);
  }
  return out;
}
