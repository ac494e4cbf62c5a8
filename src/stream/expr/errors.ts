/** The one error the expression language throws: what is wrong, where (1-based column) and what to do. */

export class ExprError extends Error {
  constructor(
    /** The problem without position, e.g. `unknown function 'lenght'`. */
    readonly problem: string,
    /** 1-based column in the source, when known (compile errors always; evaluation errors when the node has one). */
    readonly column?: number,
    /** What to write instead, e.g. `did you mean 'len'?`. */
    readonly hint?: string,
  ) {
    super(`${problem}${column === undefined ? '' : ` at ${column}`}${hint ? `; ${hint}` : ''}`);
    this.name = 'ExprError';
  }
}

/** Levenshtein distance with an early cut: names are short, so the O(n·m) table is tiny. */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

/** `did you mean 'len'?` for the closest known name within two edits, a case-only difference or a prefix. */
export function suggest(name: string, known: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  const lower = name.toLowerCase();
  for (const k of known) {
    const kl = k.toLowerCase();
    // a misspelt longer form of a short name (`lenght` for `len`) counts as one edit
    const d = kl === lower ? 0 : kl.length >= 3 && lower.startsWith(kl) ? 1 : distance(lower, kl);
    if (d < bestD) {
      best = k;
      bestD = d;
    }
  }
  return best !== undefined && bestD <= Math.min(2, Math.max(1, Math.floor(name.length / 2))) ? `did you mean '${best}'?` : undefined;
}
