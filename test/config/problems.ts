/** Test helper: the problems a config raises (empty when it resolves), for asserting on messages. */

import { ConfigError, resolveConfig } from '../../src/config/load.ts';

export function problems(input: unknown): string[] {
  try {
    resolveConfig(input);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}
