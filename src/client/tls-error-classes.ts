/**
 * The errors of a TLS connection to a remote daemon that never came up: the server's certificate, its CA, our
 * client certificate, or the two ends not speaking the same protocol. Each names the address, says what to fix,
 * and keeps Node's error (with its OpenSSL `code`) as `cause`.
 * @module
 */
import { status as GrpcStatus } from '@grpc/grpc-js';
import { nameErrorClass } from './error-base.js';
import { ContainerdError } from './error-classes.js';

/** What a {@link TlsError} is made from. */
export interface TlsErrorDetails {
  /** The daemon's address, e.g. `tcp://10.0.0.5:10001`. */
  readonly address: string;
  /** The call that waited for the connection. */
  readonly call: string;
  /** What went wrong, in a sentence. */
  readonly problem: string;
  /** Node's code of the failure (OpenSSL's, e.g. `'CERT_HAS_EXPIRED'`, `'ERR_SSL_WRONG_VERSION_NUMBER'`), when it had one. */
  readonly tlsCode?: string;
  /** Node's error. */
  readonly cause?: unknown;
}

/**
 * A TLS connection to a remote daemon could not be made (gRPC code UNAVAILABLE, as grpc-js reports it, but
 * not transient: the same configuration fails again). The subclass says which end is wrong.
 */
export class TlsError extends ContainerdError {
  /** The daemon's address, e.g. `tcp://10.0.0.5:10001`. */
  readonly address: string;
  /** Node's code of the failure (e.g. `'CERT_HAS_EXPIRED'`), when it had one. */
  readonly tlsCode: string | undefined;

  /** @param details - the address, the call, the problem, Node's code and error. */
  constructor(details: TlsErrorDetails) {
    super(
      { code: GrpcStatus.UNAVAILABLE, daemonMessage: details.problem, call: details.call, cause: details.cause },
      `TLS to containerd at ${details.address}: ${details.problem}`,
    );
    this.address = details.address;
    this.tlsCode = details.tlsCode;
  }
}

/** Why a server's certificate was refused. */
export type ServerCertificateProblem = 'expired' | 'not-yet-valid' | 'wrong-host' | 'invalid';

/**
 * The server's certificate was refused: it has expired, is not valid yet, does not name the host connected to
 * (the address's host, or `tls.serverName`), or is unusable (revoked, not for server use). A certificate signed
 * by another CA is a {@link TlsUnknownAuthorityError}.
 */
export class TlsServerCertificateError extends TlsError {
  /** What is wrong with it. */
  readonly problemKind: ServerCertificateProblem;

  /** @param details - as {@link TlsError}, and what is wrong with the certificate. */
  constructor(details: TlsErrorDetails & { readonly kind: ServerCertificateProblem }) {
    super(details);
    this.problemKind = details.kind;
  }
}

/**
 * The server's certificate is not signed by the CA given as `tls.ca` (or, without one, by any public CA):
 * the wrong CA file, or a server presenting another certificate than the one expected.
 */
export class TlsUnknownAuthorityError extends TlsError {}

/**
 * The server refused our client certificate: none was given (`tls.cert`, `tls.key`) to a server that requires
 * one (containerd's `tcp_tls_ca`), or it is not signed by the CA the server trusts, or it expired.
 */
export class TlsClientCertificateError extends TlsError {}

/**
 * TLS was asked for (`tls` given) but the peer speaks plain text: a listener without TLS (containerd's
 * `tcp_address` without `tcp_tls_cert`), or not a TLS server at all.
 */
export class TlsPlainTextPeerError extends TlsError {}

/**
 * Plain text was asked for (`insecure: true`) but the peer speaks TLS: give `tls` options instead.
 */
export class TlsRequiredError extends TlsError {}

/**
 * The daemon's listener does not serve the containerd service a call needs (gRPC UNIMPLEMENTED, "unknown
 * service"). containerd's own TCP listener (`[grpc] tcp_address`) serves only the CRI plugin's services,
 * never containerd's (Containers, Tasks, Events, ...): measured on 1.6, 1.7 and 2. Reach a remote daemon
 * through a TLS proxy in front of its socket instead (docs/remote.md).
 */
export class UnknownServiceError extends ContainerdError {}

for (const [cls, name, code] of [
  [TlsError, 'TlsError', 'ERR_CONTAINERD_TLS'],
  [TlsServerCertificateError, 'TlsServerCertificateError', 'ERR_CONTAINERD_TLS_SERVER_CERTIFICATE'],
  [TlsUnknownAuthorityError, 'TlsUnknownAuthorityError', 'ERR_CONTAINERD_TLS_UNKNOWN_AUTHORITY'],
  [TlsClientCertificateError, 'TlsClientCertificateError', 'ERR_CONTAINERD_TLS_CLIENT_CERTIFICATE'],
  [TlsPlainTextPeerError, 'TlsPlainTextPeerError', 'ERR_CONTAINERD_TLS_PLAIN_TEXT_PEER'],
  [TlsRequiredError, 'TlsRequiredError', 'ERR_CONTAINERD_TLS_REQUIRED'],
  [UnknownServiceError, 'UnknownServiceError', 'ERR_CONTAINERD_UNKNOWN_SERVICE'],
] as const) {
  nameErrorClass(cls, name, code);
}
