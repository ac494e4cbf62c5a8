/** Safe PMML reading: saxes into a small element tree, refusing any DOCTYPE, with size and depth limits. */

import { SaxesParser, type SaxesAttributeNS } from 'saxes';
import { AppError } from '../../errors.ts';

/** One XML element: local name, unprefixed attributes, child elements, text, and where it starts. */
export interface El {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: El[];
  text: string;
  readonly line: number;
}

export interface XmlLimits {
  /** Document size in bytes; default 100 MB, the registry's upload limit. */
  maxBytes?: number;
  /** Element nesting; default 1000 (a deep sklearn tree nests one Node per level). */
  maxDepth?: number;
  /** Element count; default 5 million (a 3 MB KNIME GBT has ~60k). */
  maxElements?: number;
}

/** PMML 3.0–4.4 (DMG namespaces `http://www.dmg.org/PMML-X_Y`); a document without a namespace is read too. */
const NAMESPACE = /^http:\/\/www\.dmg\.org\/PMML-(3_[0-2]|4_[0-4])$/;

/**
 * Parses PMML bytes into an element tree (`parseXml(bytes).children` are the document's sections). Entities are never expanded and no DTD is loaded: saxes
 * does neither, and any DOCTYPE is refused outright because it is the vehicle of both the
 * "billion laughs" (XEE) and external-entity (XXE) attacks.
 */
export function parseXml(bytes: Uint8Array, limits: XmlLimits = {}): El {
  const maxBytes = limits.maxBytes ?? 100 * 1024 * 1024;
  const maxDepth = limits.maxDepth ?? 1000;
  const maxElements = limits.maxElements ?? 5_000_000;
  if (bytes.length > maxBytes) throw invalid(`PMML document is ${bytes.length} bytes; the limit is ${maxBytes}`);
  let source: string;
  try {
    source = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw invalid('PMML document is not valid UTF-8 text');
  }

  const parser = new SaxesParser({ xmlns: true, position: true });
  const stack: El[] = [];
  let root: El | undefined;
  let count = 0;
  let refusal: AppError | undefined;
  const refuse = (err: AppError): never => {
    refusal = err;
    throw err;
  };

  parser.on('doctype', () => refuse(invalid('PMML documents must not contain a DOCTYPE (entity expansion is refused)')));
  parser.on('opentag', (tag) => {
    if (++count > maxElements) refuse(invalid(`PMML document has more than ${maxElements} elements`));
    if (stack.length >= maxDepth) refuse(invalid(`PMML elements nest deeper than ${maxDepth} levels`));
    const uri = tag.uri ?? '';
    if (stack.length === 0) {
      if (tag.local !== 'PMML') refuse(invalid(`the root element is <${tag.name}>, not <PMML>`));
      if (uri !== '' && !NAMESPACE.test(uri)) refuse(invalid(`unsupported PMML namespace "${uri}"; PMML 3.0 to 4.4 are read`));
    }
    const attrs: Record<string, string> = {};
    for (const a of Object.values(tag.attributes as Record<string, SaxesAttributeNS>)) {
      if (a.prefix === '') attrs[a.local] = a.value;
    }
    const el: El = { name: foreign(uri, stack) ? `{${uri}}${tag.local}` : (tag.local ?? tag.name), attrs, children: [], text: '', line: parser.line };
    if (stack.length === 0) root = el;
    else stack[stack.length - 1]!.children.push(el);
    stack.push(el);
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  const onText = (text: string): void => {
    const top = stack[stack.length - 1];
    // Whitespace between elements is noise; text inside Constant, Array or table cells is data.
    if (top && (top.text !== '' || /\S/.test(text))) top.text += text;
  };
  parser.on('text', onText);
  parser.on('cdata', onText);

  try {
    parser.write(source).close();
  } catch (err) {
    if (refusal) throw refusal;
    throw invalid(`not well-formed XML: ${String((err as Error).message ?? err).split('\n')[0]}`);
  }
  if (!root) throw invalid('not a PMML document: no root element');
  return root;
}

/** Elements in a namespace other than the document's (vendor extensions) keep their URI in the name. */
function foreign(uri: string, stack: El[]): boolean {
  return uri !== '' && !NAMESPACE.test(uri) && stack.length > 0;
}

function invalid(message: string): AppError {
  return new AppError('MODEL_INVALID', message);
}
