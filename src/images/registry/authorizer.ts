/**
 * What a registry client says in its `Authorization` header, as containerd's docker authorizer decides it:
 * nothing until a registry challenges; then basic credentials for a `Basic` challenge, or a Bearer token from the
 * challenge's realm for a `Bearer` one (Docker's token specification: GET realm?service=…&scope=…, with basic
 * credentials when we have some). Tokens are cached per registry and scope until their `expires_in` (60 s when
 * the endpoint gives none) and fetched anew after it, or when the registry refuses one.
 * @module
 */
import { RegistryAuthError, RegistryRequestError } from '../../client/errors.js';
import type { CredentialSource, RegistryCredentials } from './credentials.js';
import { parseChallenges, type AuthChallenge } from './www-authenticate.js';
import { connectionError } from './response-errors.js';

/** A token and when it stops being good, in ms since the epoch. */
interface CachedToken {
  readonly header: string;
  readonly expiresAt: number;
}

/** How long a token endpoint may take to answer, in ms. */
const TOKEN_TIMEOUT_MS = 30_000;

/** The Docker token specification's default lifetime, when the endpoint says none. */
const DEFAULT_EXPIRES_IN_S = 60;

/**
 * The auth state of one registry client: the challenge each registry gave, and the tokens it issued. Requests to
 * a registry not yet heard from wait for the first one's answer ({@link Authorizer.firstContact}), so that
 * concurrent requests (a push's blobs) do not each go out anonymous to be refused with a 401.
 */
export class Authorizer {
  private readonly challenges = new Map<string, AuthChallenge>();
  private readonly tokens = new Map<string, Promise<CachedToken>>();
  // hosts that answered once (with or without a challenge), and the first request still out to each other host
  private readonly answered = new Set<string>();
  private readonly firstContacts = new Map<string, Promise<void>>();

  /**
   * @param credentials - the credentials for a registry host, if any.
   * @param fetchFn - the fetch to reach token endpoints with.
   * @param now - the clock, in ms since the epoch.
   */
  constructor(
    private readonly credentials: CredentialSource,
    private readonly fetchFn: typeof fetch,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Waits, when `host` has not answered yet, until the request being sent to it first is answered (or fails), and
   * resolves a function to call once this request has its own answer when it is the first; resolves undefined when
   * the host answered before. A request that waited then finds the challenge (and the token) the first one learnt.
   */
  async firstContact(host: string, signal: AbortSignal): Promise<((answered: boolean) => void) | undefined> {
    for (;;) {
      if (this.answered.has(host)) return undefined;
      const pending = this.firstContacts.get(host);
      if (pending === undefined) break;
      await untilAborted(pending, signal);
    }
    let release!: () => void;
    this.firstContacts.set(host, new Promise<void>((resolve) => (release = resolve)));
    return (answered) => {
      if (answered) this.answered.add(host);
      this.firstContacts.delete(host);
      release();
    };
  }

  /**
   * The header for a first attempt at `host` within `scope` (`repository:app:pull`): none until the registry has
   * challenged; a cached token while it is good, else a new one; basic credentials for a Basic registry.
   */
  async authorization(host: string, scope: string, signal: AbortSignal): Promise<string | undefined> {
    const challenge = this.challenges.get(host);
    if (challenge === undefined) return undefined;
    if (challenge.scheme === 'basic') return basicHeader(this.credentials(host));
    const key = `${host} ${scope}`;
    const cached = this.tokens.get(key);
    if (cached !== undefined) {
      const token = await cached.catch(() => undefined);
      if (token !== undefined && token.expiresAt > this.now()) return token.header;
      if (this.tokens.get(key) === cached) this.tokens.delete(key);
    }
    return this.token(host, scope, challenge, signal);
  }

  /**
   * The header for the one retry after a 401 whose challenge is `header`: the credentials that challenge asks
   * for, or a new token (the cached one dropped).
   * @throws RegistryAuthError when no challenge can be answered: none given, or basic auth without credentials,
   * or the token endpoint refuses us.
   */
  async afterUnauthorized(host: string, scope: string, header: string | null, target: string, signal: AbortSignal): Promise<string> {
    const challenges = parseChallenges(header ?? '');
    const challenge = challenges.find((c) => c.scheme === 'bearer' && c.params['realm'] !== undefined) ?? challenges.find((c) => c.scheme === 'basic');
    if (challenge === undefined) {
      throw new RegistryAuthError({ host, target, status: 401, detail: `no Basic or Bearer challenge to answer (WWW-Authenticate: ${header ?? 'none'})` }, 'authorize');
    }
    this.challenges.set(host, challenge);
    this.tokens.delete(`${host} ${scope}`);
    if (challenge.scheme === 'basic') {
      const basic = basicHeader(this.credentials(host));
      if (basic === undefined) throw new RegistryAuthError({ host, target, status: 401, detail: 'the registry wants credentials (basic auth), and none were given' }, 'authorize');
      return basic;
    }
    return this.token(host, scope, challenge, signal);
  }

  /** A new token for `scope` (and the challenge's own scope), shared by concurrent requests of the same scope. */
  private token(host: string, scope: string, challenge: AuthChallenge, signal: AbortSignal): Promise<string> {
    const key = `${host} ${scope}`;
    let pending = this.tokens.get(key);
    if (pending === undefined) {
      // shared by whoever needs it meanwhile: one caller's unsubscribing must not fail the others' fetch
      pending = this.fetchToken(host, scope, challenge, AbortSignal.timeout(TOKEN_TIMEOUT_MS));
      this.tokens.set(key, pending);
      pending.catch(() => {
        if (this.tokens.get(key) === pending) this.tokens.delete(key);
      });
    }
    return untilAborted(pending, signal).then((t) => t.header);
  }

  private async fetchToken(host: string, scope: string, challenge: AuthChallenge, signal: AbortSignal): Promise<CachedToken> {
    const realm = challenge.params['realm']!;
    const url = new URL(realm);
    if (challenge.params['service'] !== undefined) url.searchParams.set('service', challenge.params['service']);
    const scopes = new Set([...scope.split(' '), ...(challenge.params['scope']?.split(' ') ?? [])].filter((s) => s !== ''));
    for (const s of scopes) url.searchParams.append('scope', s);
    const credentials = this.credentials(host);
    const basic = basicHeader(credentials);
    const target = `token for ${[...scopes].join(' ')}`;
    const issuedAt = this.now();
    let res: Response;
    try {
      res = await this.fetchFn(url, { headers: basic === undefined ? {} : { authorization: basic }, signal });
    } catch (error) {
      throw connectionError(error, host, `${target} (token endpoint ${url.origin})`, 'authorize', signal);
    }
    if (res.status === 401 || res.status === 403) {
      await res.body?.cancel();
      const who = credentials === undefined ? 'anonymous access' : `the credentials of user ${JSON.stringify(credentials.username)}`;
      throw new RegistryAuthError({ host, target, status: res.status, detail: `the token endpoint ${url.origin}${url.pathname} refused ${who}` }, 'authorize');
    }
    const body = (await res.json().catch(() => undefined)) as { token?: unknown; access_token?: unknown; expires_in?: unknown } | undefined;
    const token = typeof body?.token === 'string' && body.token !== '' ? body.token : body?.access_token;
    if (!res.ok || typeof token !== 'string' || token === '') {
      throw new RegistryRequestError({ host, target, status: res.status, detail: `the token endpoint ${url.origin}${url.pathname} gave no token` }, 'authorize');
    }
    const expiresIn = typeof body?.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : DEFAULT_EXPIRES_IN_S;
    return { header: `Bearer ${token}`, expiresAt: issuedAt + expiresIn * 1000 };
  }
}

/** `Basic base64(user:password)`, or undefined without credentials. */
function basicHeader(credentials: RegistryCredentials | undefined): string | undefined {
  if (credentials === undefined) return undefined;
  return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
}

/** `promise`, or a rejection as soon as `signal` aborts. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
