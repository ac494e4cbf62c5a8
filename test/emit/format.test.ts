/** Output formats: JSON reshaping by template, CSV quoting per RFC 4180, XML escaping and names. */

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { compileTemplate, createRenderer, csvLine } from '../../src/emit/format.ts';
import { compile } from '../../src/stream/expr/compile.ts';

const it = suite('emit/format');
const result = { id: 'abc', key: 'u1', ts: 1000, pattern: 'topk', body: { total: 12.5, name: 'Ann "A", Ltd', ranking: [{ key: 'u1', value: 3 }] } };

it('json without a template keeps the envelope first and the body after', () => {
  const text = createRenderer({ format: 'json' }).render(result);
  assert.is(text, '{"id":"abc","pattern":"topk","key":"u1","ts":1000,"total":12.5,"name":"Ann \\"A\\", Ltd","ranking":[{"key":"u1","value":3}]}');
});

it('a json template maps fields to paths and expressions over the body and $key/$ts/$pattern', () => {
  const template = compileTemplate({ user: '$key', cents: 'total * 100', who: '$.name', first: '$.ranking', missing: '$.nope' }, compile);
  assert.equal(JSON.parse(createRenderer({ format: 'json', template }).render(result)), { user: 'u1', cents: 1250, who: 'Ann "A", Ltd', first: [{ key: 'u1', value: 3 }] });
});

it('csv quotes commas, quotes and line breaks (RFC 4180 §2.6–2.7); null is an empty field', () => {
  assert.is(csvLine(['a', 'b,c', 'say "hi"', 'two\nlines', null, undefined, 3, true]), 'a,"b,c","say ""hi""","two\nlines",,,3,true');
  const template = compileTemplate(['$key', '$.name', 'total', '$.ranking'], compile);
  assert.is(createRenderer({ format: 'csv', template }).render(result), 'u1,"Ann ""A"", Ltd",12.5,"[{""key"":""u1"",""value"":3}]"');
});

it('xml escapes text and turns JSON keys into XML names', () => {
  const r = { ...result, body: { 'a b': '<x> & y', '1st': 1, nested: { ok: true } } };
  const text = createRenderer({ format: 'xml', root: 'alert' }).render(r);
  assert.is(text, '<?xml version="1.0" encoding="UTF-8"?><alert><id>abc</id><pattern>topk</pattern><key>u1</key><ts>1000</ts><a_b>&lt;x&gt; &amp; y</a_b><_1st>1</_1st><nested><ok>true</ok></nested></alert>');
});

it('a template expression that does not compile names its field', () => {
  assert.throws(() => compileTemplate({ ok: '$.a', bad: 'total +' }, compile), /^bad: /);
});

it.run();
