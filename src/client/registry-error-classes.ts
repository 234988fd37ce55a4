/**
 * The typed errors of a registry's distribution API: a manifest, blob or repository it does not have, a
 * registry that refuses our credentials, one that does not answer, and any other refusal. Each names the
 * registry's host, carries the HTTP status and the registry's own error code when it gave one, and is the
 * {@link ContainerdError} subclass containerd would answer with for the same condition.
 * @module
 */
import { status as GrpcStatus } from '@grpc/grpc-js';
import { nameErrorClass } from './error-base.js';
import { ContainerdError, NotFoundError, UnavailableError, UnknownError } from './error-classes.js';

/** What every registry error says. */
export interface RegistryErrorDetails {
  /** The registry's host as referenced (`127.0.0.1:5000`, `ghcr.io`, `docker.io`). */
  readonly host: string;
  /** What was asked: the reference, a `repository@digest`, or the request (`POST …/blobs/uploads/`). */
  readonly target: string;
  /** The HTTP status, when the registry answered. */
  readonly status?: number | undefined;
  /** The first code of the registry's error body (`MANIFEST_UNKNOWN`, `UNAUTHORIZED`, `DIGEST_INVALID`…), when it gave one. */
  readonly registryCode?: string | undefined;
  /** What went wrong, in words (the registry's message, or ours). */
  readonly detail: string;
  /** What was thrown underneath (fetch's error for a connection failure). */
  readonly cause?: unknown;
}

/** What every registry error carries, besides its message: the classes below have these fields. */
export interface RegistryErrorFields {
  /** The registry's host as referenced (`127.0.0.1:5000`, `ghcr.io`, `docker.io`). */
  readonly host: string;
  /** What was asked: the reference, a `repository@digest`, or the request. */
  readonly target: string;
  /** The HTTP status, when the registry answered (undefined when it did not). */
  readonly status: number | undefined;
  /** The registry's error code (`MANIFEST_UNKNOWN`, `UNAUTHORIZED`, `DENIED`…), when it gave one. */
  readonly registryCode: string | undefined;
}

/** Sets the fields of {@link RegistryErrorFields} (each class below merges that interface, so they are declared once). */
function fields(target: object, details: RegistryErrorDetails): void {
  Object.assign(target, { host: details.host, target: details.target, status: details.status, registryCode: details.registryCode });
}

function statusText(details: RegistryErrorDetails): string {
  const parts = [details.status === undefined ? undefined : `HTTP ${details.status}`, details.registryCode].filter((p) => p !== undefined);
  return parts.length === 0 ? '' : ` (${parts.join(' ')})`;
}

/**
 * The registry has no such repository, tag, manifest or blob (`NAME_UNKNOWN`, `MANIFEST_UNKNOWN`,
 * `BLOB_UNKNOWN`, or a 404). A NotFoundError (code 5) whose message names the reference.
 */
export interface RegistryNotFoundError extends RegistryErrorFields {}
export class RegistryNotFoundError extends NotFoundError {
  constructor(details: RegistryErrorDetails, call: string) {
    super({ code: GrpcStatus.NOT_FOUND, daemonMessage: details.detail, call, cause: details.cause },
      `${details.target}: not found at registry ${details.host}${statusText(details)}: ${details.detail}`);
    fields(this, details);
  }
}

/**
 * The registry (or its token endpoint) refused our credentials, or we had none and it wants some: a 401 after
 * the one retry with fresh credentials, or a 403. Code 16 (UNAUTHENTICATED); the message names the registry.
 */
export interface RegistryAuthError extends RegistryErrorFields {}
export class RegistryAuthError extends ContainerdError {
  constructor(details: RegistryErrorDetails, call: string) {
    super({ code: GrpcStatus.UNAUTHENTICATED, daemonMessage: details.detail, call, cause: details.cause },
      `registry ${details.host} refused access to ${details.target}${statusText(details)}: ${details.detail}`);
    fields(this, details);
  }
}

/** The registry did not answer: connection refused or reset, name unknown, TLS failure. An UnavailableError (code 14) naming the host. */
export interface RegistryUnavailableError extends RegistryErrorFields {}
export class RegistryUnavailableError extends UnavailableError {
  constructor(details: RegistryErrorDetails, call: string) {
    super({ code: GrpcStatus.UNAVAILABLE, daemonMessage: details.detail, call, cause: details.cause },
      `registry ${details.host} is not reachable (${details.target}): ${details.detail}`);
    fields(this, details);
  }
}

/** Any other refusal or unexpected answer of a registry (a 400 `DIGEST_INVALID`, a 5xx, a malformed answer). An UnknownError (code 2). */
export interface RegistryRequestError extends RegistryErrorFields {}
export class RegistryRequestError extends UnknownError {
  constructor(details: RegistryErrorDetails, call: string) {
    super({ code: GrpcStatus.UNKNOWN, daemonMessage: details.detail, call, cause: details.cause },
      `registry ${details.host}: ${details.target} failed${statusText(details)}: ${details.detail}`);
    fields(this, details);
  }
}

for (const [cls, name, code] of [
  [RegistryNotFoundError, 'RegistryNotFoundError', 'ERR_CONTAINERD_REGISTRY_NOT_FOUND'],
  [RegistryAuthError, 'RegistryAuthError', 'ERR_CONTAINERD_REGISTRY_AUTH'],
  [RegistryUnavailableError, 'RegistryUnavailableError', 'ERR_CONTAINERD_REGISTRY_UNAVAILABLE'],
  [RegistryRequestError, 'RegistryRequestError', 'ERR_CONTAINERD_REGISTRY_REQUEST'],
] as const) nameErrorClass(cls, name, code);
