/**
 * A private OCI registry for tests and the demo: Debian's `docker-registry` (the distribution registry 2.8)
 * started by hand with a config of its own, storage in a temp folder and a free port on 127.0.0.1; never the
 * package's system service. Optional basic auth (htpasswd) or token auth (with {@link startTokenServer}).
 * @module
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';
import { RegistryStartError } from './harness-errors.js';
import { htpasswdText } from './htpasswd.js';
import { registryConfig, type RegistryAuthConfig } from './registry-config.js';
import type { TokenServer } from './token-server.js';

/** Options of {@link startRegistry}. */
export interface StartRegistryOptions {
  /** Basic auth: the `user: password` pairs of its htpasswd file. */
  readonly htpasswd?: Readonly<Record<string, string>>;
  /** Token auth: the endpoint issuing the tokens the registry trusts. Not with `htpasswd`. */
  readonly tokenServer?: TokenServer;
  /** Parent directory of the registry's temp directory. Default: os.tmpdir(). */
  readonly baseDir?: string;
  /** How long to wait for `GET /v2/` to answer, in ms. Default 10 s. */
  readonly startTimeoutMs?: number;
  /** The registry's log level; `info` logs one line per request. Default `'warn'`. */
  readonly logLevel?: 'error' | 'warn' | 'info' | 'debug';
}

/** A running private registry. AsyncDisposable: `await using registry = await startRegistry()`. */
export interface Registry extends AsyncDisposable {
  /** `127.0.0.1:PORT`: the host part of references to it (`${registry.host}/app:1.0`). */
  readonly host: string;
  /** `http://127.0.0.1:PORT`. */
  readonly url: string;
  /** The temp directory holding config, storage and log. */
  readonly dir: string;
  /** The storage folder (the filesystem driver's root). */
  readonly storage: string;
  /** The registry's log (stdout and stderr). */
  readonly logFile: string;
  /** The registry's current pid (-1 when not running). */
  readonly pid: number;
  /** Where the registry keeps the bytes of blob `digest` (`sha256:…`). */
  blobPath(digest: string): string;
  /** Changes one byte of blob `digest` in the storage, its size unchanged: a registry serving corrupt content. */
  corruptBlob(digest: string): void;
  /** SIGKILL the registry, as a crash would; its storage stays. */
  kill(): Promise<void>;
  /** Starts it again on the same port and storage (after {@link Registry.kill}, or kills it first). */
  restart(): Promise<void>;
  /** Ends the registry and removes its directory. Idempotent. */
  stop(): Promise<void>;
  /** {@link Registry.stop}, for `await using`. */
  [Symbol.asyncDispose](): Promise<void>;
}

/**
 * Starts a private registry and waits until `GET /v2/` answers.
 *
 * @example
 * ```ts
 * await using registry = await startRegistry({ htpasswd: { alice: 's3cret' } });
 * client.pull$(`${registry.host}/app:1.0`, { username: 'alice', password: 's3cret' });
 * ```
 *
 * @throws {@link RegistryStartError} `docker-registry` is missing (apt-get install -y docker-registry), both
 * auths were asked, or the registry exited or did not answer within `startTimeoutMs`.
 */
export async function startRegistry(options: StartRegistryOptions = {}): Promise<Registry> {
  if (!existsSync('/usr/bin/docker-registry')) throw new RegistryStartError('docker-registry was not found: apt-get install -y docker-registry');
  if (options.htpasswd !== undefined && options.tokenServer !== undefined) throw new RegistryStartError('a registry has htpasswd or token auth, not both');
  const dir = mkdtempSync(join(options.baseDir ?? tmpdir(), 'rxc-registry-'));
  try {
    const registry = new PrivateRegistry(dir, await freePort(), options, await authConfig(dir, options));
    await registry.launch();
    return registry;
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

async function authConfig(dir: string, options: StartRegistryOptions): Promise<RegistryAuthConfig> {
  if (options.htpasswd !== undefined) {
    const file = join(dir, 'htpasswd');
    writeFileSync(file, await htpasswdText(options.htpasswd));
    return { kind: 'htpasswd', file };
  }
  const t = options.tokenServer;
  return t === undefined ? { kind: 'none' } : { kind: 'token', realm: t.realm, service: t.service, issuer: t.issuer, certificateFile: t.certificateFile };
}

class PrivateRegistry implements Registry {
  readonly storage: string;
  readonly logFile: string;
  private readonly config: string;
  private child: ChildProcess | undefined;
  private stopped = false;

  constructor(readonly dir: string, private readonly port: number, private readonly options: StartRegistryOptions, auth: RegistryAuthConfig) {
    this.storage = join(dir, 'storage');
    this.logFile = join(dir, 'registry.log');
    this.config = join(dir, 'config.yml');
    mkdirSync(this.storage);
    const secret = randomBytes(16).toString('hex');
    writeFileSync(this.config, registryConfig({ port, storage: this.storage, secret, auth, logLevel: options.logLevel ?? 'warn' }));
  }

  get host(): string {
    return `127.0.0.1:${this.port}`;
  }

  get url(): string {
    return `http://${this.host}`;
  }

  get pid(): number {
    return this.running() ? this.child!.pid ?? -1 : -1;
  }

  blobPath(digest: string): string {
    const [algorithm, hex] = digest.split(':');
    if (algorithm === undefined || hex === undefined || hex.length < 2) throw new RangeError(`not a digest: ${digest}`);
    return join(this.storage, 'docker/registry/v2/blobs', algorithm, hex.slice(0, 2), hex, 'data');
  }

  corruptBlob(digest: string): void {
    const path = this.blobPath(digest);
    const bytes = readFileSync(path);
    if (bytes.length === 0) throw new RangeError(`blob ${digest} is empty: nothing to corrupt`);
    bytes[bytes.length >> 1] ^= 0xff;
    writeFileSync(path, bytes);
  }

  async launch(): Promise<void> {
    const log = openSync(this.logFile, 'a');
    // its own process group, as the private daemon: a Ctrl-C reaches us, and we stop it
    const child = spawn('/usr/bin/docker-registry', ['serve', this.config], { stdio: ['ignore', log, log], detached: true });
    closeSync(log);
    this.child = child;
    const exited = new Promise<never>((_, reject) => {
      child.once('exit', (code, signal) => reject(new RegistryStartError(`docker-registry exited (${signal ?? code}) before answering; log ${this.logFile}:\n${this.logTail()}`)));
      child.once('error', (error) => reject(new RegistryStartError(`docker-registry could not be started: ${error.message}`, { cause: error })));
    });
    exited.catch(() => undefined);
    await Promise.race([this.waitUntilAnswering(this.options.startTimeoutMs ?? 10_000), exited]);
  }

  private async waitUntilAnswering(limitMs: number): Promise<void> {
    const deadline = Date.now() + limitMs;
    for (;;) {
      try {
        // any answer will do: 200 without auth, 401 with it
        const res = await fetch(`${this.url}/v2/`, { signal: AbortSignal.timeout(1_000) });
        await res.body?.cancel();
        return;
      } catch (error) {
        if (!this.running()) return; // the exit rejects the race
        if (Date.now() > deadline) throw new RegistryStartError(`docker-registry did not answer at ${this.url}/v2/ within ${limitMs} ms: ${String(error)}\n${this.logTail()}`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    }
  }

  private running(): boolean {
    const child = this.child;
    return child !== undefined && child.exitCode === null && child.signalCode === null;
  }

  private async end(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child || !this.running()) return;
    const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await gone;
    clearTimeout(timer);
  }

  kill(): Promise<void> {
    return this.end('SIGKILL');
  }

  async restart(): Promise<void> {
    await this.kill();
    await this.launch();
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await this.end('SIGTERM');
    rmSync(this.dir, { recursive: true, force: true });
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.stop();
  }

  private logTail(): string {
    try {
      return readFileSync(this.logFile, 'utf8').split('\n').slice(-20).join('\n');
    } catch {
      return '';
    }
  }
}
