/**
 * One-hot encoding of categorical (string) features (River's `preprocessing.OneHotEncoder`):
 * `{color: 'red'}` becomes `{'color_red': 1}` plus 0 for every other value seen so far.
 */

import type { LearnerSpec, Transformer } from './types.ts';
import { dict, fromState, jsonCopy } from './util.ts';

export const oneHotEncoderDefaults = { dropZeros: false, encodeNumbers: false };

/**
 * Numbers pass through unless `encodeNumbers`; with `dropZeros` only the active column is emitted.
 *
 * @example
 * const e = oneHotEncoder.create();
 * e.learnOne({ c: 'a' }); e.learnOne({ c: 'b' }); e.transformOne({ c: 'b' }); // { c_a: 0, c_b: 1 }
 */
export const oneHotEncoder: LearnerSpec<Transformer> = {
  kind: 'transformer',
  summary: 'One-hot encoding of string features, values learned online (River OneHotEncoder)',
  defaults: oneHotEncoderDefaults,
  create(params = {}, opts = {}) {
    const p = { ...oneHotEncoderDefaults, ...params };
    const values = dict(fromState<Record<string, string[]>>(opts.state, 'values', {}));
    const categorical = (v: number | string) => typeof v === 'string' || p.encodeNumbers === true;
    return {
      kind: 'transformer',
      learnOne(x) {
        for (const k in x) {
          const v = x[k]!;
          if (!categorical(v)) continue;
          const seen = (values[k] ??= []);
          if (!seen.includes(String(v))) seen.push(String(v));
        }
      },
      transformOne(x) {
        const out: Record<string, number | string> = {};
        for (const k in x) {
          const v = x[k]!;
          if (!categorical(v)) {
            out[k] = v;
            continue;
          }
          if (!p.dropZeros) for (const s of values[k] ?? []) out[`${k}_${s}`] = 0;
          out[`${k}_${String(v)}`] = 1;
        }
        return out;
      },
      snapshot: () => jsonCopy({ values }),
    };
  },
};
