/**
 * TextIndex (PMML 4.4 "TextIndex"): how often a term occurs in a text field, after the
 * TextIndexNormalization rewrites, as a local term weight (termFrequency, binary, logarithmic,
 * augmentedNormalizedTermFrequency). Tokens come from wordSeparatorCharacterRE, or JPMML's x-wordRE
 * (the pattern of a word). The last document's tokens are cached: a tf-idf vector calls one
 * TextIndex per vocabulary term on the same text.
 */

import { kids, num, oneOf, refuse, req } from './dom.ts';
import type { Scope } from './scope.ts';
import { format, type Getter, type Value } from './values.ts';
import type { El } from './xml.ts';

type Compile = (el: El, scope: Scope) => { get: Getter };

interface Rewrite {
  readonly pattern: RegExp;
  readonly replacement: string;
  readonly recursive: boolean;
}

export function compileTextIndex(el: El, scope: Scope, compileExpr: Compile): { get: Getter } {
  const text = scope.resolve(req(el, 'textField'), el).get;
  const weights = oneOf(el, 'localTermWeights', ['termFrequency', 'binary', 'logarithmic', 'augmentedNormalizedTermFrequency'], 'termFrequency');
  const caseSensitive = el.attrs.isCaseSensitive === 'true';
  if (num(el, 'maxLevenshteinDistance', 0) !== 0) throw refuse(el, 'maxLevenshteinDistance other than 0 is not supported yet');
  const countHits = oneOf(el, 'countHits', ['allHits', 'bestHits'], 'allHits');
  void countHits; // with exact matching every hit is a best hit
  if (el.attrs.tokenize === 'false') throw refuse(el, 'tokenize="false" is not supported yet');
  const wordRE = el.attrs['x-wordRE'];
  const separator = new RegExp(el.attrs.wordSeparatorCharacterRE ?? '\\s+');
  const word = wordRE === undefined ? undefined : new RegExp(wordRE, 'g');
  const parts = kids(el, ['TextIndexNormalization', 'Constant', 'FieldRef', 'Apply', 'NormContinuous', 'NormDiscrete', 'Discretize', 'MapValues']);
  const rewrites = parts.filter((p) => p.name === 'TextIndexNormalization').flatMap((n) => readNormalization(n, caseSensitive));
  const termEl = parts.find((p) => p.name !== 'TextIndexNormalization');
  if (!termEl) throw refuse(el, 'a TextIndex needs a term expression');
  const term = compileExpr(termEl, scope).get;

  const tokenize = (s: string): string[] => {
    const t = caseSensitive ? s : s.toLowerCase();
    if (word) return t.match(word) ?? [];
    return t.split(separator).filter((w) => w !== '');
  };
  let lastText: string | undefined;
  let lastTokens: string[] = [];
  const termTokens = new Map<string, string[]>();
  return {
    get: (f): Value => {
      const doc = text(f);
      const t = term(f);
      if (doc === null || t === null) return null;
      const s = format(doc);
      if (s !== lastText) {
        lastText = s;
        lastTokens = tokenize(normalize(s, rewrites));
      }
      const key = format(t);
      let needle = termTokens.get(key);
      if (!needle) termTokens.set(key, (needle = tokenize(key)));
      const n = count(lastTokens, needle);
      switch (weights) {
        case 'termFrequency':
          return n;
        case 'binary':
          return n > 0 ? 1 : 0;
        case 'logarithmic':
          return Math.log10(1 + n);
        case 'augmentedNormalizedTermFrequency':
          throw refuse(el, 'augmentedNormalizedTermFrequency is not supported yet');
      }
    },
  };
}

/** InlineTable rows of a TextIndexNormalization: string → stem, literal or regex, optionally until nothing changes. */
function readNormalization(n: El, caseSensitive: boolean): Rewrite[] {
  const recursive = n.attrs.recursive === 'true';
  const table = kids(n, ['InlineTable', 'TableLocator'])[0];
  if (!table || table.name !== 'InlineTable') throw refuse(n, 'a TextIndexNormalization needs an InlineTable');
  const inField = n.attrs.inField ?? 'string';
  const outField = n.attrs.outField ?? 'stem';
  const regexField = n.attrs.regexField ?? 'regex';
  return kids(table, ['row']).map((row) => {
    const cell = (name: string): string | undefined => row.children.find((c) => c.name.replace(/^\{[^}]*\}/, '') === name)?.text;
    const from = cell(inField);
    if (from === undefined) throw refuse(row, `a normalization row needs <${inField}>`);
    const isRegex = cell(regexField) === 'true';
    // Without isCaseSensitive the rewrites ignore case too, like the term matching after them.
    const pattern = new RegExp(isRegex ? from : from.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), caseSensitive ? 'g' : 'gi');
    // Java's replaceAll and String.replace with 'g' read "$1" the same way.
    return { pattern, replacement: cell(outField) ?? '', recursive };
  });
}

function normalize(s: string, rewrites: readonly Rewrite[]): string {
  let out = s;
  for (const r of rewrites) {
    for (let i = 0; i < 100; i++) {
      const next = out.replace(r.pattern, r.replacement);
      if (next === out || !r.recursive) {
        out = next;
        break;
      }
      out = next;
    }
  }
  return out;
}

/** Occurrences of the token sequence `needle` in `tokens` (exact matches, overlapping allowed). */
function count(tokens: readonly string[], needle: readonly string[]): number {
  if (needle.length === 0) return 0;
  let n = 0;
  outer: for (let i = 0; i + needle.length <= tokens.length; i++) {
    for (let j = 0; j < needle.length; j++) if (tokens[i + j] !== needle[j]) continue outer;
    n++;
  }
  return n;
}
