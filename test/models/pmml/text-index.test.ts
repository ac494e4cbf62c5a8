/** TextIndex (PMML 4.4 "TextIndex"): term counts after normalization, local term weights, a tf-idf DefineFunction. */

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compile, doc, numbers, one } from './helpers.ts';

function tfidf(attrs: string, term: string): ReturnType<typeof compile> {
  return compile(
    doc(
      '<DataField name="s" optype="categorical" dataType="string"/>' + numbers('y'),
      `<RegressionModel functionName="regression">
        <MiningSchema><MiningField name="s"/><MiningField name="y" usageType="target"/></MiningSchema>
        <Output><OutputField name="w" feature="transformedValue"><Apply function="tfidf"><FieldRef field="s"/><Constant dataType="string">${term}</Constant><Constant>2</Constant></Apply></OutputField></Output>
        <RegressionTable intercept="0"/>
      </RegressionModel>`,
      `<TransformationDictionary><DefineFunction name="tfidf" optype="continuous" dataType="double">
        <ParameterField name="document"/><ParameterField name="term"/><ParameterField name="weight"/>
        <Apply function="*">
          <TextIndex textField="document" ${attrs}>
            <TextIndexNormalization recursive="true"><InlineTable>
              <row><string>\\b(the|a)\\b</string><stem></stem><regex>true</regex></row>
              <row><string>phones</string><stem>phone</stem></row>
            </InlineTable></TextIndexNormalization>
            <FieldRef field="term"/>
          </TextIndex>
          <FieldRef field="weight"/>
        </Apply>
      </DefineFunction></TransformationDictionary>`,
    ),
  );
}

const TEXT = 'The phone, a good phone. Phones are good; good phone!';

test('termFrequency counts the term after normalization, ignoring case', () => {
  assert.is(one(tfidf('x-wordRE="\\w+"', 'phone'), { s: TEXT }, 'w'), 4 * 2);
  assert.is(one(tfidf('x-wordRE="\\w+"', 'good phone'), { s: TEXT }, 'w'), 2 * 2);
  // "the" is removed by the stop-word rewrite, so "the phone" never occurs
  assert.is(one(tfidf('x-wordRE="\\w+"', 'the phone'), { s: TEXT }, 'w'), 0);
});

test('binary and logarithmic weights; separators split tokens by default', () => {
  assert.is(one(tfidf('localTermWeights="binary" x-wordRE="\\w+"', 'good'), { s: TEXT }, 'w'), 2);
  assert.is(one(tfidf('localTermWeights="logarithmic" x-wordRE="\\w+"', 'good'), { s: TEXT }, 'w'), 2 * Math.log10(4));
  assert.is(one(tfidf('wordSeparatorCharacterRE="[\\s,.;!]+"', 'good'), { s: TEXT }, 'w'), 3 * 2);
  assert.is(one(tfidf('isCaseSensitive="true" x-wordRE="\\w+"', 'phones'), { s: 'Phones here' }, 'w'), 0);
});

test.run();
