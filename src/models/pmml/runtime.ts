/**
 * The PMML runtime: a native evaluator (no JVM) behind the Runtime contract. The document is
 * compiled once at load; `score` runs the compiled closures row by row over one reused frame.
 *
 * Manifest mapping: `inputs.features` are the MiningSchema's active field names in column order
 * (`inputs.tensor` is not used); `output.tensor` names the result field returned per row — an
 * OutputField, or the target field. For a classification target with `output.kind` "probability"
 * (or "anomaly") the runtime returns the probability of the positive class: `output.labels[column]`
 * when the manifest lists labels, else the LAST category the DataDictionary declares for the target
 * (e.g. "1" of "0","1"), else the last category of the model's distribution. With kind "value" a
 * classification target returns its label as a number (or its index among the declared categories).
 */

import { AppError } from '../../errors.ts';
import type { ModelManifest } from '../manifest.ts';
import type { LoadedModel, Runtime } from '../runtime.ts';
import { compilePmml, type PmmlEvaluator } from './document.ts';
import { describeTensors } from './infer.ts';
import type { Prediction } from './prediction.ts';
import { EvalError, keyOf, parseAs, type Frame, type Value } from './values.ts';

/**
 * @example
 * const model = await loadPmml(singleFile('model.pmml', bytes), manifest);
 * const p = await model.score(batch, rows); // manifest.output.tensor per row
 */
export const loadPmml: Runtime = async (artifact, manifest) => {
  let evaluator: PmmlEvaluator;
  try {
    evaluator = compilePmml(artifact.main);
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError('MODEL_INVALID', `not a loadable PMML document: ${String((err as Error)?.message ?? err).split('\n')[0]}`);
  }
  const columns = mapColumns(evaluator, manifest);
  const read = outputReader(evaluator, manifest);
  const model = wrap(evaluator, columns, read, manifest.inputs.features.length);
  const probe = await model.score(new Float32Array(manifest.inputs.features.length * 2), 2); // dry run: two rows of zeros
  if (probe.length !== 2) throw new AppError('MODEL_INVALID', `dry run returned ${probe.length} values for 2 rows`);
  return model;
};

/** The batch column of each active field; every active field must be fed and every feature used. */
function mapColumns(evaluator: PmmlEvaluator, manifest: ModelManifest): number[] {
  const features = manifest.inputs.features;
  const active = evaluator.inputs.map((i) => i.name);
  const unknown = features.filter((f) => !active.includes(f));
  if (unknown.length) {
    throw new AppError('MODEL_INVALID', `inputs.features ${unknown.map((u) => `"${u}"`).join(', ')} ${unknown.length > 1 ? 'are not active fields' : 'is not an active field'} of the PMML MiningSchema (active fields: ${active.join(', ') || 'none'})`);
  }
  const unfed = active.filter((a) => !features.includes(a));
  if (unfed.length) {
    throw new AppError('MODEL_INVALID', `the PMML MiningSchema's active field${unfed.length > 1 ? 's' : ''} ${unfed.map((u) => `"${u}"`).join(', ')} must be listed in inputs.features`);
  }
  return evaluator.inputs.map((i) => features.indexOf(i.name));
}

type Reader = (f: Frame, p: Prediction | null) => number;

function outputReader(evaluator: PmmlEvaluator, manifest: ModelManifest): Reader {
  const name = manifest.output.tensor;
  const get = evaluator.result(name);
  if (!get) {
    throw new AppError('MODEL_INVALID', `manifest output.tensor "${name}" is not a result field of the PMML model (result fields: ${evaluator.results.map((r) => r.name).join(', ') || 'none'})`);
  }
  const target = evaluator.target;
  if (name !== target.name || !evaluator.classification) return (f) => toNumber(get(f));
  if (manifest.output.kind !== 'value') {
    const listed = manifest.output.labels?.[manifest.output.column ?? 0];
    const last = target.categories[target.categories.length - 1];
    const declared = listed !== undefined ? keyOf(parseAs(target.dataType, String(listed)) ?? String(listed)) : last !== undefined ? keyOf(last) : undefined;
    return (_f, p) => {
      if (p === null) return NaN;
      const probs = p.probs ?? new Map([[keyOf(p.value), 1]]);
      const positive = declared ?? [...probs.keys()].pop()!;
      return probs.get(positive) ?? 0;
    };
  }
  const index = new Map(target.categories.map((c, i) => [keyOf(c), i]));
  return (f) => {
    const v = get(f);
    if (v === null) return NaN;
    const n = typeof v === 'number' ? v : parseAs('double', keyOf(v));
    return typeof n === 'number' ? n : (index.get(keyOf(v)) ?? NaN);
  };
}

function toNumber(v: Value): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string') {
    const n = parseAs('double', v);
    return typeof n === 'number' ? n : NaN;
  }
  return NaN;
}

function wrap(evaluator: PmmlEvaluator, columns: number[], read: Reader, width: number): LoadedModel {
  const frame = evaluator.newFrame();
  const values: Value[] = new Array<Value>(columns.length).fill(null);
  const { inputs, outputs } = describeTensors(evaluator);
  return {
    inputs,
    outputs,
    handlesMissing: true,
    async score(batch, rows) {
      const out = new Float32Array(rows);
      for (let r = 0; r < rows; r++) {
        const base = r * width;
        // NaN (a feature absent from the window) is PMML's missing value: MiningSchema treatments apply.
        for (let i = 0; i < columns.length; i++) {
          const x = batch[base + columns[i]!]!;
          values[i] = Number.isNaN(x) ? null : x;
        }
        try {
          out[r] = read(frame, evaluator.run(frame, values));
        } catch (err) {
          // A row the model rejects (invalidValueTreatment="returnInvalid", …) scores NaN; the model stays up.
          if (!(err instanceof EvalError)) throw err;
          out[r] = NaN;
        }
      }
      return out;
    },
    dispose: async () => {},
  };
}
