import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// A throw-away self-signed certificate for 127.0.0.1 (openssl from the system: Node cannot issue
// X.509 certificates), to stand for a relay certified by a private CA.

export interface TestCertificate {
  key: string;
  cert: string;
  /** The certificate as a file, for SMTP_CA. */
  certFile: string;
  remove(): void;
}

export function selfSignedCertificate(): TestCertificate {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cchc-cert-'));
  const keyFile = path.join(dir, 'key.pem');
  const certFile = path.join(dir, 'cert.pem');
  const run = spawnSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=127.0.0.1'].concat([
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      keyFile,
      '-out',
      certFile,
    ]),
    { encoding: 'utf8' },
  );
  if (run.error || run.status !== 0)
    throw new Error(`openssl could not make a test certificate: ${run.error?.message ?? run.stderr}`);
  return {
    key: fs.readFileSync(keyFile, 'utf8'),
    cert: fs.readFileSync(certFile, 'utf8'),
    certFile,
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
