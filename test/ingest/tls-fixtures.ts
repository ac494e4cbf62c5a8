/** Certificates made at test time (selfsigned, EC P-256), written to a temp folder: none are committed. */

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from 'selfsigned';

export interface TestCerts {
  dir: string;
  key: string;
  cert: string;
  keyFile: string;
  certFile: string;
}

/** A self-signed server certificate for localhost and 127.0.0.1; it is also the CA clients trust. */
export async function makeCerts(): Promise<TestCerts> {
  const dir = mkdtempSync(join(tmpdir(), 'ss-tls-'));
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }] },
    ],
  });
  const keyFile = join(dir, 'broker.key');
  const certFile = join(dir, 'broker.crt');
  writeFileSync(keyFile, pems.private, { mode: 0o600 });
  writeFileSync(certFile, pems.cert);
  return { dir, key: pems.private, cert: pems.cert, keyFile, certFile };
}
