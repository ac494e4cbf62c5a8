/** The DataDictionary: each input field's type and its valid, invalid and missing values (PMML 4.4 "DataDictionary"). */

import { kids, num, refuse, req } from './dom.ts';
import { dataTypeAttr, opTypeAttr, parseAs, type DataType, type OpType, type Value } from './values.ts';
import type { El } from './xml.ts';

export interface Interval {
  readonly left: number;
  readonly right: number;
  readonly closure: 'openClosed' | 'openOpen' | 'closedOpen' | 'closedClosed';
}

export interface DataFieldDef {
  readonly name: string;
  readonly dataType: DataType;
  readonly optype: OpType;
  /** Values with property="valid" (the default), parsed, in document order. */
  readonly valid: readonly Value[];
  /** The raw text of every declared Value by property, compared before parsing. */
  readonly invalidText: ReadonlySet<string>;
  readonly missingText: ReadonlySet<string>;
  /** displayValue by category key, for predictedDisplayValue. */
  readonly display: ReadonlyMap<string, string>;
  readonly intervals: readonly Interval[];
  readonly el: El;
}

export type Dictionary = ReadonlyMap<string, DataFieldDef>;

export function readDictionary(el: El): Dictionary {
  const out = new Map<string, DataFieldDef>();
  for (const df of kids(el, ['DataField', 'Taxonomy'])) {
    if (df.name === 'Taxonomy') throw refuse(df, 'taxonomies (hierarchical categories) are not supported yet');
    const def = readDataField(df);
    if (out.has(def.name)) throw refuse(df, `field "${def.name}" is declared twice`);
    out.set(def.name, def);
  }
  return out;
}

function readDataField(el: El): DataFieldDef {
  const name = req(el, 'name');
  const optype = opTypeAttr(el) ?? 'continuous';
  const dataType = dataTypeAttr(el) ?? (optype === 'continuous' ? 'double' : 'string');
  const valid: Value[] = [];
  const invalidText = new Set<string>();
  const missingText = new Set<string>();
  const display = new Map<string, string>();
  const intervals: Interval[] = [];
  for (const c of kids(el, ['Value', 'Interval'])) {
    if (c.name === 'Interval') {
      intervals.push(readInterval(c));
      continue;
    }
    const text = req(c, 'value');
    const property = c.attrs.property ?? 'valid';
    if (property === 'invalid') invalidText.add(text);
    else if (property === 'missing') missingText.add(text);
    else if (property === 'valid') {
      const v = parseAs(dataType, text);
      if (v === undefined) throw refuse(c, `value "${text}" is not a ${dataType}`);
      valid.push(v);
      if (c.attrs.displayValue !== undefined) display.set(String(v), c.attrs.displayValue);
    } else throw refuse(c, `property="${property}" is not valid, invalid or missing`);
  }
  if (intervals.length && optype !== 'continuous') throw refuse(el, 'Intervals are only allowed on continuous fields');
  return { name, dataType, optype, valid, invalidText, missingText, display, intervals, el };
}

export function readInterval(el: El): Interval {
  const closure = el.attrs.closure ?? 'closedClosed';
  if (closure !== 'openClosed' && closure !== 'openOpen' && closure !== 'closedOpen' && closure !== 'closedClosed') {
    throw refuse(el, `closure="${closure}" is not a PMML interval closure`);
  }
  return { left: num(el, 'leftMargin', -Infinity), right: num(el, 'rightMargin', Infinity), closure };
}

export function inInterval(i: Interval, x: number): boolean {
  const leftOk = i.closure === 'closedOpen' || i.closure === 'closedClosed' ? x >= i.left : x > i.left;
  const rightOk = i.closure === 'openClosed' || i.closure === 'closedClosed' ? x <= i.right : x < i.right;
  return leftOk && rightOk;
}
