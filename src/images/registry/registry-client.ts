/**
 * A client of registries' distribution API: resolve a reference, fetch manifests and blobs, push blobs and
 * manifests, with one auth state (challenges seen, tokens cached) shared by all its calls. Every call is a cold
 * Observable; unsubscribing aborts its HTTP request.
 * @module
 */
import { defer, type Observable } from 'rxjs';
import { dockerConfigCredentials, readDockerConfig, type CredentialSource, type DockerConfig, type RegistryCredentials } from './credentials.js';
import { fetchManifest$ } from './fetch-manifest.js';
import { pushBlob$, type BlobBytes, type PushBlobOptions, type PushedBlob } from './push-blob.js';
import { pushManifest$ } from './push-manifest.js';
import { RegistrySession } from './registry-session.js';
import { fetchBlob$, remoteBlob, type RemoteBlobOptions } from './remote-blob.js';
import type { Repository } from './repository.js';
import { resolve$ } from './resolve.js';
import type { Descriptor } from '../oci-types.js';
import { parseReference } from '../reference.js';
import { checkRegistryOptions } from './registry-options.js';

/** How to reach registries and whom to be there. */
export interface RegistryOptions {
  /**
   * Plain HTTP for every registry (true), HTTPS even on this machine (false). Default: plain HTTP for
   * `localhost`, 127.0.0.0/8 and `[::1]` only, HTTPS elsewhere, as containerd.
   */
  readonly plainHttp?: boolean;
  /** The user for basic auth or a token endpoint; with `password`. Used for every registry. */
  readonly username?: string;
  /** The password (or access token) of `username`. */
  readonly password?: string;
  /**
   * A Docker config (`~/.docker/config.json` as `docker login` writes it): its path, or its content. Its
   * `auths` entry for a registry is used when no `username` is given; a path that is missing or unreadable is an
   * InvalidArgumentError naming it (Node's error as `cause`), never an anonymous request. Default: none is read.
   */
  readonly dockerConfig?: string | DockerConfig;
  /** The fetch to use (one that counts or logs requests, a proxy's). Default: Node's global fetch. */
  readonly fetch?: typeof fetch;
}

/** A client of registries; see the module doc. */
export class RegistryClient {
  // the session all calls share: fetch, plain-HTTP rule, auth state
  private readonly session: RegistrySession;

  /**
   * @param options - plain HTTP, credentials, fetch; checked here.
   * @param call - the operation errors name (`pull`, `push`). Default `RegistryClient`.
   * @throws TypeError for an option of the wrong type; InvalidArgumentError naming a `dockerConfig` file that is
   * missing or cannot be read (Node's error as `cause`), or is not JSON.
   */
  constructor(options: RegistryOptions = {}, call = 'RegistryClient') {
    checkRegistryOptions(options, call);
    this.session = new RegistrySession({ fetch: options.fetch, plainHttp: options.plainHttp, credentials: credentialSource(options, call) });
  }

  /**
   * The descriptor of the manifest or index `reference` names (see {@link resolve$}).
   * Fails with InvalidArgumentError for a malformed reference, before any request.
   */
  resolve$(reference: string): Observable<Descriptor> {
    return defer(() => resolve$(this.session, parseReference(reference, 'resolve')));
  }

  /** The bytes of manifest `descriptor` of `repository`, verified (see {@link fetchManifest$}). */
  fetchManifest$(repository: Repository, descriptor: Descriptor): Observable<Buffer> {
    return fetchManifest$(this.session, repository, descriptor);
  }

  /** The chunks of blob `digest` of `repository` (see {@link fetchBlob$}). */
  fetchBlob$(repository: Repository, digest: string, options: Omit<RemoteBlobOptions, 'signal'> = {}): Observable<Uint8Array> {
    return fetchBlob$(this.session, repository, digest, options);
  }

  /** The bytes of blob `digest` of `repository` as an async iterable read at the consumer's pace (see {@link remoteBlob}). */
  blob(repository: Repository, digest: string, options: RemoteBlobOptions = {}): AsyncIterable<Uint8Array> {
    return remoteBlob(this.session, repository, digest, options);
  }

  /** Makes sure `repository` has blob `descriptor`, sending `bytes()` only when it lacks it (see {@link pushBlob$}). */
  pushBlob$(repository: Repository, descriptor: Descriptor, bytes: BlobBytes, options: PushBlobOptions = {}): Observable<PushedBlob> {
    return pushBlob$(this.session, repository, descriptor, bytes, options);
  }

  /** Puts a manifest or index under `tag`, or by digest (see {@link pushManifest$}). */
  pushManifest$(repository: Repository, bytes: Uint8Array, mediaType: string, tag?: string): Observable<Descriptor> {
    return pushManifest$(this.session, repository, bytes, mediaType, tag);
  }
}

/** The credentials of `options` for each host: `username` and `password` everywhere, else the Docker config's entry. */
function credentialSource(options: RegistryOptions, call: string): CredentialSource {
  if (options.username !== undefined) {
    const given: RegistryCredentials = { username: options.username, password: options.password ?? '' };
    return () => given;
  }
  if (options.dockerConfig === undefined) return () => undefined;
  const config = typeof options.dockerConfig === 'string' ? readDockerConfig(options.dockerConfig, call) : options.dockerConfig;
  return (host) => dockerConfigCredentials(config, host, call);
}
