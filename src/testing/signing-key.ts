/**
 * The key pair and self-signed certificate a token endpoint signs its JWTs with, made by openssl (Node can make
 * keys but not X.509 certificates). The registry trusts the certificate (`auth.token.rootcertbundle`); each token
 * carries it in its `x5c` header, the way the distribution registry finds the key to verify a token with.
 * @module
 */
import { execFile } from 'node:child_process';
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RegistryStartError } from './harness-errors.js';

/** A P-256 key and its self-signed certificate, written in a folder. */
export interface SigningKey {
  /** The private key, to sign ES256 tokens with. */
  readonly privateKey: KeyObject;
  /** The certificate's file (PEM), for the registry's `rootcertbundle`. */
  readonly certificateFile: string;
  /** The certificate's DER bytes in base64: the one entry of a token's `x5c` header. */
  readonly certificateBase64: string;
}

/** Makes a P-256 key and a self-signed certificate for it (valid one day) in `dir`. */
export async function makeSigningKey(dir: string): Promise<SigningKey> {
  const keyFile = join(dir, 'token-key.pem');
  const certificateFile = join(dir, 'token-cert.pem');
  const args = ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
    '-subj', '/CN=rx-containerd test token issuer', '-keyout', keyFile, '-out', certificateFile];
  await new Promise<void>((resolve, reject) => {
    execFile('openssl', args, (error, _stdout, stderr) =>
      error ? reject(new RegistryStartError(`openssl could not make the token signing certificate (apt-get install -y openssl): ${stderr.trim() || error.message}`, { cause: error })) : resolve());
  });
  const pem = readFileSync(certificateFile, 'utf8');
  const certificateBase64 = pem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');
  return { privateKey: createPrivateKey(readFileSync(keyFile)), certificateFile, certificateBase64 };
}
