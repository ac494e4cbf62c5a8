/** NaiveBayesModel (PMML 4.4 "Naive Bayes"): priors × discrete and Gaussian likelihoods, threshold, missing inputs. */

import { test } from 'uvu';
import { close, compile, doc, numbers, score } from './helpers.ts';

const ev = compile(
  doc(
    numbers('x') + '<DataField name="c" optype="categorical" dataType="string"/><DataField name="k" optype="categorical" dataType="string"><Value value="a"/><Value value="b"/></DataField>',
    `<NaiveBayesModel functionName="classification" threshold="0.01">
      <MiningSchema><MiningField name="x"/><MiningField name="c"/><MiningField name="k" usageType="target"/></MiningSchema>
      <Output><OutputField name="pa" feature="probability" value="a"/></Output>
      <BayesInputs>
        <BayesInput fieldName="c">
          <PairCounts value="u"><TargetValueCounts><TargetValueCount value="a" count="3"/><TargetValueCount value="b" count="0"/></TargetValueCounts></PairCounts>
          <PairCounts value="v"><TargetValueCounts><TargetValueCount value="a" count="1"/><TargetValueCount value="b" count="4"/></TargetValueCounts></PairCounts>
        </BayesInput>
        <BayesInput fieldName="x"><TargetValueStats>
          <TargetValueStat value="a"><GaussianDistribution mean="0" variance="1"/></TargetValueStat>
          <TargetValueStat value="b"><GaussianDistribution mean="2" variance="4"/></TargetValueStat>
        </TargetValueStats></BayesInput>
      </BayesInputs>
      <BayesOutput fieldName="k"><TargetValueCounts><TargetValueCount value="a" count="4"/><TargetValueCount value="b" count="4"/></TargetValueCounts></BayesOutput>
    </NaiveBayesModel>`,
  ),
);

const gauss = (x: number, m: number, v: number): number => Math.exp(-((x - m) ** 2) / (2 * v)) / Math.sqrt(2 * Math.PI * v);

test('posterior ∝ prior · P(c | k) · density(x | k), normalized', () => {
  const a = 4 * (1 / 4) * gauss(1, 0, 1);
  const b = 4 * (4 / 4) * gauss(1, 2, 4);
  close(score(ev, { x: 1, c: 'v' }, 'pa')[0] as number, a / (a + b));
});

test('a zero count becomes the threshold; a missing input is skipped', () => {
  const a = 4 * (3 / 4);
  const b = 4 * 0.01;
  close(score(ev, { x: null, c: 'u' }, 'pa')[0] as number, a / (a + b));
  close(score(ev, { x: null, c: null }, 'pa')[0] as number, 0.5);
});

test.run();
