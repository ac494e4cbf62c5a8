/** Contextual anomaly detector (CAD OSE): novelty of (previous context → current quantized value) pairs. */

import type { CreateOptions, Detector, DetectorDef } from './types.ts';
import { univariate, type Kernel } from './univariate.ts';

export interface CadParams {
  /** Bits of the quantized value: the causal range is cut into 2^bits − 1 steps. */
  bits: number;
  /** Rows whose values set the quantization range; later values beyond it get extra bits (0 = never frozen). */
  rangeRows: number;
  /** A raw score at or above this mutes the output for `restPeriod` rows. */
  baseThreshold: number;
  /** Rows of output muted after a raw score ≥ baseThreshold (also the start-up mute). */
  restPeriod: number;
  /** Longest left semi-context crossed into new contexts. */
  maxLeftSemiContexts: number;
  /** Active contexts fed back as "neuron" facts into the next left context. */
  maxActiveNeurons: number;
  /**
   * Bound on stored contexts (memory per key): past it no new context is stored and unseen pairs
   * keep scoring as new. NAB's nyc_taxi (10k rows) stores ~5.6k; the published detector has no bound.
   */
  maxContexts: number;
}

/** Contexts are stored as parallel arrays (JSON-safe) and indexed by their facts' key. */
interface State {
  n: number;
  lo: number;
  hi: number;
  /** The current left facts: this row's value facts plus its active-context facts. */
  left: number[];
  predicted: number[];
  recent: number[];
  lefts: number[][];
  leftKey: Record<string, number>;
  /** Per left semi-context: its contexts as [right id, context id] pairs. */
  leftCtx: Array<Array<[number, number]>>;
  factLeft: Record<string, number[]>;
  rights: number[][];
  rightKey: Record<string, number>;
  factRight: Record<string, number[]>;
  /** Per context: [times selected (weighted), facts hit, times fully active, right id, zero-level 0/1]. */
  ctx: number[][];
  /** Left semi-contexts crossed by `left`, with the facts of `left` they contain. */
  crossed: Array<[number, number[]]>;
}

const NEURON = 2 ** 31;
const VALUE = 65536;
const key = (facts: readonly number[]) => facts.join(',');

/** Value facts: bit j of the quantized value k becomes fact VALUE + 2j + bit (negative k: offset 64). */
function valueFacts(s: State, x: number, p: CadParams): number[] {
  const range = s.n === 0 ? 0 : s.hi - s.lo;
  const steps = 2 ** p.bits - 1;
  const k = s.n === 0 ? 0 : Math.trunc(((x - s.lo) * steps) / (range > 0 ? range : steps));
  const base = VALUE + (k < 0 ? 64 : 0);
  const m = Math.abs(k);
  const width = Math.max(p.bits, m > 0 ? Math.floor(Math.log2(m)) + 1 : 0);
  const out: number[] = [];
  for (let j = 0; j < width; j++) out.push(base + 2 * j + (Math.floor(m / 2 ** j) % 2));
  return out.sort((a, b) => a - b);
}

function postings(index: Record<string, number[]>, facts: readonly number[]): Map<number, number[]> {
  const hit = new Map<number, number[]>();
  for (const f of facts) for (const id of index[f] ?? []) (hit.get(id) ?? hit.set(id, []).get(id)!).push(f);
  return hit;
}

function ctxId(s: State, lf: readonly number[], rf: readonly number[]): number | undefined {
  const l = s.leftKey[key(lf)];
  const r = s.rightKey[key(rf)];
  return l === undefined || r === undefined ? undefined : s.leftCtx[l]!.find((e) => e[0] === r)?.[1];
}

function semi(keys: Record<string, number>, list: number[][], index: Record<string, number[]>, facts: number[]): number {
  const k = key(facts);
  let id = keys[k];
  if (id === undefined) {
    id = keys[k] = list.length;
    list.push([...facts]);
    for (const f of facts) (index[f] ??= []).push(id);
  }
  return id;
}

/** Stores the context (left → right) unless known; a zero-level sighting marks it. True when new. */
function addCtx(s: State, lf: number[], rf: number[], zero: boolean, maxContexts: number): boolean {
  if (s.ctx.length >= maxContexts && ctxId(s, lf, rf) === undefined) return false;
  const l = semi(s.leftKey, s.lefts, s.factLeft, lf);
  if (l === s.leftCtx.length) s.leftCtx.push([]);
  const r = semi(s.rightKey, s.rights, s.factRight, rf);
  const known = s.leftCtx[l]!.find((e) => e[0] === r)?.[1];
  if (known !== undefined) {
    if (zero) s.ctx[known]![4] = 1;
    return false;
  }
  s.leftCtx[l]!.push([r, s.ctx.length]);
  s.ctx.push([0, 0, 0, r, zero ? 1 : 0]);
  return true;
}

interface Step {
  facts: number[];
  fresh: boolean;
  selected: number;
  /** [context id, right length, right facts hit]. */
  updates: Array<[number, number, number]>;
  potential: Array<[number[], number[]]>;
  raw: number;
}

/**
 * Read-only evaluation of one row (Smirnov's CAD OSE, as run in NAB as `contextOSE`): the contexts
 * selected by the previous left facts are matched against this row's value facts; the raw score is
 * (1 − share of selected contexts fully confirmed + share of candidate contexts that are new) / 2,
 * and 0 when every value fact was predicted.
 */
function evaluate(s: State, x: number, p: CadParams): Step {
  const facts = valueFacts(s, x, p);
  const fresh = s.left.length > 0 && ctxId(s, s.left, facts) === undefined;
  const hits = postings(s.factRight, facts);
  const updates: Step['updates'] = [];
  const potential: Step['potential'] = [];
  let selected = 0;
  let active = 0;
  for (const [l, matched] of s.crossed) {
    const full = matched.length === s.lefts[l]!.length;
    // A partly matched left semi-context only matters for growing new contexts.
    if (!full && !(fresh && matched.length <= p.maxLeftSemiContexts)) continue;
    for (const [r, c] of s.leftCtx[l]!) {
      const rf = hits.get(r) ?? [];
      const rlen = s.rights[r]!.length;
      if (full) {
        selected++;
        updates.push([c, rlen, rf.length]);
        if (rf.length > 0 && rf.length === rlen) active++;
      }
      const grow = fresh && rf.length > 0 && s.ctx[c]![4] === 1 && matched.length <= p.maxLeftSemiContexts;
      if (grow && !(full && rf.length === rlen)) potential.push([matched, rf]);
    }
  }
  let novelty = 0;
  if (fresh) {
    const zeroKey = `${key(s.left)}|${key(facts)}`;
    const uniq = new Set([zeroKey]);
    let added = 1;
    for (const [lf, rf] of potential) {
      const k = `${key(lf)}|${key(rf)}`;
      if (!uniq.has(k) && ctxId(s, lf, rf) === undefined) added++;
      uniq.add(k);
    }
    novelty = added / uniq.size;
  }
  const confirmed = selected > 0 ? active / selected : 0;
  const predictedAll = facts.every((f) => s.predicted.includes(f));
  return { facts, fresh, selected, updates, potential, raw: predictedAll ? 0 : (1 - confirmed + novelty) / 2 };
}

function learn(s: State, x: number, p: CadParams): void {
  const e = evaluate(s, x, p);
  if (s.left.length > 0) addCtx(s, s.left, e.facts, true, p.maxContexts);
  const activeCtx: Array<[number, number]> = [];
  for (const [c, rlen, hit] of e.updates) {
    const v = s.ctx[c]!;
    v[0]! += rlen;
    v[1]! += hit;
    if (hit > 0 && hit === rlen) activeCtx.push([c, ++v[2]!]);
  }
  activeCtx.sort((a, b) => a[1] - b[1] || a[0] - b[0]);
  const neurons = activeCtx.slice(-p.maxActiveNeurons).map(([c]) => NEURON + c);
  s.left = [...new Set([...e.facts, ...neurons])].sort((a, b) => a - b);
  for (const [lf, rf] of e.potential) addCtx(s, lf, rf, false, p.maxContexts);
  // Left crossing: which stored left semi-contexts the new left facts contain, and what they predict.
  const crossed = postings(s.factLeft, s.left);
  s.crossed = [...crossed].sort((a, b) => a[0] - b[0]);
  let best = 0;
  let predict: number[] = [];
  for (const [l, matched] of s.crossed) {
    if (matched.length !== s.lefts[l]!.length) continue;
    for (const [, c] of s.leftCtx[l]!) {
      const [total, hit, , r] = s.ctx[c]!;
      const w = total! > 0 ? hit! / total! : 0;
      if (w > best) [best, predict] = [w, [r!]];
      else if (w === best) predict.push(r!);
    }
  }
  s.predicted = [...new Set(predict.flatMap((r) => s.rights[r]!))];
  s.recent.push(e.raw);
  if (s.recent.length > p.restPeriod) s.recent.shift();
  s.lo = s.n === 0 ? x : s.n < p.rangeRows || p.rangeRows === 0 ? Math.min(s.lo, x) : s.lo;
  s.hi = s.n === 0 ? x : s.n < p.rangeRows || p.rangeRows === 0 ? Math.max(s.hi, x) : s.hi;
  s.n++;
}

const kernel: Kernel<CadParams, State> = {
  init: () => ({
    n: 0, lo: 0, hi: 0, left: [], predicted: [], recent: [1],
    lefts: [], leftKey: {}, leftCtx: [], factLeft: {}, rights: [], rightKey: {}, factRight: {}, ctx: [], crossed: [],
  }),
  // The output is muted while any of the last restPeriod raw scores reached baseThreshold (CAD OSE's rest).
  score: (s, x, p) => (Math.max(...s.recent) < p.baseThreshold ? evaluate(s, x, p).raw : 0),
  learn,
};

/** NAB's contextOSE settings; restPeriod 150 = NAB's capped probation (750 rows) / 5, a fixed row count. */
const defaults: CadParams = {
  bits: 3,
  rangeRows: 0,
  baseThreshold: 0.75,
  restPeriod: 150,
  maxLeftSemiContexts: 7,
  maxActiveNeurons: 15,
  maxContexts: 50_000,
};

/** @example const d = cad.create({ restPeriod: 100 }); */
export const cad: DetectorDef<CadParams> = {
  name: 'cad',
  summary: 'Contextual anomaly detector (CAD OSE): share of unconfirmed and new contexts over quantized values.',
  defaults,
  create(params?: Partial<CadParams>, opts?: CreateOptions): Detector {
    const p = { ...defaults, ...params };
    if (!(p.bits >= 1 && p.restPeriod >= 1)) throw new Error('cad.bits, cad.restPeriod: must be at least 1');
    if (!(p.maxContexts >= 1)) throw new Error('cad.maxContexts: must be at least 1');
    return univariate(kernel, p, opts?.state);
  },
};
