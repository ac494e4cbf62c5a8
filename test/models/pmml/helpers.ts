/** Small hand-written PMML fixtures for the unit tests: a document builder and a one-row scorer. */

import * as assert from 'uvu/assert';
import { AppError } from '../../../src/errors.ts';
import { compilePmml, type PmmlEvaluator } from '../../../src/models/pmml/document.ts';
import { EvalError, type Value } from '../../../src/models/pmml/values.ts';

/** A PMML 4.4 document around a DataDictionary body and a model (plus optional TransformationDictionary). */
export function doc(dataFields: string, model: string, transformations = ''): string {
  return `<?xml version="1.0"?>
<PMML xmlns="http://www.dmg.org/PMML-4_4" version="4.4">
  <Header/>
  <DataDictionary>${dataFields}</DataDictionary>
  ${transformations}
  ${model}
</PMML>`;
}

/** Continuous double DataFields by name. */
export function numbers(...names: string[]): string {
  return names.map((n) => `<DataField name="${n}" optype="continuous" dataType="double"/>`).join('');
}

export function compile(xml: string): PmmlEvaluator {
  return compilePmml(new TextEncoder().encode(xml));
}

/** Scores one record (field → raw value) and returns the named result fields; 'error' for a rejected row. */
export function score(ev: PmmlEvaluator, record: Record<string, Value>, ...results: string[]): Value[] | 'error' {
  const f = ev.newFrame();
  try {
    ev.run(f, ev.inputs.map((i) => record[i.name] ?? null));
  } catch (err) {
    if (err instanceof EvalError) return 'error';
    throw err;
  }
  return results.map((name) => {
    const get = ev.result(name);
    if (!get) throw new Error(`no result field ${name}; have ${ev.results.map((r) => r.name).join(', ')}`);
    return get(f);
  });
}

/** The one named result for a record. */
export function one(ev: PmmlEvaluator, record: Record<string, Value>, result: string): Value | 'error' {
  const out = score(ev, record, result);
  return out === 'error' ? out : out[0]!;
}

/** The load-time refusal message (asserting it is a 422 AppError). */
export function refusal(xml: string): string {
  try {
    compile(xml);
  } catch (err) {
    assert.instance(err, AppError);
    assert.is((err as AppError).status, 422);
    return (err as Error).message;
  }
  assert.unreachable('the document was accepted');
  return '';
}

export function close(actual: Value | 'error', expected: number, tol = 1e-12): void {
  assert.type(actual, 'number', `expected a number, got ${String(actual)}`);
  assert.ok(Math.abs((actual as number) - expected) <= tol * Math.max(1, Math.abs(expected)), `${String(actual)} ≉ ${expected}`);
}
