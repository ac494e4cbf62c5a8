/**
 * The JPMML-style conformance harness: reads a cases.json set (PMML + input CSV + expected CSV),
 * scores every row through the service's evaluator, and compares with JPMML's equivalence rules.
 */

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { AppError } from '../../../src/errors.ts';
import { compilePmml, type PmmlEvaluator } from '../../../src/models/pmml/document.ts';
import { EvalError, type Value } from '../../../src/models/pmml/values.ts';

export type Tolerance = { mode: 'relative'; precision: number; zeroThreshold: number } | { mode: 'float32_ulps'; ulps: number } | { mode: 'exact' };

export interface Case {
  name: string;
  modelType: string;
  pmml: string;
  input: string;
  expected: string;
  outputColumns: string[];
  tolerance: Tolerance;
  missingValueTokens?: string[];
}

export interface CaseSet {
  dir: string;
  cases: Case[];
  negativeCases: Array<{ name: string; pmml: string }>;
}

export type Outcome =
  | { kind: 'passed'; rows: number }
  | { kind: 'failed'; rows: number; passedRows: number; firstFailure: string }
  | { kind: 'unsupported'; reason: string }
  | { kind: 'refused'; reason: string };

/** The shared development set, unless PMML_CASES names another cases.json of the same layout. */
export function findCases(): CaseSet | string {
  const path = process.env.PMML_CASES ?? new URL('../../../../shared/datasets/pmml/cases.json', import.meta.url).pathname;
  if (!existsSync(path)) return `no conformance cases at ${path} (set PMML_CASES to a cases.json)`;
  const raw = JSON.parse(readFileSync(path, 'utf8')) as { cases: Case[]; negativeCases?: Array<{ name: string; pmml: string }> };
  return { dir: dirname(path), cases: raw.cases, negativeCases: raw.negativeCases ?? [] };
}

/**
 * RFC 4180 CSV: quoted cells may hold commas, quotes ("") and newlines. Cells are never trimmed.
 * A quote inside an unquoted cell is a literal character (as Python's and Java's readers take it).
 */
export function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  // At the first character of a cell: only there does a quote open a quoted section.
  let fresh = true;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
      continue;
    }
    if (ch === '"' && fresh) {
      quoted = true;
      fresh = false;
    } else if (ch === ',') {
      row.push(cell);
      cell = '';
      fresh = true;
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      fresh = true;
    } else {
      cell += ch;
      fresh = false;
    }
  }
  if (cell !== '' || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

/** Rounds to float32 and measures the distance in units in the last place of `expected`. */
function float32Ulps(actual: number, expected: number): number {
  const a = Math.fround(actual);
  const e = Math.fround(expected);
  if (a === e) return 0;
  const exp = Math.floor(Math.log2(Math.abs(e) || 1.1754943508222875e-38));
  const ulp = Math.pow(2, Math.max(exp, -126) - 23);
  return Math.abs(a - e) / ulp;
}

/** JPMML's comparison: the expected text parsed to the actual value's type, then the case's tolerance. */
export function matches(actual: Value, expectedText: string, tol: Tolerance, missingTokens: string[]): boolean {
  const expectedMissing = missingTokens.includes(expectedText) || expectedText === '';
  if (actual === null) return expectedMissing;
  if (expectedMissing) return false;
  if (typeof actual === 'string') return actual === expectedText;
  if (typeof actual === 'boolean') return String(actual) === expectedText.trim().toLowerCase();
  const e = Number(expectedText);
  if (Number.isNaN(e)) return expectedText === 'NaN' && Number.isNaN(actual);
  switch (tol.mode) {
    case 'exact':
      return actual === e;
    case 'float32_ulps':
      return float32Ulps(actual, e) <= tol.ulps;
    case 'relative':
      if (Math.abs(e) <= tol.zeroThreshold && Math.abs(actual) <= tol.zeroThreshold) return true;
      return Math.abs(actual - e) <= tol.precision * Math.abs(e);
  }
}

/** Loads and scores one case; "not supported yet" refusals are reported apart from real failures. */
export function runCase(set: CaseSet, c: Case): Outcome {
  let evaluator: PmmlEvaluator;
  try {
    evaluator = compilePmml(new Uint8Array(readFileSync(join(set.dir, c.pmml))));
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    return /not supported/.test(err.message) ? { kind: 'unsupported', reason: err.message } : { kind: 'refused', reason: err.message };
  }
  const tokens = c.missingValueTokens ?? ['N/A', 'NA'];
  const [header = [], ...inputRows] = readCsv(readFileSync(join(set.dir, c.input), 'utf8'));
  const [expHeader = [], ...expRows] = readCsv(readFileSync(join(set.dir, c.expected), 'utf8'));
  const columns = evaluator.inputs.map((i) => header.indexOf(i.name));
  const outputs = c.outputColumns.map((name) => ({ name, at: expHeader.indexOf(name), get: evaluator.result(name) }));
  const missingOutput = outputs.find((o) => !o.get || o.at < 0);
  if (missingOutput) return { kind: 'failed', rows: expRows.length, passedRows: 0, firstFailure: `result field "${missingOutput.name}" is not produced (have: ${evaluator.results.map((r) => r.name).join(', ')})` };
  const f = evaluator.newFrame();
  let passedRows = 0;
  let firstFailure = '';
  const records = groupRecords(evaluator, inputRows, columns, tokens);
  for (let r = 0; r < expRows.length; r++) {
    const values = records[r] ?? columns.map(() => null);
    let problem = '';
    try {
      evaluator.run(f, values);
      for (const o of outputs) {
        const actual = o.get!(f);
        const expected = expRows[r]![o.at] ?? '';
        if (!matches(actual, expected, c.tolerance, tokens)) {
          problem = `row ${r + 1}: ${o.name} = ${JSON.stringify(actual)}, expected ${expected}`;
          break;
        }
      }
    } catch (err) {
      if (!(err instanceof EvalError)) throw err;
      problem = `row ${r + 1}: ${err.message}`;
    }
    if (problem === '') passedRows++;
    else if (firstFailure === '') firstFailure = problem;
  }
  return passedRows === expRows.length ? { kind: 'passed', rows: expRows.length } : { kind: 'failed', rows: expRows.length, passedRows, firstFailure };
}

/**
 * The records to score, one per expected row: input rows as they are, or — when a MiningField has
 * usageType="group" (an AssociationModel) — the rows sharing the group value, in first-appearance
 * order, with every other input holding the group's values as an array.
 */
function groupRecords(evaluator: PmmlEvaluator, rows: string[][], columns: number[], tokens: string[]): Array<Array<Value | Value[]>> {
  const cell = (cells: string[], at: number): Value => (at < 0 || tokens.includes(cells[at] ?? '') ? null : cells[at]!);
  const groupAt = evaluator.inputs.findIndex((i) => i.group);
  if (groupAt < 0) return rows.map((cells) => columns.map((at) => cell(cells, at)));
  const groups = new Map<string, string[][]>();
  for (const cells of rows) {
    const key = cells[columns[groupAt]!] ?? '';
    (groups.get(key) ?? groups.set(key, []).get(key)!).push(cells);
  }
  return [...groups].map(([key, members]) => columns.map((at, i) => (i === groupAt ? key : members.map((m) => cell(m, at)))));
}

/** Whether a negative case (DOCTYPE / entity attack) is refused as MODEL_INVALID. */
export function refuses(set: CaseSet, pmml: string): string | undefined {
  try {
    compilePmml(new Uint8Array(readFileSync(join(set.dir, pmml))));
    return undefined;
  } catch (err) {
    return err instanceof AppError && err.code === 'MODEL_INVALID' ? err.message : undefined;
  }
}
