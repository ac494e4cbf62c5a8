/**
 * Runtime suite: rows/s of each model runtime (ONNX, PMML, TF.js) on the same 8-feature logistic
 * model at batch 1, 16 and 256, against a hand-written dot product + sigmoid in TS (the ratio is
 * the price of the runtime's generality); then a PMML 100-tree depth-6 ensemble against a
 * hand-written flat-array tree walk.
 */

import { loadPmml } from '../src/models/pmml/runtime.ts';
import { singleFile } from '../src/models/runtime.ts';
import { RUNTIMES } from '../src/models/runtimes.ts';
import { createRng, type Rng } from '../src/sim/rng.ts';
import { featureNames, logisticIn, type Logistic } from '../test/conformance/logistic.ts';
import { fmtInt, median, printTable, type Row } from './stats.ts';
import { envInt, type Suite } from './suite.ts';

const BATCHES = [1, 16, 256];
const FEATURES = 8;
/** Distinct input batches cycled through, so no runtime sees the same bytes every call. */
const POOL = 8;
const REPEATS = 3;

type Score = (batch: Float32Array, rows: number) => Promise<Float32Array>;

export const suite: Suite = {
  name: 'runtimes',
  summary: 'rows/s per model runtime (onnx, pmml, tfjs) at batch 1/16/256 vs hand-written TS; PMML 100-tree ensemble',
  async run(ctx) {
    const ms = envInt('BENCH_RUNTIME_MS', 300);
    const rng = createRng(11);
    const model: Logistic = { w: Array.from({ length: FEATURES }, () => rng.between(-2, 2)), b: rng.between(-1, 1) };
    const pools = new Map(BATCHES.map((rows) => [rows, randomBatches(rng, rows)]));

    const rows: Row[] = [];
    const hand = new Map<number, number>();
    for (const size of BATCHES) {
      const rate = await rowsPerSec(handLogistic(model), pools.get(size)!, size, ms);
      hand.set(size, rate);
      rows.push({ runtime: 'hand-written TS', batch: size, 'rows/s': fmtInt(rate), 'vs hand': '1.00×' });
    }
    const headline: string[] = [];
    for (const format of ['onnx', 'pmml', 'tfjs'] as const) {
      const { artifact, manifest } = await logisticIn(format, model);
      const loaded = await RUNTIMES[format]!(artifact, manifest);
      for (const size of BATCHES) {
        const rate = await rowsPerSec((b, r) => loaded.score(b, r), pools.get(size)!, size, ms);
        const ratio = rate / hand.get(size)!;
        ctx.figures.set(`runtimes.${format}.rowsPerSec.${size}`, rate);
        rows.push({ runtime: format, batch: size, 'rows/s': fmtInt(rate), 'vs hand': `${ratio.toFixed(ratio < 0.1 ? 3 : 2)}×` });
        if (size === 256) headline.push(`${format} ${fmtInt(rate)}`);
      }
      await loaded.dispose();
    }
    printTable(`logistic regression, ${FEATURES} features (rows/s, median of ${REPEATS} × ${ms} ms)`, rows);

    const trees = randomForest(rng, 100, 6);
    const pmml = await loadPmml(singleFile('forest.pmml', forestPmml(trees)), forestManifest());
    const treeRows: Row[] = [];
    for (const size of BATCHES) {
      const handRate = await rowsPerSec(handForest(trees), pools.get(size)!, size, ms);
      const rate = await rowsPerSec((b, r) => pmml.score(b, r), pools.get(size)!, size, ms);
      ctx.figures.set(`runtimes.pmmlForest.rowsPerSec.${size}`, rate);
      treeRows.push({ batch: size, 'pmml rows/s': fmtInt(rate), 'hand-written rows/s': fmtInt(handRate), 'pmml vs hand': `${(rate / handRate).toFixed(2)}×` });
      if (size === 256) headline.push(`pmml 100×depth-6 trees ${fmtInt(rate)}`);
    }
    await pmml.dispose();
    printTable('PMML MiningModel(sum) of 100 regression trees, depth 6 (rows/s)', treeRows);
    ctx.trailer.push(`runtimes: rows/s at batch 256 — ${headline.join(', ')}`);
  },
};

async function rowsPerSec(score: Score, pool: Float32Array[], rows: number, ms: number): Promise<number> {
  for (let i = 0; i < 50; i++) await score(pool[i % POOL]!, rows); // warm-up: JIT, lazy kernels
  const rates: number[] = [];
  for (let rep = 0; rep < REPEATS; rep++) {
    let done = 0;
    let calls = 0;
    const t0 = performance.now();
    let t = t0;
    while ((t = performance.now()) - t0 < ms) {
      for (let k = 0; k < 16; k++) await score(pool[calls++ % POOL]!, rows);
      done += 16 * rows;
    }
    rates.push(done / ((t - t0) / 1000));
  }
  return median(rates);
}

function randomBatches(rng: Rng, rows: number): Float32Array[] {
  return Array.from({ length: POOL }, () => new Float32Array(rows * FEATURES).map(() => rng.between(-3, 3)));
}

/** The baseline: σ(w·x + b) over the batch, behind the same async signature as a runtime. */
function handLogistic(model: Logistic): Score {
  const w = Float64Array.from(model.w);
  return async (batch, rows) => {
    const out = new Float32Array(rows);
    for (let r = 0; r < rows; r++) {
      let z = model.b;
      for (let i = 0; i < FEATURES; i++) z += w[i]! * batch[r * FEATURES + i]!;
      out[r] = 1 / (1 + Math.exp(-z));
    }
    return out;
  };
}

/** A complete binary tree in flat arrays: node i splits on feature[i] ≤ threshold[i], children 2i+1 / 2i+2. */
interface FlatTree {
  feature: Int32Array;
  threshold: Float64Array;
  leaf: Float64Array;
  depth: number;
}

function randomForest(rng: Rng, count: number, depth: number): FlatTree[] {
  const inner = 2 ** depth - 1;
  return Array.from({ length: count }, () => ({
    feature: Int32Array.from({ length: inner }, () => rng.int(FEATURES)),
    // thresholds as float32 values, so float32 inputs split the same in PMML (double) and here
    threshold: Float64Array.from({ length: inner }, () => Math.fround(rng.between(-2, 2))),
    leaf: Float64Array.from({ length: 2 ** depth }, () => rng.between(-1, 1)),
    depth,
  }));
}

function handForest(trees: FlatTree[]): Score {
  return async (batch, rows) => {
    const out = new Float32Array(rows);
    for (let r = 0; r < rows; r++) {
      let sum = 0;
      for (const t of trees) {
        let i = 0;
        for (let d = 0; d < t.depth; d++) i = batch[r * FEATURES + t.feature[i]!]! <= t.threshold[i]! ? 2 * i + 1 : 2 * i + 2;
        sum += t.leaf[i - (2 ** t.depth - 1)]!;
      }
      out[r] = sum;
    }
    return out;
  };
}

/** The same forest as PMML, the way converters write it: each split a SimplePredicate, then True. */
function forestPmml(trees: FlatTree[]): Uint8Array {
  const names = featureNames(FEATURES);
  const node = (t: FlatTree, i: number, predicate: string): string => {
    const inner = 2 ** t.depth - 1;
    if (i >= inner) return `<Node score="${t.leaf[i - inner]}">${predicate}</Node>`;
    const split = `<SimplePredicate field="${names[t.feature[i]!]}" operator="lessOrEqual" value="${t.threshold[i]}"/>`;
    return `<Node>${predicate}${node(t, 2 * i + 1, split)}${node(t, 2 * i + 2, '<True/>')}</Node>`;
  };
  const mining = names.map((n) => `<MiningField name="${n}"/>`).join('');
  const segments = trees
    .map((t, k) => `<Segment id="${k + 1}"><True/><TreeModel functionName="regression"><MiningSchema>${mining}</MiningSchema>${node(t, 0, '<True/>')}</TreeModel></Segment>`)
    .join('');
  return new TextEncoder().encode(`<PMML xmlns="http://www.dmg.org/PMML-4_4" version="4.4"><Header/>
    <DataDictionary>${names.map((n) => `<DataField name="${n}" optype="continuous" dataType="double"/>`).join('')}<DataField name="y" optype="continuous" dataType="double"/></DataDictionary>
    <MiningModel functionName="regression"><MiningSchema>${mining}<MiningField name="y" usageType="target"/></MiningSchema>
      <Segmentation multipleModelMethod="sum">${segments}</Segmentation></MiningModel></PMML>`);
}

function forestManifest(): Parameters<typeof loadPmml>[1] {
  return { name: 'forest', version: 1, format: 'pmml', inputs: { tensor: 'x', features: featureNames(FEATURES) }, output: { tensor: 'y', kind: 'value', column: 0 } };
}


