/**
 * Expressions and DerivedFields (PMML 4.4 "Transformations") compiled to closures over the frame:
 * Constant, FieldRef, NormContinuous, NormDiscrete, Discretize, MapValues and Apply.
 */

import { inInterval, readInterval } from './dictionary.ts';
import { child, kids, num, refuse, req } from './dom.ts';
import { arityFits, BUILTINS } from './functions.ts';
import { compileTextIndex } from './text-index.ts';
import { lazySlot, Scope, type FieldDef, type UserFunction } from './scope.ts';
import {
  asNumber,
  castTo,
  dataTypeAttr,
  EvalError,
  inferType,
  keyOf,
  opTypeAttr,
  parseAs,
  type DataType,
  type Getter,
  type OpType,
  type Value,
} from './values.ts';
import type { El } from './xml.ts';

export interface Expr {
  readonly get: Getter;
  readonly dataType?: DataType;
  readonly optype?: OpType;
}

export const EXPRESSIONS = ['Constant', 'FieldRef', 'NormContinuous', 'NormDiscrete', 'Discretize', 'MapValues', 'Apply', 'TextIndex'] as const;
/** Expression elements of PMML 4.4 that are refused with a pointer to issue 5. */
const LATER = ['Aggregate', 'Lag'];

/** The one expression child of a DerivedField, OutputField or Apply argument list. */
export function expressionChild(el: El): El | undefined {
  const found = kids(el, [...EXPRESSIONS, ...LATER, 'Value', 'Decisions']).filter((c) => c.name !== 'Value');
  if (found.length > 1) throw refuse(el, `expected one expression, found ${found.map((c) => `<${c.name}>`).join(', ')}`);
  return found[0];
}

export function compileExpr(el: El, scope: Scope): Expr {
  switch (el.name) {
    case 'Constant':
      return constant(el);
    case 'FieldRef': {
      const def = scope.resolve(req(el, 'field'), el);
      return { get: withMissing(def.get, literal(el, 'mapMissingTo', def.dataType)), dataType: def.dataType, optype: def.optype };
    }
    case 'NormContinuous':
      return normContinuous(el, scope);
    case 'NormDiscrete':
      return normDiscrete(el, scope);
    case 'Discretize':
      return discretize(el, scope);
    case 'MapValues':
      return mapValues(el, scope);
    case 'Apply':
      return apply(el, scope);
    case 'TextIndex':
      return { ...compileTextIndex(el, scope, compileExpr), dataType: 'double', optype: 'continuous' };
    default:
      throw refuse(el, `expression <${el.name}> is not supported yet`);
  }
}

/** DerivedFields of a TransformationDictionary or LocalTransformations, defined lazily in `scope`. */
export function defineDerivedFields(container: El, scope: Scope): void {
  for (const df of kids(container, ['DerivedField', 'DefineFunction'])) {
    if (df.name === 'DefineFunction') {
      if (container.name !== 'TransformationDictionary') throw refuse(df, 'DefineFunction belongs in the TransformationDictionary');
      scope.defineFunction(req(df, 'name'), df, () => defineFunction(df, scope));
      continue;
    }
    const name = req(df, 'name');
    scope.defineLazy(name, df, () => derivedField(df, name, scope));
  }
}

/**
 * A DefineFunction: its body sees only its ParameterFields (PMML 4.4 "DefineFunction"), each a frame
 * slot written from the call's arguments just before the body runs.
 */
function defineFunction(el: El, outer: Scope): UserFunction {
  const local = new Scope(null, outer.layout);
  // Functions may call other functions: resolve them in the document scope.
  local.functionsFrom(outer);
  const params = kids(el, ['ParameterField', ...EXPRESSIONS, ...LATER]).filter((p) => p.name === 'ParameterField').map((p) => {
    const slot = outer.layout.slot();
    const dataType = dataTypeAttr(p);
    local.define({ name: req(p, 'name'), get: (f) => f[slot] ?? null, dataType, optype: opTypeAttr(p) }, p);
    return { slot, dataType, name: req(p, 'name') };
  });
  const bodyEl = el.children.find((c) => (EXPRESSIONS as readonly string[]).includes(c.name) || LATER.includes(c.name));
  if (!bodyEl) throw refuse(el, 'a DefineFunction needs an expression');
  const body = compileExpr(bodyEl, local);
  const dataType = dataTypeAttr(el);
  const result = dataType ? cast(body.get, dataType, req(el, 'name')) : body.get;
  return {
    arity: params.length,
    call: (args) => (f) => {
      // Arguments first, then the slots: a nested call of the same function sees its own values.
      const values = args.map((a) => a(f));
      for (let i = 0; i < params.length; i++) {
        const p = params[i]!;
        const v = values[i]!;
        f[p.slot] = p.dataType && v !== null ? convert(p.dataType, v, p.name) : v;
      }
      return result(f);
    },
  };
}

function derivedField(el: El, name: string, scope: Scope): FieldDef {
  const exprEl = expressionChild(el);
  if (!exprEl) throw refuse(el, 'a DerivedField needs an expression');
  const expr = compileExpr(exprEl, scope);
  const dataType = dataTypeAttr(el) ?? expr.dataType;
  const optype = opTypeAttr(el) ?? expr.optype;
  const values = kids(el, [...EXPRESSIONS, ...LATER, 'Value'])
    .filter((v) => v.name === 'Value' && (v.attrs.property ?? 'valid') === 'valid')
    .map((v) => (dataType ? (parseAs(dataType, req(v, 'value')) ?? null) : req(v, 'value')));
  const compute = dataType ? cast(expr.get, dataType, name) : expr.get;
  return { name, get: lazySlot(scope.layout.slot(), compute), dataType, optype, values };
}

/** Converts an expression's value to a declared dataType; a value that cannot be converted fails the row. */
export function cast(get: Getter, type: DataType, name: string): Getter {
  return (f) => convert(type, get(f), name);
}

export function convert(type: DataType, v: Value, name: string): Value {
  const c = castTo(type, v);
  if (c === undefined) throw new EvalError(`"${String(v)}" is not a ${type} (field "${name}")`);
  return c;
}

function constant(el: El): Expr {
  if (el.attrs.missing === 'true') return { get: () => null, dataType: dataTypeAttr(el) };
  const text = el.text;
  const dataType = dataTypeAttr(el) ?? inferType(text.trim());
  const v = parseAs(dataType, dataType === 'string' ? text : text.trim());
  if (v === undefined) throw refuse(el, `"${text}" is not a ${dataType}`);
  return { get: () => v, dataType };
}

/** A literal attribute parsed as `type` (mapMissingTo, defaultValue); undefined when absent. */
function literal(el: El, name: string, type: DataType | undefined): Value | undefined {
  const s = el.attrs[name];
  if (s === undefined) return undefined;
  const t = type ?? inferType(s);
  const v = parseAs(t, s);
  if (v === undefined) throw refuse(el, `${name}="${s}" is not a ${t}`);
  return v;
}

function withMissing(get: Getter, mapMissingTo: Value | undefined): Getter {
  if (mapMissingTo === undefined) return get;
  return (f) => {
    const v = get(f);
    return v === null ? mapMissingTo : v;
  };
}

/** NormContinuous: piecewise-linear between LinearNorm points; outliers per `outliers` (PMML 4.4 "Normalization"). */
function normContinuous(el: El, scope: Scope): Expr {
  const field = scope.resolve(req(el, 'field'), el).get;
  const points = kids(el, ['LinearNorm']).map((p) => ({ orig: num(p, 'orig', NaN), norm: num(p, 'norm', NaN) }));
  if (points.length < 2) throw refuse(el, 'NormContinuous needs at least two LinearNorm points');
  for (let i = 1; i < points.length; i++) if (!(points[i]!.orig > points[i - 1]!.orig)) throw refuse(el, 'LinearNorm orig values must increase');
  const outliers = el.attrs.outliers ?? 'asIs';
  if (outliers !== 'asIs' && outliers !== 'asMissingValues' && outliers !== 'asExtremeValues') throw refuse(el, `outliers="${outliers}" is not valid`);
  const mapMissingTo = num(el, 'mapMissingTo');
  const first = points[0]!;
  const last = points[points.length - 1]!;
  const interpolate = (x: number, a: (typeof points)[0], b: (typeof points)[0]): number => a.norm + ((x - a.orig) / (b.orig - a.orig)) * (b.norm - a.norm);
  return {
    dataType: 'double',
    optype: 'continuous',
    get: (f) => {
      const v = field(f);
      if (v === null) return mapMissingTo ?? null;
      const x = asNumber(v);
      if (x < first.orig || x > last.orig) {
        if (outliers === 'asMissingValues') return mapMissingTo ?? null;
        if (outliers === 'asExtremeValues') return x < first.orig ? first.norm : last.norm;
        return x < first.orig ? interpolate(x, first, points[1]!) : interpolate(x, points[points.length - 2]!, last);
      }
      let i = 1;
      while (i < points.length - 1 && x > points[i]!.orig) i++;
      return interpolate(x, points[i - 1]!, points[i]!);
    },
  };
}

/** NormDiscrete: 1 when the field equals `value`, else 0 (an indicator column). */
function normDiscrete(el: El, scope: Scope): Expr {
  const def = scope.resolve(req(el, 'field'), el);
  const target = parseAs(def.dataType ?? 'string', req(el, 'value'));
  const key = target === undefined ? undefined : keyOf(target);
  const mapMissingTo = num(el, 'mapMissingTo');
  return {
    dataType: 'double',
    optype: 'continuous',
    get: (f) => {
      const v = def.get(f);
      if (v === null) return mapMissingTo ?? null;
      return keyOf(v) === key ? 1 : 0;
    },
  };
}

/** Discretize: the binValue of the first DiscretizeBin whose Interval holds the value. */
function discretize(el: El, scope: Scope): Expr {
  const field = scope.resolve(req(el, 'field'), el).get;
  const dataType = dataTypeAttr(el) ?? 'string';
  const bins = kids(el, ['DiscretizeBin']).map((b) => {
    const value = parseAs(dataType, req(b, 'binValue'));
    const interval = child(b, 'Interval');
    if (value === undefined || !interval) throw refuse(b, 'a DiscretizeBin needs a binValue of the field type and an Interval');
    return { value, interval: readInterval(interval) };
  });
  const mapMissingTo = literal(el, 'mapMissingTo', dataType);
  const defaultValue = literal(el, 'defaultValue', dataType);
  return {
    dataType,
    optype: 'categorical',
    get: (f) => {
      const v = field(f);
      if (v === null) return mapMissingTo ?? null;
      const x = asNumber(v);
      for (const b of bins) if (inInterval(b.interval, x)) return b.value;
      return defaultValue ?? null;
    },
  };
}

/** MapValues: looks the input fields up in an InlineTable and returns `outputColumn` of the matching row. */
function mapValues(el: El, scope: Scope): Expr {
  const pairs = kids(el, ['FieldColumnPair', 'InlineTable', 'TableLocator']);
  const locator = pairs.find((p) => p.name === 'TableLocator');
  if (locator) throw refuse(locator, 'external tables (TableLocator) are not supported');
  const table = pairs.find((p) => p.name === 'InlineTable');
  if (!table) throw refuse(el, 'MapValues needs an InlineTable');
  const inputs = pairs
    .filter((p) => p.name === 'FieldColumnPair')
    .map((p) => ({ def: scope.resolve(req(p, 'field'), p), column: localName(req(p, 'column')) }));
  const dataType = dataTypeAttr(el) ?? 'string';
  const outputColumn = localName(req(el, 'outputColumn'));
  const lookup = new Map<string, Value>();
  for (const row of readRows(table)) {
    const out = row.get(outputColumn);
    if (out === undefined) continue;
    const key = inputs.map(({ def, column }) => {
      const cell = row.get(column);
      return cell === undefined ? undefined : keyOf(parseAs(def.dataType ?? 'string', cell) ?? cell);
    });
    if (key.some((k) => k === undefined)) continue;
    const value = parseAs(dataType, out);
    if (value === undefined) throw refuse(table, `"${out}" is not a ${dataType}`);
    const k = key.join('\u0000');
    if (!lookup.has(k)) lookup.set(k, value);
  }
  const mapMissingTo = literal(el, 'mapMissingTo', dataType);
  const defaultValue = literal(el, 'defaultValue', dataType);
  return {
    dataType,
    optype: 'categorical',
    get: (f) => {
      const parts: string[] = [];
      for (const { def } of inputs) {
        const v = def.get(f);
        if (v === null) return mapMissingTo ?? null;
        parts.push(keyOf(v));
      }
      const hit = lookup.get(parts.join('\u0000'));
      return hit === undefined ? (defaultValue ?? null) : hit;
    },
  };
}

/** InlineTable rows as column → cell text (column elements may carry a namespace prefix). */
export function readRows(table: El): Array<Map<string, string>> {
  return kids(table, ['row']).map((row) => new Map(row.children.map((c) => [localName(c.name), c.text])));
}

function localName(name: string): string {
  return name.replace(/^\{[^}]*\}/, '').replace(/^[^:]*:/, '');
}

/** Apply: a built-in function over argument expressions, with mapMissingTo / defaultValue / invalidValueTreatment. */
function apply(el: El, scope: Scope): Expr {
  const name = req(el, 'function');
  const argEls = kids(el, [...EXPRESSIONS, ...LATER]);
  const args = argEls.map((a) => compileExpr(a, scope).get);
  const mapMissingTo = literal(el, 'mapMissingTo', undefined);
  const defaultValue = literal(el, 'defaultValue', undefined);
  const treatment = el.attrs.invalidValueTreatment ?? 'returnInvalid';
  if (treatment !== 'returnInvalid' && treatment !== 'asMissing' && treatment !== 'asIs') throw refuse(el, `invalidValueTreatment="${treatment}" is not valid`);
  const finish = (v: Value): Value => (v === null && defaultValue !== undefined ? defaultValue : v);

  if (name === 'if') {
    if (args.length < 2 || args.length > 3) throw refuse(el, '"if" takes a condition, a value and an optional else-value');
    const [test, then, otherwise] = args as [Getter, Getter, Getter | undefined];
    // Only the chosen branch is evaluated: the other may be invalid for this row.
    return {
      get: (f) => {
        const c = test(f);
        if (c === null) return finish(mapMissingTo ?? null);
        return finish(c === true || c === 1 ? then(f) : otherwise ? otherwise(f) : null);
      },
    };
  }
  const user = BUILTINS[name] ? undefined : scope.findFunction(name);
  if (user) {
    if (user.arity !== args.length) throw refuse(el, `function "${name}" takes ${user.arity} arguments, not ${args.length}`);
    const call = user.call(args);
    return { get: (f) => finish(call(f) ?? mapMissingTo ?? null) };
  }
  const builtin = BUILTINS[name];
  if (!builtin) throw refuse(el, `function "${name}" is not supported yet`);
  if (!arityFits(builtin, args.length)) throw refuse(el, `function "${name}" does not take ${args.length} arguments`);
  const dataType: DataType | undefined = ['equal', 'notEqual', 'lessThan', 'lessOrEqual', 'greaterThan', 'greaterOrEqual', 'isMissing', 'isNotMissing', 'isIn', 'isNotIn', 'and', 'or', 'not'].includes(name)
    ? 'boolean'
    : undefined;
  return {
    dataType,
    get: (f) => {
      const values = args.map((a) => a(f));
      if (!builtin.seesMissing && values.includes(null)) return finish(mapMissingTo ?? null);
      try {
        return finish(builtin.fn(values));
      } catch (err) {
        if (err instanceof EvalError && treatment !== 'returnInvalid') return finish(null);
        throw err;
      }
    },
  };
}
