/** AssociationModel (PMML 4.4 "Association Rules"): baskets against rules, the three algorithms, ranked ruleValue outputs. */

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compile, doc } from './helpers.ts';

const ev = compile(
  doc(
    '<DataField name="basket" optype="categorical" dataType="string"/><DataField name="item" optype="categorical" dataType="string"/>',
    `<AssociationModel functionName="associationRules" numberOfTransactions="10" minimumSupport="0.1" minimumConfidence="0.5" numberOfItems="3" numberOfItemsets="4" numberOfRules="3">
      <MiningSchema><MiningField name="basket" usageType="group"/><MiningField name="item"/></MiningSchema>
      <Output>
        ${['recommendation', 'exclusiveRecommendation', 'ruleAssociation']
          .map((a) => `<OutputField name="${a}" feature="ruleValue" ruleFeature="ruleId" algorithm="${a}" rank="1" rankBasis="support"/>`)
          .join('')}
        <OutputField name="second" feature="ruleValue" ruleFeature="ruleId" algorithm="recommendation" rank="2" rankBasis="support"/>
        <OutputField name="conf" feature="ruleValue" ruleFeature="confidence" algorithm="recommendation" rank="1" rankBasis="confidence" rankOrder="ascending"/>
      </Output>
      <Item id="1" value="beer"/><Item id="2" value="chips"/><Item id="3" value="salsa"/>
      <Itemset id="a"><ItemRef itemRef="1"/></Itemset><Itemset id="b"><ItemRef itemRef="2"/></Itemset>
      <Itemset id="c"><ItemRef itemRef="3"/></Itemset><Itemset id="bc"><ItemRef itemRef="2"/><ItemRef itemRef="3"/></Itemset>
      <AssociationRule id="beer→chips" antecedent="a" consequent="b" support="0.3" confidence="0.6" lift="1.2"/>
      <AssociationRule id="beer→salsa" antecedent="a" consequent="c" support="0.4" confidence="0.7" lift="1.1"/>
      <AssociationRule id="chips,salsa→beer" antecedent="bc" consequent="a" support="0.2" confidence="0.9" lift="2"/>
    </AssociationModel>`,
  ),
);

function basket(items: string[]): Array<unknown> {
  const f = ev.newFrame();
  ev.run(f, ev.inputs.map((i) => (i.group ? 'b1' : items)));
  return ['recommendation', 'exclusiveRecommendation', 'ruleAssociation', 'second', 'conf'].map((n) => ev.result(n)!(f));
}

test('a basket with the antecedent: recommendations ranked by support, exclusive ones skip what is in the basket', () => {
  assert.equal(basket(['beer']), ['beer→salsa', 'beer→salsa', null, 'beer→chips', 0.6]);
  assert.equal(basket(['beer', 'salsa']), ['beer→salsa', 'beer→chips', 'beer→salsa', 'beer→chips', 0.6]);
});

test('multi-item antecedents need every item; an empty basket matches nothing', () => {
  assert.equal(basket(['chips', 'salsa']), ['chips,salsa→beer', 'chips,salsa→beer', null, null, 0.9]);
  assert.equal(basket([]), [null, null, null, null, null]);
});

test.run();
