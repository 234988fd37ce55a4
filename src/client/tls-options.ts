/**
 * The TLS options of a remote daemon: the CA its certificate must be signed by, our client certificate, the name
 * to check. Each of `ca`, `cert` and `key` is PEM (a string that starts with `-----BEGIN`, or a Buffer) or the
 * path of a PEM file, read once at `connect()`.
 * @module
 */
import { readFileSync } from 'node:fs';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { invalidArgument } from './error-mapping.js';

/**
 * TLS to a daemon over TCP (containerd's `[grpc] tcp_tls_*` settings on the server side, or a TLS proxy in
 * front of its socket). Each of `ca`, `cert` and `key` is PEM text (a string starting with `-----BEGIN`), a
 * Buffer of PEM, or the path of a PEM file (read once, when the client is made).
 */
export interface TlsOptions {
  /**
   * The certificate authority (one or more PEM certificates) the server's certificate must be signed by: the
   * CA that signed containerd's `tcp_tls_cert`. Default: Node's bundled public CAs.
   */
  readonly ca?: string | Buffer;
  /**
   * Our client certificate (PEM, or a file), for a server that verifies clients: containerd with `tcp_tls_ca`
   * refuses a client without a certificate signed by that CA. Given with `key`.
   */
  readonly cert?: string | Buffer;
  /** The private key of `cert` (PEM, or a file). Given with `cert`. */
  readonly key?: string | Buffer;
  /**
   * The name the server's certificate must carry (its subjectAltName), when not the host of the address: e.g.
   * the daemon's DNS name when the address is an IP address. Also sent as the TLS SNI name.
   */
  readonly serverName?: string;
}

/** {@link TlsOptions} with every file read: PEM bytes. */
export interface ResolvedTls {
  readonly ca?: Buffer;
  readonly cert?: Buffer;
  readonly key?: Buffer;
  readonly serverName?: string;
}

/**
 * Reads and checks `tls` for `call`: each PEM parsed (a certificate as X.509, the key as a private key), `cert`
 * and `key` together or neither.
 *
 * @throws InvalidArgumentError naming the option and the value: a file that cannot be read, text that is not
 *   PEM of the right kind, a `cert` without `key` or the reverse, an empty `serverName`.
 */
export function resolveTls(tls: TlsOptions, call: string): ResolvedTls {
  if (typeof tls !== 'object' || tls === null) throw invalidArgument(call, `options.tls must be an object { ca, cert, key, serverName }, got ${String(tls)}`);
  const known = new Set(['ca', 'cert', 'key', 'serverName']);
  for (const k of Object.keys(tls)) if (!known.has(k)) throw invalidArgument(call, `options.tls.${k} is not an option (valid: ca, cert, key, serverName)`);
  if ((tls.cert === undefined) !== (tls.key === undefined)) {
    throw invalidArgument(call, `options.tls.${tls.cert === undefined ? 'key' : 'cert'} was given without options.tls.${tls.cert === undefined ? 'cert' : 'key'}: a client certificate needs both`);
  }
  if (tls.serverName !== undefined && (typeof tls.serverName !== 'string' || tls.serverName.trim() === '')) {
    throw invalidArgument(call, `options.tls.serverName must be a non-empty host name, got ${JSON.stringify(tls.serverName)}`);
  }
  const ca = pem(tls.ca, 'ca', call);
  const cert = pem(tls.cert, 'cert', call);
  const key = pem(tls.key, 'key', call);
  if (ca) certificates(ca, 'ca', call);
  if (cert) certificates(cert, 'cert', call);
  if (key) {
    try {
      createPrivateKey(key);
    } catch (error) {
      throw invalidArgument(call, `options.tls.key is not a PEM private key: ${(error as Error).message}`);
    }
  }
  return { ...(ca ? { ca } : {}), ...(cert ? { cert } : {}), ...(key ? { key } : {}), ...(tls.serverName ? { serverName: tls.serverName } : {}) };
}

/**
 * TLS options from the environment, for a client whose address came from `$CONTAINERD_ADDRESS`:
 * `$CONTAINERD_TLS_CA`, `$CONTAINERD_TLS_CERT`, `$CONTAINERD_TLS_KEY` (PEM files) and
 * `$CONTAINERD_TLS_SERVER_NAME`; undefined when none is set.
 */
export function environmentTls(env: NodeJS.ProcessEnv = process.env): TlsOptions | undefined {
  const pick = (name: string): string | undefined => (env[name] ? env[name] : undefined);
  const tls = { ca: pick('CONTAINERD_TLS_CA'), cert: pick('CONTAINERD_TLS_CERT'), key: pick('CONTAINERD_TLS_KEY'), serverName: pick('CONTAINERD_TLS_SERVER_NAME') };
  const set = Object.fromEntries(Object.entries(tls).filter(([, v]) => v !== undefined)) as TlsOptions;
  return Object.keys(set).length === 0 ? undefined : set;
}

function pem(value: string | Buffer | undefined, name: string, call: string): Buffer | undefined {
  if (value === undefined) return undefined;
  if (Buffer.isBuffer(value)) return value;
  if (typeof value !== 'string' || value.trim() === '') {
    throw invalidArgument(call, `options.tls.${name} must be PEM text, a Buffer or a file path, got ${JSON.stringify(value)}`);
  }
  if (value.trimStart().startsWith('-----BEGIN')) return Buffer.from(value);
  try {
    return readFileSync(value);
  } catch (error) {
    throw invalidArgument(call, `options.tls.${name}: cannot read ${value} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}

function certificates(bytes: Buffer, name: string, call: string): void {
  const blocks = bytes.toString('utf8').match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g);
  if (blocks === null) throw invalidArgument(call, `options.tls.${name} holds no PEM certificate`);
  for (const block of blocks) {
    try {
      new X509Certificate(block);
    } catch (error) {
      throw invalidArgument(call, `options.tls.${name} holds a certificate that does not parse: ${(error as Error).message}`);
    }
  }
}
