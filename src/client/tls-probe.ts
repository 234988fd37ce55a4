/**
 * Why a TCP connection to a daemon does not come up. grpc-js reports a failed TLS handshake only as a text
 * (UNAVAILABLE "No connection established. Last error: ...ssl3_read_bytes:sslv3 alert bad certificate..."), and a
 * plain-text client facing a TLS listener as "Failed to connect". So when the channel fails, the connection
 * makes one handshake of its own with node:tls, with the same options, and classifies Node's error `code`.
 *
 * Measured against containerd's `[grpc] tcp_address` listener (1.6.20, 1.7.24, 2.1.9) and Node 20's OpenSSL:
 * a server certificate of another CA: UNABLE_TO_VERIFY_LEAF_SIGNATURE; a name it does not carry:
 * ERR_TLS_CERT_ALTNAME_INVALID; an expired one: CERT_HAS_EXPIRED; no client certificate:
 * ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE (1.6) or ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED (1.7, 2), after the
 * handshake under TLS 1.3 (the server checks our certificate once it has read it); a client certificate of another
 * CA: ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE; TLS to a plain-text listener: ERR_SSL_WRONG_VERSION_NUMBER; plain text
 * to a TLS listener: the server closes without a byte.
 * @module
 */
import { isIP } from 'node:net';
import { checkServerIdentity, connect as tlsConnect, type TLSSocket } from 'node:tls';
import {
  TlsClientCertificateError,
  TlsPlainTextPeerError,
  TlsRequiredError,
  TlsServerCertificateError,
  TlsUnknownAuthorityError,
  type ServerCertificateProblem,
  type TlsError,
} from './tls-error-classes.js';
import type { ResolvedTls } from './tls-options.js';

/** Where the probe goes and how the channel was secured. */
export interface ProbeTarget {
  readonly address: string;
  readonly host: string;
  readonly port: number;
  /** The channel's TLS; undefined for a plain-text channel (`insecure: true`). */
  readonly tls: ResolvedTls | undefined;
}

/** What a probe found: a TLS error to report, or a text for an UnavailableError's message. */
export type ProbeFinding = { readonly error: TlsError } | { readonly note: string };

/** The server's certificate failed verification (codes of OpenSSL's X509 verification, as Node names them). */
const unknownAuthority = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'CERT_SIGNATURE_FAILURE',
]);
const serverCertificate: Readonly<Record<string, ServerCertificateProblem>> = {
  CERT_HAS_EXPIRED: 'expired',
  CERT_NOT_YET_VALID: 'not-yet-valid',
  ERR_TLS_CERT_ALTNAME_INVALID: 'wrong-host',
  CERT_REVOKED: 'invalid',
  CERT_REJECTED: 'invalid',
  CERT_UNTRUSTED: 'invalid',
  INVALID_PURPOSE: 'invalid',
  INVALID_CA: 'invalid',
};
/** TLS alerts the server sends about our certificate (RFC 8446 6.2: bad_certificate, unknown_ca, certificate_required, ...). */
const clientCertificate = new Set([
  'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE', 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED', 'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA',
  'ERR_SSL_SSLV3_ALERT_CERTIFICATE_EXPIRED', 'ERR_SSL_SSLV3_ALERT_UNSUPPORTED_CERTIFICATE', 'ERR_SSL_SSLV3_ALERT_CERTIFICATE_UNKNOWN',
]);

/** HTTP/2's connection preface and an empty SETTINGS frame: a gRPC server answers it with its own SETTINGS. */
const PREFACE = Buffer.concat([Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'), Buffer.from([0, 0, 0, 4, 0, 0, 0, 0, 0])]);

/**
 * One handshake with node:tls to `target` (the options of the channel), then the HTTP/2 preface, classified:
 * a TLS error for a refused certificate or a protocol mismatch; otherwise a note (`connection refused`, ...).
 * Never rejects; gives up after `timeoutMs`.
 */
export function probeTls(target: ProbeTarget, call: string, timeoutMs = 3_000): Promise<ProbeFinding> {
  return new Promise((resolve) => {
    const tls = target.tls;
    const servername = tls?.serverName ?? (isIP(target.host) ? undefined : target.host);
    let socket: TLSSocket;
    let settled = false;
    let handshaken = false;
    const done = (finding: ProbeFinding): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(finding);
    };
    const timer = setTimeout(() => done({ note: `no TLS handshake within ${timeoutMs} ms` }), timeoutMs);
    const details = (problem: string, error?: NodeJS.ErrnoException) => ({
      address: target.address, call, problem, ...(error?.code ? { tlsCode: error.code } : {}), ...(error ? { cause: error } : {}),
    });
    socket = tlsConnect({
      host: target.host,
      port: target.port,
      ALPNProtocols: ['h2'],
      ...(servername ? { servername } : {}),
      ...(tls?.ca ? { ca: tls.ca } : {}),
      ...(tls?.cert ? { cert: tls.cert, key: tls.key } : {}),
      // a plain-text channel asks only whether the peer speaks TLS at all
      rejectUnauthorized: tls !== undefined,
      ...(tls?.serverName ? { checkServerIdentity: (_host: string, cert) => checkServerIdentity(tls.serverName!, cert) } : {}),
    });
    socket.once('secureConnect', () => {
      handshaken = true;
      if (tls === undefined) {
        done({ error: new TlsRequiredError(details('the server speaks TLS but the client was told to use plain text (insecure: true): give tls options ({ ca, cert, key })')) });
        return;
      }
      // under TLS 1.3 the server judges our certificate after the handshake: its verdict (an alert) or its
      // HTTP/2 SETTINGS come back on the first read
      socket.write(PREFACE);
      socket.once('data', () => done({ note: 'the TLS handshake succeeded and the server answered HTTP/2' }));
    });
    socket.once('close', () =>
      done({
        note: socket.encrypted && socket.alpnProtocol !== undefined && handshaken
          ? 'the server closed the connection right after the TLS handshake, without a TLS alert (a server may refuse a client certificate so)'
          : 'the server closed the connection',
      }),
    );
    socket.once('error', (error: NodeJS.ErrnoException) => {
      const code = error.code ?? '';
      if (tls === undefined) {
        // any TLS-level answer, even an alert, means the peer speaks TLS
        if (code.startsWith('ERR_SSL_') && code !== 'ERR_SSL_WRONG_VERSION_NUMBER') {
          done({ error: new TlsRequiredError(details(`the server speaks TLS but the client was told to use plain text (insecure: true): give tls options`, error)) });
        } else done({ note: describe(error) });
        return;
      }
      if (unknownAuthority.has(code)) {
        const against = tls.ca ? 'the CA given as tls.ca' : "Node's public CAs (no tls.ca was given)";
        done({ error: new TlsUnknownAuthorityError(details(`the server's certificate is not signed by ${against} (${error.message})`, error)) });
      } else if (serverCertificate[code] !== undefined) {
        const kind = serverCertificate[code]!;
        const why = { expired: 'has expired', 'not-yet-valid': 'is not valid yet', 'wrong-host': `does not name ${servername ?? target.host}`, invalid: 'is not usable' }[kind];
        done({ error: new TlsServerCertificateError({ ...details(`the server's certificate ${why} (${error.message})`, error), kind }) });
      } else if (clientCertificate.has(code)) {
        const given = tls.cert ? 'our client certificate (tls.cert)' : 'a client without a certificate (no tls.cert, tls.key were given)';
        done({ error: new TlsClientCertificateError(details(`the server refused ${given}: ${error.message.split('\n')[0]?.replace(/^.*:SSL routines:/, '') ?? code}`, error)) });
      } else if (code === 'ERR_SSL_WRONG_VERSION_NUMBER') {
        done({ error: new TlsPlainTextPeerError(details('the server does not speak TLS (it answered the TLS handshake in plain text): connect with insecure: true, or turn on TLS on the server', error)) });
      } else done({ note: describe(error) });
    });
  });
}

function describe(error: NodeJS.ErrnoException): string {
  if (error.code === 'ECONNREFUSED') return 'connection refused';
  return error.code ? `${error.code}: ${error.message}` : error.message;
}
