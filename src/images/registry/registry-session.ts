/**
 * One client's conversation with registries: the fetch it uses, the plain-HTTP rule, its credentials and auth
 * state, and the one request shape every distribution call goes through (auth, one retry after a 401, typed
 * errors). Requests go out on Node's own fetch (undici): it is the well-kept HTTP library here, with streaming
 * bodies, redirects and AbortSignal built in, so no other is added.
 * @module
 */
import { Authorizer } from './authorizer.js';
import type { CredentialSource } from './credentials.js';
import { registryEndpoint, type RegistryEndpoint } from './endpoint.js';
import { connectionError, responseError } from './response-errors.js';

/** Options of a {@link RegistrySession}. */
export interface RegistrySessionOptions {
  /** The fetch to use (a wrapper that counts or logs requests, a proxy's). Default: Node's global fetch. */
  readonly fetch?: typeof fetch;
  /** Plain HTTP for every registry (true), HTTPS even on this machine (false). Default: plain HTTP for localhost, 127.0.0.0/8 and [::1] only. */
  readonly plainHttp?: boolean;
  /** The credentials for each registry host. Default: none (anonymous). */
  readonly credentials?: CredentialSource;
}

/** One request of the distribution API. */
export interface RegistryRequest {
  /** The HTTP method. */
  readonly method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The path under the API root (`app/manifests/1.0`), or an absolute URL the registry gave (an upload's Location). */
  readonly path: string;
  /** The auth scope it needs: `repository:app:pull`, `repository:app:pull,push`. */
  readonly scope: string;
  /** What it asks for, as errors name it: a reference, `app@sha256:…`. */
  readonly target: string;
  /** The operation it belongs to, as errors name it: `resolve`, `fetchBlob`, `pushBlob`. */
  readonly call: string;
  /** The statuses that answer it; any other becomes a typed error. */
  readonly ok: readonly number[];
  /** Request headers. */
  readonly headers?: Readonly<Record<string, string>>;
  /** The body: bytes (sent again on a retry), or a stream (sent once: a 401 then fails the request). */
  readonly body?: Uint8Array | AsyncIterable<Uint8Array>;
}

/** The registries one client talks to. */
export class RegistrySession {
  /** The auth state: challenges seen, tokens issued. */
  readonly authorizer: Authorizer;
  private readonly fetchFn: typeof fetch;

  /** @param options - fetch, plain HTTP, credentials. */
  constructor(private readonly options: RegistrySessionOptions = {}) {
    this.fetchFn = options.fetch ?? fetch;
    this.authorizer = new Authorizer(options.credentials ?? (() => undefined), this.fetchFn);
  }

  /** Where `host`'s API is, by this session's plain-HTTP rule. */
  endpoint(host: string): RegistryEndpoint {
    return registryEndpoint(host, this.options.plainHttp);
  }

  /**
   * Sends `request` to registry `host` and resolves its answer when its status is one of `request.ok`. Auth: the
   * header the authorizer knows; after a 401, the one retry with what the challenge asks for.
   * @throws RegistryUnavailableError when the registry does not answer; RegistryAuthError after a second 401 or
   * a 403; RegistryNotFoundError for a 404 or a `*_UNKNOWN` code; RegistryRequestError otherwise; CanceledError
   * when `signal` aborted.
   */
  async send(host: string, request: RegistryRequest, signal: AbortSignal): Promise<Response> {
    const url = new URL(request.path, this.endpoint(host).base);
    // the first request to a registry goes alone; the others then send the auth it learnt (no anonymous 401s)
    const first = await this.authorizer.firstContact(host, signal);
    let answered = false;
    try {
      let authorization = await this.authorizer.authorization(host, request.scope, signal);
      let res = await this.attempt(host, url, request, authorization, signal);
      const replayable = request.body === undefined || request.body instanceof Uint8Array;
      if (res.status === 401 && replayable) {
        await res.body?.cancel();
        authorization = await this.authorizer.afterUnauthorized(host, request.scope, res.headers.get('www-authenticate'), request.target, signal);
        res = await this.attempt(host, url, request, authorization, signal);
      }
      answered = true;
      if (!request.ok.includes(res.status)) throw await responseError(res, host, request.target, request.call);
      return res;
    } finally {
      first?.(answered);
    }
  }

  private async attempt(host: string, url: URL, request: RegistryRequest, authorization: string | undefined, signal: AbortSignal): Promise<Response> {
    const headers: Record<string, string> = { ...request.headers };
    if (authorization !== undefined) headers['authorization'] = authorization;
    const streamed = request.body !== undefined && !(request.body instanceof Uint8Array);
    const init: RequestInit & { duplex?: 'half' } = { method: request.method, headers, signal, redirect: 'follow' };
    if (request.body !== undefined) init.body = request.body as unknown as RequestInit['body'];
    // a streamed body needs half duplex in Node's fetch
    if (streamed) init.duplex = 'half';
    try {
      return await this.fetchFn(url, init);
    } catch (error) {
      throw connectionError(error, host, request.target, request.call, signal);
    }
  }
}
