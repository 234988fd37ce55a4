/**
 * Certificates for a private daemon over TCP with TLS, made with the openssl command: a CA, a server
 * certificate for 127.0.0.1 and localhost, a client certificate, and for the failure cases a second CA with a
 * client certificate of its own and an expired server certificate.
 * @module
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DaemonStartError } from './harness-errors.js';

/** The files {@link makeCertificates} writes (PEM, absolute paths). */
export interface DaemonCertificates {
  /** The folder holding them (removed with the daemon). */
  readonly dir: string;
  /** The CA that signed the server and client certificates (what a client passes as `tls.ca`). */
  readonly ca: string;
  /** The server's certificate (subjectAltName IP:127.0.0.1, DNS:localhost; valid 2 days) and its key. */
  readonly serverCert: string;
  /** The server certificate's key (also the expired one's). */
  readonly serverKey: string;
  /** A client certificate signed by the CA, and its key (what a client passes as `tls.cert`, `tls.key`). */
  readonly clientCert: string;
  /** The client certificate's key. */
  readonly clientKey: string;
  /** Another CA, which signed nothing the server knows: the wrong `tls.ca`. */
  readonly otherCa: string;
  /** A client certificate signed by the other CA, and its key: one the server refuses. */
  readonly otherClientCert: string;
  /** The key of the other CA's client certificate. */
  readonly otherClientKey: string;
  /** A server certificate of the CA for the same names that expired on 2020-01-02, and its key (serverKey). */
  readonly expiredServerCert: string;
}

/** Makes the certificates in `dir` (created). Throws a DaemonStartError when openssl is missing or fails. */
export function makeCertificates(dir: string): DaemonCertificates {
  mkdirSync(dir, { recursive: true });
  const f = (name: string): string => join(dir, name);
  const openssl = (...args: string[]): void => {
    const run = spawnSync('openssl', args, { encoding: 'utf8', cwd: dir, timeout: 30_000 });
    if (run.error || run.status !== 0) {
      throw new DaemonStartError(`openssl ${args[0]} failed: ${run.error?.message ?? run.stderr.trim()} (install openssl: apt-get install -y openssl)`);
    }
  };
  const ca = (name: string, cn: string): void => openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', f(`${name}.key`), '-out', f(`${name}.pem`), '-days', '2', '-subj', `/CN=${cn}`);
  const signed = (name: string, cn: string, by: string, ext: string): void => {
    openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', f(`${name}.key`), '-out', f(`${name}.csr`), '-subj', `/CN=${cn}`);
    openssl('x509', '-req', '-in', f(`${name}.csr`), '-CA', f(`${by}.pem`), '-CAkey', f(`${by}.key`), '-CAcreateserial', '-out', f(`${name}.pem`), '-days', '2', '-extfile', f(ext));
  };
  writeFileSync(f('server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
  writeFileSync(f('client.ext'), 'extendedKeyUsage=clientAuth\n');
  ca('ca', 'rx-containerd test CA');
  ca('other-ca', 'rx-containerd other CA');
  signed('server', 'localhost', 'ca', 'server.ext');
  signed('client', 'rx-containerd client', 'ca', 'client.ext');
  signed('other-client', 'rx-containerd other client', 'other-ca', 'client.ext');
  // an expired certificate needs explicit dates, which only `openssl ca` takes
  mkdirSync(f('ca-db'));
  writeFileSync(f('ca-db/index.txt'), '');
  writeFileSync(f('ca-db/serial'), '1000\n');
  writeFileSync(f('ca.cnf'), [
    '[ca]', 'default_ca = d', '[d]', `database = ${f('ca-db/index.txt')}`, `serial = ${f('ca-db/serial')}`,
    `new_certs_dir = ${f('ca-db')}`, 'default_md = sha256', 'policy = p', '[p]', 'commonName = supplied',
    '[ext]', 'subjectAltName=IP:127.0.0.1,DNS:localhost', 'extendedKeyUsage=serverAuth', '',
  ].join('\n'));
  openssl('ca', '-batch', '-config', f('ca.cnf'), '-cert', f('ca.pem'), '-keyfile', f('ca.key'), '-in', f('server.csr'), '-out', f('expired.pem'),
    '-startdate', '20200101000000Z', '-enddate', '20200102000000Z', '-extensions', 'ext');
  return {
    dir,
    ca: f('ca.pem'),
    serverCert: f('server.pem'),
    serverKey: f('server.key'),
    clientCert: f('client.pem'),
    clientKey: f('client.key'),
    otherCa: f('other-ca.pem'),
    otherClientCert: f('other-client.pem'),
    otherClientKey: f('other-client.key'),
    expiredServerCert: f('expired.pem'),
  };
}
