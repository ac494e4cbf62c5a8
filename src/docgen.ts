/**
 * Docs with a generated part: the text between a start and an end marker is rendered from a
 * table in code (`--write` rewrites it; a test fails when the file is stale).
 */

import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface GeneratedDoc {
  path: string;
  start: string;
  end: string;
  render(): string;
}

/** `text` with the part between the doc's markers replaced by `render()`. */
export function spliceGenerated(doc: GeneratedDoc, text: string): string {
  const a = text.indexOf(doc.start);
  const b = text.indexOf(doc.end);
  if (a < 0 || b < a) throw new Error(`${doc.path} lacks the ${doc.start} … ${doc.end} markers`);
  return `${text.slice(0, a + doc.start.length)}\n${doc.render()}\n${text.slice(b)}`;
}

/** When `moduleUrl` is the script being run: `--write` rewrites the doc, otherwise prints the generated part. */
export function docMain(moduleUrl: string, doc: GeneratedDoc): void {
  if (!process.argv[1] || fileURLToPath(moduleUrl) !== process.argv[1]) return;
  if (process.argv.includes('--write')) writeFileSync(doc.path, spliceGenerated(doc, readFileSync(doc.path, 'utf8')));
  else process.stdout.write(doc.render() + '\n');
}
