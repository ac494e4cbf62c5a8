/**
 * Hostile model uploads: XML entity attacks on PMML, ONNX pointing at files outside the model, bytes
 * that are truncated or random, zip bombs (honest and lying headers), and path traversal in model
 * names and archive entries. Each → 4xx with a message saying what to fix, never a 5xx, and nothing
 * written: the registry folder (and its parent) is the same before and after.
 */

import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { zipSync } from 'fflate';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { externalDataOnnx, logisticOnnx } from '../models/onnx-fixtures.ts';
import { buildTestApp, multipart, pmmlRegression, SHIPPED_FEATURES, tfjsLayersModel, type TestApp } from './app.ts';

const LIMIT = 256 * 1024;
const ONNX = { 'content-type': 'application/octet-stream' };
const XML = { 'content-type': 'application/xml' };
const ZIP = { 'content-type': 'application/zip' };

type Send = (t: TestApp) => Promise<{ statusCode: number; body: string; json(): any }>;
const put = (name: string, headers: Record<string, string>, payload: Buffer | string): Send => (t) => t.app.inject({ method: 'PUT', url: `/v1/models/${name}`, headers, payload });

const it = suite<{ t: TestApp }>('upload attacks', { t: undefined as unknown as TestApp });
// One registry for the whole suite: every test asserts that it stays unchanged.
it.before(async (ctx) => {
  ctx.t = await buildTestApp({ maxModelBytes: LIMIT });
});
it.after(async (ctx) => ctx.t.close());

/** Sends, then checks: 4xx, the message, nothing written in or beside the registry folder. */
async function refused(t: TestApp, send: Send, status: number | 'any4xx', message: RegExp): Promise<{ statusCode: number; body: string }> {
  const before = t.tree();
  const beside = walkParent(t.root);
  const res = await send(t);
  if (status === 'any4xx') assert.ok(res.statusCode >= 400 && res.statusCode < 500, `${res.statusCode}: ${res.body.slice(0, 300)}`);
  else assert.is(res.statusCode, status, res.body.slice(0, 300));
  assert.match(res.json().error.message, message);
  assert.equal(t.tree(), before, 'the registry folder is unchanged');
  assert.equal(walkParent(t.root), beside, 'nothing was written beside it');
  assert.is(t.registry.get('motor-health').latestVersion, 1);
  return res;
}

function walkParent(root: string): boolean[] {
  return ['evil.bin', 'passwd', 'x'].map((f) => existsSync(join(dirname(root), f)));
}

// ---- PMML: entity attacks. saxes never expands entities or loads DTDs, and any DOCTYPE is refused.
const pmml = pmmlRegression(['a']);
const withDoctype = (doctype: string, ref = ''): string => pmml.replace('<PMML ', `${doctype}\n<PMML `).replace('description="test"', `description="test${ref}"`);
const LAUGHS = ['<!DOCTYPE PMML [', '<!ENTITY lol "lol">', ...Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`), ']>'].join('\n');

const XML_ATTACKS: Array<[string, string]> = [
  ['XXE: an external entity reading /etc/passwd', withDoctype('<!DOCTYPE PMML [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>', '&xxe;')],
  ['XXE: an external DTD over HTTP', withDoctype('<!DOCTYPE PMML SYSTEM "http://127.0.0.1:1/evil.dtd">')],
  ['XXE: a parameter entity', withDoctype('<!DOCTYPE PMML [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]>')],
  ['billion laughs (10^9 expansions)', withDoctype(LAUGHS, '&lol9;')],
];
for (const [what, doc] of XML_ATTACKS) {
  it(`PMML ${what} → 422, no expansion, nothing written`, async ({ t }) => {
    const res = await refused(t, put('p', XML, doc), 422, /DOCTYPE.*remove the <!DOCTYPE/);
    assert.not.match(res.body, /root:/);
    assert.ok(res.body.length < 2000, 'the answer is not an expansion');
  });
}

it('PMML with an entity reference and no DOCTYPE → 422 not well-formed', async ({ t }) => {
  const res = await refused(t, put('p', XML, pmml.replace('description="test"', 'description="&xxe;"')), 422, /not a well-formed PMML document|entity/i);
  assert.not.match(res.body, /root:/);
});

// ---- ONNX: external data points at files on the server.
for (const location of ['../../etc/passwd', '/etc/passwd', 'weights.bin']) {
  it(`ONNX with a tensor whose data_location is EXTERNAL at "${location}" → 422, the file is never opened`, async ({ t }) => {
    const res = await refused(t, put('ext', ONNX, Buffer.from(externalDataOnnx(location))), 422, /external data files .*save_as_external_data=False/);
    assert.not.match(res.body, /root:/);
  });
}

it('ONNX with subgraphs nested 20k deep → 422, not a stack overflow', async ({ t }) => {
  await refused(t, put('deep', ONNX, Buffer.from(deepOnnx(20_000))), 422, /not a loadable ONNX model: subgraphs nest deeper than 64 levels/);
});

// ---- Truncated and random bytes, under every content type.
it('an ONNX model cut at 40 points → 4xx each, nothing written', async ({ t }) => {
  const whole = Buffer.from(logisticOnnx({ weights: SHIPPED_FEATURES.map(() => 0.1), bias: 0 }));
  for (let i = 1; i <= 40; i++) {
    const cut = Math.floor((whole.length * i) / 41);
    await refused(t, put('motor-health', ONNX, whole.subarray(0, cut)), 'any4xx', /./);
  }
});

it('200 random byte strings (seeded) as ONNX, PMML and zip → 4xx each, never a 5xx', async ({ t }) => {
  const samples = fc.sample(fc.tuple(fc.uint8Array({ minLength: 1, maxLength: 4096 }), fc.constantFrom(ONNX, XML, ZIP), fc.constantFrom('', 'PK\u0003\u0004', '<PMML>', '<?xml version="1.0"?>')), { numRuns: 200, seed: 9 });
  for (const [bytes, headers, prefix] of samples) {
    await refused(t, put('motor-health', headers, Buffer.concat([Buffer.from(prefix, 'latin1'), bytes])), 'any4xx', /./);
  }
});

// ---- Zip bombs.
it('a zip bomb with honest headers (4 MB of zeros in 4 KB) → 413 before anything is inflated', async ({ t }) => {
  const bomb = Buffer.from(zipSync({ 'model.json': new Uint8Array(4 * 1024 * 1024) }, { level: 9 }));
  assert.ok(bomb.length < LIMIT);
  await refused(t, put('motor-health', ZIP, bomb), 413, /the zip expands to more than 262144 bytes \(limits.maxModelBytes\)/);
});

it('a zip bomb whose headers lie (declares 100 bytes, inflates to 4 MB) → 413: inflating stops at the declared size', async ({ t }) => {
  const bomb = lyingZip('model.json', 4 * 1024 * 1024, 100);
  await refused(t, put('motor-health', ZIP, bomb), 413, /zip entry "model.json" inflates beyond the 100 bytes its header declares/);
});

it('a zip entry whose bytes fail the CRC-32 → 422', async ({ t }) => {
  const zip = Buffer.from(zipSync({ 'model.json': new TextEncoder().encode('{"x": 1}') }, { level: 0 }));
  const at = 30 + 'model.json'.length + 2; // a byte of the stored data
  zip.writeUInt8(zip.readUInt8(at) ^ 0xff, at);
  await refused(t, put('motor-health', ZIP, zip), 422, /fails its CRC-32 check/);
});

// ---- Path traversal: model names and archive entries.
// '..' and '%2e%2e' are resolved by URL normalization before routing: PUT /v1/ has no route (404).
const NAMES: Array<[string, number, RegExp]> = [
  ['..', 404, /no route PUT/],
  ['%2e%2e', 404, /no route PUT/],
  ['..%2F..%2Fevil', 400, /model name .* is not allowed/],
  ['%2Fetc%2Fpasswd', 400, /model name .* is not allowed/],
  ['a%5C..%5Cb', 400, /model name .* is not allowed/],
  ['.hidden', 400, /model name .* is not allowed/],
  ['x%00y', 400, /model name .* is not allowed/],
  ['motor%2F..%2F..', 400, /model name .* is not allowed/],
  [`a${'b'.repeat(300)}`, 414, /longer than 100 characters/],
];
for (const [name, status, message] of NAMES) {
  it(`model name "${decodeURIComponent(name).slice(0, 20)}" → ${status} saying what is allowed`, async ({ t }) => {
    await refused(t, put(name, ONNX, Buffer.from(logisticOnnx({ weights: [1], bias: 0 }))), status, message);
  });
}

const { modelJson, shard } = tfjsLayersModel(SHIPPED_FEATURES.map(() => 0.1), 0);
const ENTRY_NAMES = ['../evil.bin', '../../x', '/etc/passwd', 'm/../../evil.bin', '..\\evil.bin', 'C:/x', 'a/b/c/evil.bin'];
for (const entry of ENTRY_NAMES) {
  it(`zip entry "${entry}" → 400 naming the file`, async ({ t }) => {
    const zip = Buffer.from(zipSync({ 'model.json': new TextEncoder().encode(modelJson), 'weights.bin': shard, [entry]: new Uint8Array(4) }));
    await refused(t, put('motor-health', ZIP, zip), 400, /file name ".*" is not allowed: use letters, digits/);
  });
  it(`multipart file "${entry}" → 400 naming the file`, async ({ t }) => {
    const form = await multipart([{ name: 'model.json', filename: 'model.json', content: modelJson }, { name: 'w', filename: 'weights.bin', content: shard }, { name: 'evil', filename: entry, content: new Uint8Array(4) }]);
    await refused(t, (tt) => tt.app.inject({ method: 'PUT', url: '/v1/models/motor-health', ...form }), 400, /file name ".*" is not allowed/);
  });
}

it('a TF.js model.json whose weight path climbs out (../../etc/passwd) → 4xx: weights are read from the upload only', async ({ t }) => {
  const climbing = modelJson.replace('"paths":["weights.bin"]', '"paths":["../../etc/passwd"]');
  const form = await multipart([{ name: 'model.json', filename: 'model.json', content: climbing }, { name: 'w', filename: 'weights.bin', content: shard }]);
  const res = await refused(t, (tt) => tt.app.inject({ method: 'PUT', url: '/v1/models/motor-health', ...form }), 'any4xx', /not among the uploaded files|no runtime|not uploaded/);
  assert.not.match(res.body, /root:/);
});

it('over real HTTP: a lying zip bomb and a traversing entry are refused and nothing is written', async ({ t }) => {
  const base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  const before = t.tree();
  for (const body of [lyingZip('model.json', 4 * 1024 * 1024, 64), Buffer.from(zipSync({ 'model.json': new Uint8Array(2), '../evil.bin': new Uint8Array(2) }))]) {
    const res = await fetch(`${base}/v1/models/motor-health`, { method: 'PUT', headers: ZIP, body: new Uint8Array(body) });
    assert.ok(res.status === 400 || res.status === 413, String(res.status));
    assert.ok((await res.json()).error.message.length > 20);
  }
  assert.equal(t.tree(), before);
});

/** A zip of one deflated entry of `size` zeros whose local and central headers claim `declared` bytes. */
function lyingZip(name: string, size: number, declared: number): Buffer {
  const zip = Buffer.from(zipSync({ [name]: new Uint8Array(size) }, { level: 9 }));
  zip.writeUInt32LE(declared, 22); // local header: uncompressed size (APPNOTE 4.3.7)
  const central = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
  zip.writeUInt32LE(declared, central + 24); // central directory: uncompressed size (4.3.12)
  return zip;
}

/** ModelProto { ir_version: 8, graph: node { attribute { g: graph { node { … } } } } } nested `depth` times. */
function deepOnnx(depth: number): Uint8Array {
  const varint = (n: number): number[] => {
    const out: number[] = [];
    while (n > 127) {
      out.push((n & 127) | 128);
      n >>>= 7;
    }
    out.push(n);
    return out;
  };
  // Headers from the innermost out (GraphProto.node=1 → NodeProto.attribute=5 → AttributeProto.g=6), then one concat.
  const headers: number[][] = [];
  let length = 0;
  for (let i = 0; i < depth * 3; i++) {
    const header = [(([6, 5, 1][i % 3]! << 3) | 2), ...varint(length)];
    headers.push(header);
    length += header.length;
  }
  const graph = Buffer.from(headers.reverse().flat());
  return Buffer.concat([Buffer.from([0x08, 8, (7 << 3) | 2, ...varint(graph.length)]), graph]);
}

it.run();
