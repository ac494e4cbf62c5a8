/** Scorecard (PMML 4.4 "Scorecard"): partial scores, ComplexPartialScore, reason codes pointsBelow / pointsAbove. */

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compile, doc, numbers, score } from './helpers.ts';

function card(algorithm: string): ReturnType<typeof compile> {
  return compile(
    doc(
      numbers('age', 'income', 'score') + '<DataField name="dept" optype="categorical" dataType="string"/>',
      `<Scorecard functionName="regression" initialScore="10" useReasonCodes="true" reasonCodeAlgorithm="${algorithm}">
        <MiningSchema><MiningField name="age"/><MiningField name="income"/><MiningField name="dept"/><MiningField name="score" usageType="target"/></MiningSchema>
        <Output>
          <OutputField name="rc1" feature="reasonCode" rank="1"/><OutputField name="rc2" feature="reasonCode" rank="2"/><OutputField name="rc3" feature="reasonCode" rank="3"/>
        </Output>
        <Characteristics>
          <Characteristic name="ageScore" reasonCode="AGE" baselineScore="5">
            <Attribute partialScore="-1"><SimplePredicate field="age" operator="isMissing"/></Attribute>
            <Attribute partialScore="2"><SimplePredicate field="age" operator="lessThan" value="30"/></Attribute>
            <Attribute partialScore="8"><True/></Attribute>
          </Characteristic>
          <Characteristic name="incomeScore" reasonCode="INC" baselineScore="4">
            <Attribute><True/><ComplexPartialScore><Apply function="*"><Constant>0.001</Constant><FieldRef field="income"/></Apply></ComplexPartialScore></Attribute>
          </Characteristic>
          <Characteristic name="deptScore" baselineScore="3">
            <Attribute partialScore="3" reasonCode="D-OK"><SimplePredicate field="dept" operator="equal" value="eng"/></Attribute>
            <Attribute partialScore="0" reasonCode="D-LOW"><True/></Attribute>
          </Characteristic>
        </Characteristics>
      </Scorecard>`,
    ),
  );
}

test('score = initialScore + the first matching Attribute of each Characteristic', () => {
  assert.equal(score(card('pointsBelow'), { age: 25, income: 2000, dept: 'eng' }, 'score'), [10 + 2 + 2 + 3]);
  assert.equal(score(card('pointsBelow'), { age: null, income: 1000, dept: 'ops' }, 'score'), [10 - 1 + 1 + 0]);
});

test('pointsBelow ranks baseline − points, positive gaps only; Attribute reason codes override', () => {
  // AGE: 5 − 2 = 3, INC: 4 − 2 = 2, D-OK: 0 (not ranked)
  assert.equal(score(card('pointsBelow'), { age: 25, income: 2000, dept: 'eng' }, 'rc1', 'rc2', 'rc3'), ['AGE', 'INC', null]);
  // AGE: 6, INC: 3, D-LOW: 3 (tie keeps document order)
  assert.equal(score(card('pointsBelow'), { age: null, income: 1000, dept: 'ops' }, 'rc1', 'rc2', 'rc3'), ['AGE', 'INC', 'D-LOW']);
});

test('pointsAbove ranks points − baseline', () => {
  // AGE: 8 − 5 = 3, INC: 6 − 4 = 2
  assert.equal(score(card('pointsAbove'), { age: 40, income: 6000, dept: 'eng' }, 'rc1', 'rc2', 'rc3'), ['AGE', 'INC', null]);
});

test.run();
