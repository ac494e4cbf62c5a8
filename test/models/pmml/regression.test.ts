/** RegressionModel (PMML 4.4 "Regression"): tables, every normalizationMethod, Targets, missing inputs. */

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { normalCdf } from '../../../src/models/pmml/math.ts';
import { close, compile, doc, numbers, one, refusal, score } from './helpers.ts';

const CAT = '<DataField name="c" optype="categorical" dataType="string"><Value value="a"/><Value value="b"/></DataField>';

function regression(method: string, table: string, targets = ''): ReturnType<typeof compile> {
  return compile(
    doc(
      numbers('x', 'z', 'y') + CAT,
      `<RegressionModel functionName="regression" normalizationMethod="${method}">
        <MiningSchema><MiningField name="x"/><MiningField name="z"/><MiningField name="c"/><MiningField name="y" usageType="target"/></MiningSchema>
        ${targets}${table}
      </RegressionModel>`,
    ),
  );
}

const TABLE = `<RegressionTable intercept="0.5">
  <NumericPredictor name="x" coefficient="2"/><NumericPredictor name="z" exponent="2" coefficient="-1"/>
  <CategoricalPredictor name="c" value="a" coefficient="1"/><CategoricalPredictor name="c" value="b" coefficient="-1"/>
  <PredictorTerm coefficient="0.25"><FieldRef field="x"/><FieldRef field="z"/></PredictorTerm>
</RegressionTable>`;

test('a regression table: Σ coefficient·x^exponent + matching categories + terms + intercept', () => {
  const ev = regression('none', TABLE);
  // 0.5 + 2·3 − 2² + 1 (c=a) + 0.25·3·2 = 5
  assert.is(one(ev, { x: 3, z: 2, c: 'a' }, 'y'), 5);
  assert.is(one(ev, { x: 3, z: 2, c: 'b' }, 'y'), 3);
  // a missing category contributes nothing; a missing number makes the result missing
  assert.is(one(ev, { x: 3, z: 2, c: null }, 'y'), 4);
  assert.is(one(ev, { x: null, z: 2, c: 'a' }, 'y'), null);
});

test('regression normalizations apply the inverse link to the linear predictor', () => {
  const y = 0.7; // x=0.1 → 0.5 + 2·0.1 = 0.7 with z=0, c missing
  const table: Array<[string, number]> = [
    ['none', y],
    ['logit', 1 / (1 + Math.exp(-y))],
    ['softmax', 1 / (1 + Math.exp(-y))],
    ['exp', Math.exp(y)],
    ['probit', normalCdf(y)],
    ['cloglog', 1 - Math.exp(-Math.exp(y))],
    ['loglog', Math.exp(-Math.exp(-y))],
    ['cauchit', 0.5 + Math.atan(y) / Math.PI],
  ];
  for (const [method, want] of table) close(one(regression(method, TABLE), { x: 0.1, z: 0 }, 'y'), want, 1e-15);
  assert.match(refusal(doc(numbers('x', 'y'), `<RegressionModel functionName="regression" normalizationMethod="simplemax"><MiningSchema><MiningField name="x"/><MiningField name="y" usageType="target"/></MiningSchema><RegressionTable intercept="0"/></RegressionModel>`)), /simplemax.*classification/);
});

test('Targets: min/max clamp, then rescaleFactor and rescaleConstant, then castInteger', () => {
  const targets = '<Targets><Target field="y" min="-10" max="10" rescaleFactor="2" rescaleConstant="1" castInteger="floor"/></Targets>';
  const ev = regression('none', '<RegressionTable intercept="0"><NumericPredictor name="x" coefficient="1"/></RegressionTable>', targets);
  const table: Array<[number, number]> = [[3.3, 7], [20, 21], [-20, -19], [0.2, 1]];
  for (const [x, want] of table) assert.is(one(ev, { x, z: 0 }, 'y'), want, String(x));
  const fallback = regression('none', '<RegressionTable intercept="0"><NumericPredictor name="x" coefficient="1"/></RegressionTable>', '<Targets><Target field="y"><TargetValue defaultValue="99"/></Target></Targets>');
  assert.is(one(fallback, { x: null }, 'y'), 99);
});

/** A classifier over species a/b/c (or 0/1) with the given tables and Output. */
function classifier(method: string, tables: string, opts: { optype?: string; values?: string[]; targets?: string } = {}): ReturnType<typeof compile> {
  const values = (opts.values ?? ['a', 'b', 'c']).map((v) => `<Value value="${v}"/>`).join('');
  return compile(
    doc(
      numbers('x') + `<DataField name="s" optype="${opts.optype ?? 'categorical'}" dataType="string">${values}</DataField>`,
      `<RegressionModel functionName="classification" normalizationMethod="${method}">
        <MiningSchema><MiningField name="x"/><MiningField name="s" usageType="target"/></MiningSchema>
        <Output>${(opts.values ?? ['a', 'b', 'c']).map((v) => `<OutputField name="p_${v}" feature="probability" value="${v}" dataType="double"/>`).join('')}
          <OutputField name="label" feature="predictedValue"/><OutputField name="p" feature="probability"/></Output>
        ${opts.targets ?? ''}${tables}
      </RegressionModel>`,
    ),
  );
}

const t = (cat: string, intercept: number, coef: number): string => `<RegressionTable targetCategory="${cat}" intercept="${intercept}"><NumericPredictor name="x" coefficient="${coef}"/></RegressionTable>`;

test('multinomial softmax and simplemax; the label is the most probable category', () => {
  const tables = t('a', 1, 1) + t('b', 0, 2) + t('c', 0.5, 0);
  const ys = [1 + 1, 0 + 2 * 1, 0.5]; // x = 1: a and b tie, the first wins
  const e = ys.map(Math.exp);
  const soft = score(classifier('softmax', tables), { x: 1 }, 'p_a', 'p_b', 'p_c', 'label', 'p');
  assert.equal(soft, [e[0]! / (e[0]! + e[1]! + e[2]!), e[1]! / (e[0]! + e[1]! + e[2]!), e[2]! / (e[0]! + e[1]! + e[2]!), 'a', e[0]! / (e[0]! + e[1]! + e[2]!)]);
  const simple = score(classifier('simplemax', tables), { x: 1 }, 'p_a', 'p_b', 'p_c');
  assert.equal(simple, [2 / 4.5, 2 / 4.5, 0.5 / 4.5]);
  const none = score(classifier('none', t('a', 0.2, 0) + t('b', 0.3, 0) + t('c', 9, 9)), { x: 1 }, 'p_a', 'p_b', 'p_c');
  assert.equal(none, [0.2, 0.3, 1 - 0.5]); // "none": the last category is 1 − the others
});

test('binary models use the first table: p₁ = link(y₁), p₂ = 1 − p₁ (logit, probit, cloglog, softmax over an empty table)', () => {
  const tables = t('1', -0.5, 1) + '<RegressionTable targetCategory="0" intercept="0"/>';
  const opts = { values: ['0', '1'] };
  for (const [method, link] of [['logit', (y: number) => 1 / (1 + Math.exp(-y))], ['softmax', (y: number) => 1 / (1 + Math.exp(-y))], ['probit', normalCdf], ['cloglog', (y: number) => 1 - Math.exp(-Math.exp(y))]] as const) {
    const [p1, p0] = score(classifier(method, tables, opts), { x: 2 }, 'p_1', 'p_0') as number[];
    close(p1!, link(1.5), 1e-15);
    close(p0!, 1 - link(1.5), 1e-15);
  }
});

test('ordinal targets are cumulative: P(≤k) = link(y_k), p_k = P(≤k) − P(≤k−1)', () => {
  const tables = t('a', -1, 0) + t('b', 1, 0) + '<RegressionTable targetCategory="c" intercept="0"/>';
  const [pa, pb, pc] = score(classifier('logit', tables, { optype: 'ordinal' }), { x: 0 }, 'p_a', 'p_b', 'p_c') as number[];
  const F = (y: number): number => 1 / (1 + Math.exp(-y));
  close(pa!, F(-1), 1e-15);
  close(pb!, F(1) - F(-1), 1e-15);
  close(pc!, 1 - F(1), 1e-15);
});

test('a table that cannot be evaluated falls back to the priorProbability values', () => {
  const targets = '<Targets><Target field="s"><TargetValue value="a" priorProbability="0.2"/><TargetValue value="b" priorProbability="0.5"/><TargetValue value="c" priorProbability="0.3"/></Target></Targets>';
  const ev = classifier('softmax', t('a', 0, 1) + t('b', 0, 1) + t('c', 0, 1), { targets });
  assert.equal(score(ev, { x: null }, 'p_a', 'p_b', 'label'), [0.2, 0.5, 'b']);
  const noPriors = classifier('softmax', t('a', 0, 1) + t('b', 0, 1) + t('c', 0, 1));
  assert.equal(score(noPriors, { x: null }, 'label', 'p_a'), [null, null]);
});

test.run();
