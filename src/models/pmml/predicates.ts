/**
 * Predicates (PMML 4.4 "Predicates") compiled to closures returning true, false or null (unknown:
 * an input was missing). Three-valued logic follows the spec's truth tables for and/or/xor.
 */

import { kids, refuse, req } from './dom.ts';
import type { Scope } from './scope.ts';
import { compareLiteral, equalsLiteral, keyOf, parseAs, type Frame, type Getter } from './values.ts';
import type { El } from './xml.ts';

export type Pred = (f: Frame) => boolean | null;

export const PREDICATES = ['SimplePredicate', 'CompoundPredicate', 'SimpleSetPredicate', 'True', 'False'] as const;

/** The single predicate child of a Node, Segment or CompoundPredicate. */
export function predicateOf(el: El, allowed: readonly string[]): El {
  const found = kids(el, [...PREDICATES, ...allowed]).filter((c) => (PREDICATES as readonly string[]).includes(c.name));
  if (found.length !== 1) throw refuse(el, `expected one predicate, found ${found.length}`);
  return found[0]!;
}

/**
 * Compiles a predicate. `onAlternative` is told when a surrogate CompoundPredicate had to fall
 * back past its first predicate (TreeModel counts those as missing levels for its penalty).
 */
export function compilePredicate(el: El, scope: Scope, onAlternative?: () => void): Pred {
  switch (el.name) {
    case 'True':
      return () => true;
    case 'False':
      return () => false;
    case 'SimplePredicate':
      return simple(el, scope);
    case 'SimpleSetPredicate':
      return simpleSet(el, scope);
    case 'CompoundPredicate':
      return compound(el, scope, onAlternative);
    default:
      throw refuse(el, `predicate <${el.name}> is not supported`);
  }
}

/** Opcodes of the predicates a tree evaluates inline (see tree.ts): the bulk of every exported tree. */
export const OP = { closure: -1, true: 0, false: 1, lessThan: 2, lessOrEqual: 3, greaterThan: 4, greaterOrEqual: 5 } as const;

export interface Split {
  readonly op: number;
  /** The field read by a comparison; null for True/False. */
  readonly get: Getter | null;
  readonly threshold: number;
}

/**
 * The predicate as an opcode when it is True, False or a numeric field against a numeric threshold
 * (missing input: unknown), so a tree can test it without a closure call; undefined otherwise.
 */
export function splitOf(el: El, scope: Scope): Split | undefined {
  if (el.name === 'True') return { op: OP.true, get: null, threshold: 0 };
  if (el.name === 'False') return { op: OP.false, get: null, threshold: 0 };
  if (el.name !== 'SimplePredicate') return undefined;
  const op = OP[el.attrs.operator as keyof typeof OP];
  const def = scope.find(el.attrs.field ?? '');
  if (op === undefined || op < OP.lessThan || !def || def.optype === 'ordinal') return undefined;
  if (def.dataType !== 'double' && def.dataType !== 'float' && def.dataType !== 'integer') return undefined;
  const threshold = parseAs(def.dataType === 'float' ? 'float' : 'double', el.attrs.value ?? '');
  return typeof threshold === 'number' ? { op, get: def.get, threshold } : undefined;
}

function simple(el: El, scope: Scope): Pred {
  const def = scope.resolve(req(el, 'field'), el);
  const get = def.get;
  const op = req(el, 'operator');
  if (op === 'isMissing') return (f) => get(f) === null;
  if (op === 'isNotMissing') return (f) => get(f) !== null;
  const literal = req(el, 'value');
  if (op === 'equal' || op === 'notEqual') {
    const eq = equalsLiteral(def.dataType, literal);
    const want = op === 'equal';
    return (f) => {
      const v = get(f);
      return v === null ? null : eq(v) === want;
    };
  }
  const order = compareLiteral(def.dataType, literal, def.optype === 'ordinal' ? def.values : undefined);
  const test = ORDER_TESTS[op];
  if (!test) throw refuse(el, `operator="${op}" is not a SimplePredicate operator`);
  // A numeric field against a numeric threshold is the hot path of every tree: no allocation, one compare.
  const threshold = def.dataType === 'double' || def.dataType === 'float' ? parseAs(def.dataType, literal) : undefined;
  if (typeof threshold === 'number' && def.optype !== 'ordinal') {
    const c = threshold;
    switch (op) {
      case 'lessThan':
        return (f) => { const v = get(f); return v === null ? null : typeof v === 'number' ? v < c : test(order(v)); };
      case 'lessOrEqual':
        return (f) => { const v = get(f); return v === null ? null : typeof v === 'number' ? v <= c : test(order(v)); };
      case 'greaterThan':
        return (f) => { const v = get(f); return v === null ? null : typeof v === 'number' ? v > c : test(order(v)); };
      case 'greaterOrEqual':
        return (f) => { const v = get(f); return v === null ? null : typeof v === 'number' ? v >= c : test(order(v)); };
    }
  }
  return (f) => {
    const v = get(f);
    return v === null ? null : test(order(v));
  };
}

const ORDER_TESTS: Record<string, (order: number) => boolean> = {
  lessThan: (o) => o < 0,
  lessOrEqual: (o) => o <= 0,
  greaterThan: (o) => o > 0,
  greaterOrEqual: (o) => o >= 0,
};

function simpleSet(el: El, scope: Scope): Pred {
  const def = scope.resolve(req(el, 'field'), el);
  const op = req(el, 'booleanOperator');
  if (op !== 'isIn' && op !== 'isNotIn') throw refuse(el, `booleanOperator="${op}" is not isIn or isNotIn`);
  const arrays = kids(el, ['Array']);
  if (arrays.length !== 1) throw refuse(el, 'a SimpleSetPredicate needs one Array');
  // Members are parsed as the field's type, so a double field matches "1" and "1.0" alike.
  const members = new Set(readArray(arrays[0]!).map((s) => keyOf(parseAs(def.dataType ?? 'string', s) ?? s)));
  const want = op === 'isIn';
  return (f) => {
    const v = def.get(f);
    return v === null ? null : members.has(keyOf(v)) === want;
  };
}

function compound(el: El, scope: Scope, onAlternative?: () => void): Pred {
  const op = req(el, 'booleanOperator');
  const parts = kids(el, PREDICATES).map((p) => compilePredicate(p, scope));
  if (parts.length < 2) throw refuse(el, 'a CompoundPredicate needs at least two predicates');
  switch (op) {
    case 'and':
      return (f) => {
        let unknown = false;
        for (const p of parts) {
          const r = p(f);
          if (r === false) return false;
          if (r === null) unknown = true;
        }
        return unknown ? null : true;
      };
    case 'or':
      return (f) => {
        let unknown = false;
        for (const p of parts) {
          const r = p(f);
          if (r === true) return true;
          if (r === null) unknown = true;
        }
        return unknown ? null : false;
      };
    case 'xor':
      return (f) => {
        let acc = false;
        for (const p of parts) {
          const r = p(f);
          if (r === null) return null;
          acc = acc !== r;
        }
        return acc;
      };
    case 'surrogate':
      // The first predicate that is not unknown decides; later ones are the surrogates for missing inputs.
      return (f) => {
        for (let i = 0; i < parts.length; i++) {
          const r = parts[i]!(f);
          if (r !== null) {
            if (i > 0) onAlternative?.();
            return r;
          }
        }
        return null;
      };
    default:
      throw refuse(el, `booleanOperator="${op}" is not and, or, xor or surrogate`);
  }
}

/**
 * The entries of an Array (PMML 4.4 "Arrays"): whitespace-separated, double-quoted when an entry
 * holds spaces, with \" for a quote inside quotes.
 */
export function readArray(el: El): string[] {
  const text = el.text;
  const out: string[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i]!)) i++;
    if (i >= text.length) break;
    if (text[i] === '"') {
      let s = '';
      i++;
      while (i < text.length && text[i] !== '"') {
        if (text[i] === '\\' && text[i + 1] === '"') i++;
        s += text[i++];
      }
      i++;
      out.push(s);
    } else {
      const start = i;
      while (i < text.length && !/\s/.test(text[i]!)) i++;
      out.push(text.slice(start, i));
    }
  }
  return out;
}
