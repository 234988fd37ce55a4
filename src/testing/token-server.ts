/**
 * A token endpoint for a private registry's `token` auth, as the Docker token specification describes it: a GET
 * of `realm?service=…&scope=…` answers `{ token, access_token, expires_in, issued_at }`, the token a JWT signed
 * ES256 by a key whose self-signed certificate the registry trusts. It grants every scope asked (to the users
 * given, when some are), and keeps a journal of the requests, so tests can count how often a client came back.
 * @module
 */
import { randomUUID, sign } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeSigningKey, type SigningKey } from './signing-key.js';

/** Options of {@link startTokenServer}. */
export interface TokenServerOptions {
  /** The service name the registry is known by (the JWT's `aud`). Default `'rx-containerd-registry'`. */
  readonly service?: string;
  /** The issuer the registry trusts (the JWT's `iss`). Default `'rx-containerd-token-issuer'`. */
  readonly issuer?: string;
  /** The lifetime announced and given to tokens, in seconds. Default 300. */
  readonly expiresInS?: number;
  /** `user: password` pairs allowed to get tokens with basic credentials; absent: anyone gets one, anonymously. */
  readonly users?: Readonly<Record<string, string>>;
}

/** One request the endpoint answered. */
export interface TokenRequest {
  /** The scopes asked, e.g. `['repository:app:pull,push']`. */
  readonly scopes: readonly string[];
  /** The basic user, when credentials came. */
  readonly account: string | undefined;
  /** The HTTP status answered: 200, or 401 for missing or wrong credentials. */
  readonly status: number;
}

/** A running token endpoint; AsyncDisposable. */
export interface TokenServer extends AsyncDisposable {
  /** The URL the registry names as `realm` in its challenges. */
  readonly realm: string;
  /** The service name (JWT `aud`). */
  readonly service: string;
  /** The issuer (JWT `iss`). */
  readonly issuer: string;
  /** The certificate (PEM file) the registry must trust. */
  readonly certificateFile: string;
  /** Every request answered so far, in order. */
  readonly requests: readonly TokenRequest[];
  /** The lifetime announced (`expires_in`) and given to the next tokens, in seconds. */
  expiresInS: number;
  /**
   * The real lifetime of the next tokens (their JWT `exp` from now), in seconds, when it is not what they
   * announce (`expiresInS`); may be negative. The registry accepts a token up to a minute past its `exp` (its
   * leeway): -600 makes tokens it refuses at once, -57 tokens it refuses three seconds later, as it would tokens
   * revoked early. Default undefined: `expiresInS`.
   */
  lifetimeS: number | undefined;
  /** Closes the endpoint and removes its key. Idempotent. */
  stop(): Promise<void>;
  /** {@link TokenServer.stop}, for `await using`. */
  [Symbol.asyncDispose](): Promise<void>;
}

/** Starts a token endpoint on a free port of 127.0.0.1, with a fresh key and certificate. */
export async function startTokenServer(options: TokenServerOptions = {}): Promise<TokenServer> {
  const dir = mkdtempSync(join(tmpdir(), 'rxc-token-'));
  try {
    const key = await makeSigningKey(dir);
    const state = new TokenState(options, key, dir);
    await state.listen();
    return state;
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

class TokenState implements TokenServer {
  readonly service: string;
  readonly issuer: string;
  readonly requests: TokenRequest[] = [];
  expiresInS: number;
  lifetimeS: number | undefined = undefined;
  private readonly server = createServer((req, res) => this.answer(req, res));
  private port = 0;
  private stopped = false;

  constructor(private readonly options: TokenServerOptions, private readonly key: SigningKey, private readonly dir: string) {
    this.service = options.service ?? 'rx-containerd-registry';
    this.issuer = options.issuer ?? 'rx-containerd-token-issuer';
    this.expiresInS = options.expiresInS ?? 300;
  }

  get realm(): string {
    return `http://127.0.0.1:${this.port}/token`;
  }

  get certificateFile(): string {
    return this.key.certificateFile;
  }

  listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => {
        const address = this.server.address();
        this.port = typeof address === 'object' && address !== null ? address.port : 0;
        resolve();
      });
    });
  }

  private answer(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://token');
    const scopes = url.searchParams.getAll('scope').flatMap((s) => s.split(' ')).filter((s) => s !== '');
    const account = basicUser(req.headers.authorization);
    const users = this.options.users;
    const allowed = users === undefined || (account !== undefined && users[account.user] === account.password);
    this.requests.push({ scopes, account: account?.user, status: allowed ? 200 : 401 });
    if (!allowed) {
      res.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Basic realm="token"' });
      res.end(JSON.stringify({ errors: [{ code: 'UNAUTHORIZED', message: 'wrong credentials' }] }));
      return;
    }
    const now = Math.floor(Date.now() / 1000);
    const expires = now + (this.lifetimeS ?? this.expiresInS);
    const token = this.jwt({
      iss: this.issuer, sub: account?.user ?? '', aud: this.service, iat: now - 5, nbf: now - 700, exp: expires,
      jti: randomUUID(), access: scopes.map(access),
    });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ token, access_token: token, expires_in: this.expiresInS, issued_at: new Date(now * 1000).toISOString() }));
  }

  private jwt(claims: object): string {
    const header = { typ: 'JWT', alg: 'ES256', x5c: [this.key.certificateBase64] };
    const body = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
    // JWS wants the raw r||s pair, not the DER that Node signs with by default
    const signature = sign('sha256', Buffer.from(body), { key: this.key.privateKey, dsaEncoding: 'ieee-p1363' });
    return `${body}.${signature.toString('base64url')}`;
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
    rmSync(this.dir, { recursive: true, force: true });
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.stop();
  }
}

/** A scope `repository:app/x:pull,push` as a JWT access entry. */
function access(scope: string): { type: string; name: string; actions: string[] } {
  const first = scope.indexOf(':');
  const last = scope.lastIndexOf(':');
  return { type: scope.slice(0, first), name: scope.slice(first + 1, last), actions: scope.slice(last + 1).split(',').filter((a) => a !== '') };
}

function basicUser(header: string | undefined): { user: string; password: string } | undefined {
  if (header === undefined || !/^basic /i.test(header)) return undefined;
  const text = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = text.indexOf(':');
  return colon < 0 ? undefined : { user: text.slice(0, colon), password: text.slice(colon + 1) };
}

function base64url(text: string): string {
  return Buffer.from(text).toString('base64url');
}
