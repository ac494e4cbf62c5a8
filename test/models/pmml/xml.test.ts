/** Safe PMML parsing: no DOCTYPE ever, limits on size and depth, PMML namespaces only, clear errors. */

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { AppError } from '../../../src/errors.ts';
import { parseXml } from '../../../src/models/pmml/xml.ts';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

function refused(bytes: Uint8Array, limits?: Parameters<typeof parseXml>[1]): string {
  try {
    parseXml(bytes, limits);
  } catch (err) {
    assert.instance(err, AppError);
    assert.is((err as AppError).code, 'MODEL_INVALID');
    return (err as Error).message;
  }
  assert.unreachable('accepted');
  return '';
}

const DOCTYPE_MESSAGE = 'PMML documents must not contain a DOCTYPE (entity expansion is refused)';

test('a DOCTYPE is refused outright: internal entities (billion laughs), external DTDs, even an empty one', () => {
  const laughs = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><PMML xmlns="http://www.dmg.org/PMML-4_4">&lol2;</PMML>`;
  const external = `<?xml version="1.0"?><!DOCTYPE PMML SYSTEM "lolz.dtd"><PMML xmlns="http://www.dmg.org/PMML-4_4"/>`;
  const empty = `<!DOCTYPE PMML><PMML xmlns="http://www.dmg.org/PMML-4_4"/>`;
  for (const text of [laughs, external, empty]) assert.is(refused(enc(text)), DOCTYPE_MESSAGE);
});

test('an undeclared entity reference is not expanded: the document is not well-formed', () => {
  assert.match(refused(enc('<PMML xmlns="http://www.dmg.org/PMML-4_4">&secret;</PMML>')), /not well-formed XML/);
});

test('size, depth and element-count limits', () => {
  const nested = `<PMML>${'<a>'.repeat(50)}${'</a>'.repeat(50)}</PMML>`;
  assert.match(refused(enc(nested), { maxDepth: 20 }), /nest deeper than 20 levels/);
  assert.match(refused(enc('<PMML/>'.padEnd(200, ' ')), { maxBytes: 100 }), /200 bytes; the limit is 100/);
  assert.match(refused(enc(`<PMML>${'<b/>'.repeat(10)}</PMML>`), { maxElements: 5 }), /more than 5 elements/);
});

test('PMML 3.0 to 4.4 namespaces (or none) are read; anything else is refused', () => {
  for (const v of ['3_0', '3_2', '4_1', '4_4']) assert.is(parseXml(enc(`<PMML xmlns="http://www.dmg.org/PMML-${v}"/>`)).name, 'PMML');
  assert.is(parseXml(enc('<PMML/>')).name, 'PMML');
  assert.match(refused(enc('<PMML xmlns="http://www.dmg.org/PMML-5_0"/>')), /unsupported PMML namespace/);
  assert.match(refused(enc('<html/>')), /root element is <html>/);
});

test('garbage, truncated and non-UTF-8 bytes are refused with a reason', () => {
  assert.match(refused(enc('definitely not xml')), /not well-formed XML/);
  assert.match(refused(enc('<PMML xmlns="http://www.dmg.org/PMML-4_4"><DataDictionary>')), /not well-formed XML/);
  assert.match(refused(new Uint8Array([0x3c, 0x50, 0xff, 0xfe])), /not valid UTF-8/);
});

test('the tree keeps attributes, text and lines; vendor-namespace elements keep their URI', () => {
  const root = parseXml(enc('<PMML xmlns="http://www.dmg.org/PMML-4_4" xmlns:x="urn:x">\n<Constant dataType="double"> 1.5 </Constant><x:Thing/></PMML>'));
  const [constant, thing] = root.children;
  assert.equal(constant!.attrs, { dataType: 'double' });
  assert.is(constant!.text, ' 1.5 ');
  assert.is(constant!.line, 2);
  assert.is(thing!.name, '{urn:x}Thing');
});

test.run();
