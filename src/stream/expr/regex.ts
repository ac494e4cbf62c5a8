/**
 * Regular expressions from user text: compiled once at compile time, refused when safe-regex2's star
 * height check flags catastrophic backtracking (`(a+)+$`), or when too long (ReDoS, OWASP).
 */

import safeRegex from 'safe-regex2';
import { ExprError } from './errors.ts';

const MAX_PATTERN_LENGTH = 256;
const FLAGS = /^[imsu]*$/;

export function compileRegex(pattern: string, flags: string, col?: number): RegExp {
  if (pattern.length > MAX_PATTERN_LENGTH) {
    throw new ExprError(`the regular expression is ${pattern.length} characters; the limit is ${MAX_PATTERN_LENGTH}`, col);
  }
  if (!FLAGS.test(flags)) throw new ExprError(`unknown regular expression flags '${flags}'`, col, 'use any of i, m, s, u');
  let re: RegExp;
  try {
    re = new RegExp(pattern, flags);
  } catch (err) {
    throw new ExprError(`invalid regular expression /${pattern}/: ${(err as Error).message.replace(/^Invalid regular expression: /, '')}`, col);
  }
  if (!safeRegex(re)) {
    throw new ExprError(
      `regular expression /${pattern}/ can backtrack catastrophically (nested or overlapping repetition)`,
      col,
      'remove the nested quantifier, e.g. (a+)+ → a+',
    );
  }
  return re;
}
