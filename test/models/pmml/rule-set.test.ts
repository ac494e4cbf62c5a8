/** RuleSetModel (PMML 4.4 "RuleSet"): firstHit, weightedMax, weightedSum, CompoundRule, defaultScore. */

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { close, compile, doc, numbers, score } from './helpers.ts';

function rules(criterion: string): ReturnType<typeof compile> {
  return compile(
    doc(
      numbers('x') + '<DataField name="k" optype="categorical" dataType="string"><Value value="a"/><Value value="b"/><Value value="z"/></DataField>',
      `<RuleSetModel functionName="classification">
        <MiningSchema><MiningField name="x"/><MiningField name="k" usageType="target"/></MiningSchema>
        <Output><OutputField name="c" feature="confidence"/><OutputField name="rule" feature="entityId"/></Output>
        <RuleSet defaultScore="z" defaultConfidence="0.1">
          <RuleSelectionMethod criterion="${criterion}"/>
          <SimpleRule id="r1" score="a" weight="0.3" confidence="0.7"><SimplePredicate field="x" operator="greaterThan" value="0"/></SimpleRule>
          <CompoundRule><SimplePredicate field="x" operator="greaterThan" value="1"/>
            <SimpleRule id="r2" score="b" weight="0.5" confidence="0.6"><True/></SimpleRule>
            <SimpleRule id="r3" score="a" weight="0.4" confidence="0.9"><SimplePredicate field="x" operator="greaterThan" value="2"/></SimpleRule>
          </CompoundRule>
        </RuleSet>
      </RuleSetModel>`,
    ),
  );
}

test('firstHit: the first rule that fires, its confidence and id', () => {
  assert.equal(score(rules('firstHit'), { x: 3 }, 'k', 'c', 'rule'), ['a', 0.7, 'r1']);
});

test('weightedMax: the heaviest rule that fires (CompoundRule predicates gate their rules)', () => {
  assert.equal(score(rules('weightedMax'), { x: 3 }, 'k', 'c', 'rule'), ['b', 0.6, 'r2']);
  assert.equal(score(rules('weightedMax'), { x: 0.5 }, 'k', 'c', 'rule'), ['a', 0.7, 'r1']);
});

test('weightedSum: the largest total weight; confidence is the total over the rules fired', () => {
  const [k, c] = score(rules('weightedSum'), { x: 3 }, 'k', 'c') as [string, number];
  assert.is(k, 'a');
  close(c, 0.7 / 3);
});

test('no rule fires: defaultScore and defaultConfidence', () => {
  assert.equal(score(rules('firstHit'), { x: -1 }, 'k', 'c'), ['z', 0.1]);
});

test.run();
