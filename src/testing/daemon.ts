/**
 * A private containerd for tests, examples and the demo: its own temp root, state and socket, started and
 * stopped by us. What it leaves behind is cleaned up on stop by `daemon-cleanup.ts`.
 * @module
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { firstValueFrom } from 'rxjs';
import { Version } from '../proto/services.js';
import { Connection } from '../client/connection.js';
import { emptyDaemon, removeLeftovers } from './daemon-cleanup.js';
import { binaryVersion, daemonConfig } from './daemon-config.js';
import { DaemonStartError } from './harness-errors.js';
import { makeCertificates, type DaemonCertificates } from './certificates.js';
import { freePort } from './free-port.js';
import { startTlsProxy, type TlsProxy } from './tls-proxy.js';

export { DaemonStartError };

/** Options of {@link startDaemon}. */
export interface DaemonOptions {
  /**
   * The containerd binary. Default: `containerd` on the PATH. Its directory comes first in the daemon's PATH, so
   * that it starts the `containerd-shim-runc-v2` beside it (a shim of its own release).
   */
  readonly binary?: string;
  /** Parent directory of the daemon's temp directory. Default: os.tmpdir(). */
  readonly baseDir?: string;
  /** How long to wait for the daemon to answer. Default 15 s. */
  readonly startTimeoutMs?: number;
  /** containerd's --log-level. Default 'warn'. */
  readonly logLevel?: string;
  /**
   * Also listen on TCP at 127.0.0.1 with TLS and client certificates (certificates made with openssl, removed
   * at stop): see {@link Daemon.tcp}. Default false.
   */
  readonly tls?: boolean;
}

/** A private daemon's TCP side with TLS ({@link DaemonOptions.tls}). */
export interface DaemonTcp {
  /**
   * `tcp://127.0.0.1:PORT`: the daemon's API over TLS, with client certificates verified against the CA. A TLS
   * proxy of the harness in front of the daemon's socket (containerd's own TCP listener serves only CRI); it
   * stays up across {@link Daemon.restart}.
   */
  readonly address: string;
  /** What to pass as `connect({ tls })`: the CA, the client certificate and its key (file paths). */
  readonly tls: {
    /** The CA file. */
    readonly ca: string;
    /** The client certificate file. */
    readonly cert: string;
    /** The client key file. */
    readonly key: string;
  };
  /**
   * `tcp://127.0.0.1:PORT` of containerd's own listener (`[grpc] tcp_address`, `tcp_tls_cert`, `tcp_tls_key`,
   * `tcp_tls_ca` with the same certificates): real containerd TLS, serving the CRI plugin's services only.
   */
  readonly containerdAddress: string;
  /** Every certificate made, including the wrong ones for failure cases. */
  readonly certificates: DaemonCertificates;
}

/**
 * A running private containerd. AsyncDisposable: `await using daemon = await startDaemon()` stops it (as
 * {@link Daemon.stop} does) when the block ends.
 */
export interface Daemon extends AsyncDisposable {
  /** The socket path to pass to `connect({ address })`. */
  readonly address: string;
  /** containerd's --root: its persistent data (content, snapshots, metadata). */
  readonly root: string;
  /** containerd's --state: its runtime state (shim sockets, task bundles). */
  readonly state: string;
  /** The directory holding root, state, socket, config and log. */
  readonly dir: string;
  /** The daemon's log (stdout and stderr), read back in a start failure's message. */
  readonly logFile: string;
  /** The version the daemon answers to Version (e.g. `1.7.24~ds1`). */
  readonly version: string;
  /** The daemon's current pid. */
  readonly pid: number;
  /** The daemon's debug socket (Go pprof over HTTP), for tests that count the daemon's goroutines. */
  readonly debugAddress: string;
  /** The TCP side with TLS, when started with `tls: true`. */
  readonly tcp: DaemonTcp | undefined;
  /** Ends the daemon, every shim and container it started, their mounts and the temp directory. Idempotent. */
  stop(): Promise<void>;
  /** SIGKILL the daemon alone, as a crash would: shims and tasks survive. */
  kill(): Promise<void>;
  /** Start the daemon again on the same root, state and socket (after {@link kill}). */
  restart(): Promise<void>;
  /** {@link Daemon.stop}, for `await using`. */
  [Symbol.asyncDispose](): Promise<void>;
}


const installHint = 'install containerd runc: apt-get install -y containerd runc busybox-static';

/**
 * Starts a private containerd and waits until it answers.
 *
 * @example
 * ```ts
 * await using daemon = await startDaemon();   // stopped when the block ends
 * const client = connect({ address: daemon.address, namespace: 'demo' });
 * // ...
 * client.close();
 * ```
 *
 * @throws {@link DaemonStartError} containerd or runc is missing, the caller is not root, or the daemon did not
 * answer within `startTimeoutMs`.
 */
export async function startDaemon(options: DaemonOptions = {}): Promise<Daemon> {
  const binary = options.binary ?? findBinary('containerd');
  if (binary === undefined || !existsSync(binary)) throw new DaemonStartError(`containerd was not found (${binary ?? 'not on the PATH'}); ${installHint}`);
  if (findBinary('runc') === undefined) throw new DaemonStartError(`runc was not found on the PATH; ${installHint}`);
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    throw new DaemonStartError('a private containerd needs root (it creates mounts and namespaces): run as root');
  }
  let daemon: PrivateDaemon;
  try {
    daemon = new PrivateDaemon(binary, mkdtempSync(join(options.baseDir ?? tmpdir(), 'rxc-')), options);
  } catch (error) {
    throw new DaemonStartError(`cannot make the daemon's directory under ${options.baseDir ?? tmpdir()}: ${(error as Error).message}`, { cause: error });
  }
  try {
    if (options.tls) await daemon.listenTcp();
    await daemon.launch();
  } catch (error) {
    await daemon.stop();
    throw error instanceof DaemonStartError ? error : new DaemonStartError(`containerd could not be started: ${(error as Error).message}`, { cause: error });
  }
  return daemon;
}

class PrivateDaemon implements Daemon {
  readonly address: string;
  readonly root: string;
  readonly state: string;
  readonly logFile: string;
  readonly debugAddress: string;
  private readonly config: string;
  private child: ChildProcess | undefined;
  private proxy: TlsProxy | undefined;
  private tcpSide: DaemonTcp | undefined;
  private answered = '';
  private stopped = false;
  /** Namespaces seen at stop: runc keeps a state directory per namespace outside our temp directory. */
  private readonly namespaces = new Set<string>();

  constructor(
    private readonly binary: string,
    readonly dir: string,
    private readonly options: DaemonOptions,
  ) {
    this.root = join(dir, 'root');
    this.state = join(dir, 'state');
    this.address = join(dir, 'containerd.sock');
    this.logFile = join(dir, 'containerd.log');
    this.config = join(dir, 'config.toml');
    this.debugAddress = join(dir, 'debug.sock');
    mkdirSync(this.root);
    mkdirSync(this.state);
    writeFileSync(this.config, daemonConfig(binaryVersion(binary), this.debugAddress));
  }

  get tcp(): DaemonTcp | undefined {
    return this.tcpSide;
  }

  /** Makes the certificates, rewrites the config with containerd's TCP listener, starts the TLS proxy. */
  async listenTcp(): Promise<void> {
    const certificates = makeCertificates(join(this.dir, 'tls'));
    const containerdPort = await freePort();
    const tcp = { address: `127.0.0.1:${containerdPort}`, cert: certificates.serverCert, key: certificates.serverKey, ca: certificates.ca };
    writeFileSync(this.config, daemonConfig(binaryVersion(this.binary), this.debugAddress, tcp));
    this.proxy = await startTlsProxy({ socket: this.address, cert: certificates.serverCert, key: certificates.serverKey, ca: certificates.ca });
    this.tcpSide = {
      address: `tcp://127.0.0.1:${this.proxy.port}`,
      tls: { ca: certificates.ca, cert: certificates.clientCert, key: certificates.clientKey },
      containerdAddress: `tcp://${tcp.address}`,
      certificates,
    };
  }

  get version(): string {
    return this.answered;
  }

  get pid(): number {
    return this.child?.pid ?? -1;
  }

  async launch(): Promise<void> {
    const log = openSync(this.logFile, 'a');
    const args = ['--config', this.config, '--root', this.root, '--state', this.state, '--address', this.address,
      '--log-level', this.options.logLevel ?? 'warn'];
    const path = [dirname(this.binary), process.env['PATH'] ?? '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'].join(':');
    // Its own process group: a Ctrl-C in the terminal (SIGINT to the foreground group) reaches only us, and we
    // stop the daemon after a graceful stop of what runs on it, instead of losing it mid-way.
    const child = spawn(this.binary, args, { stdio: ['ignore', log, log], env: { ...process.env, PATH: path }, detached: true });
    closeSync(log);
    this.child = child;
    const exited = new Promise<never>((_, reject) => {
      child.once('exit', (code, signal) =>
        reject(new DaemonStartError(`containerd exited (${signal ?? code}) before answering; log ${this.logFile}:\n${this.logTail()}`)));
      child.once('error', (error) => reject(new DaemonStartError(`containerd could not be started: ${error.message}`)));
    });
    exited.catch(() => undefined);
    await Promise.race([this.waitUntilAnswering(this.options.startTimeoutMs ?? 15_000), exited]);
  }

  private async waitUntilAnswering(limitMs: number): Promise<void> {
    const deadline = Date.now() + limitMs;
    const conn = new Connection({ address: this.address, namespace: 'default' });
    try {
      for (;;) {
        try {
          this.answered = (await firstValueFrom(conn.call$(Version.version, {}, { timeoutMs: 500, waitForReady: true }))).version;
          return;
        } catch (error) {
          if (Date.now() > deadline) {
            throw new DaemonStartError(`containerd did not answer at ${this.address} within ${limitMs} ms: ${String(error)}\n${this.logTail()}`);
          }
          await sleep(20);
        }
      }
    } finally {
      conn.close();
    }
  }

  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGKILL');
    await gone;
  }

  async restart(): Promise<void> {
    await this.kill();
    await this.launch();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.stop();
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.isRunning()) {
      const namespaces = await emptyDaemon(this.address).catch(() => []);
      namespaces.forEach((ns) => this.namespaces.add(ns));
    }
    await this.terminate();
    await this.proxy?.close();
    removeLeftovers(this.dir, this.address, this.namespaces);
  }

  private isRunning(): boolean {
    const child = this.child;
    return child !== undefined && child.exitCode === null && child.signalCode === null;
  }

  private async terminate(): Promise<void> {
    const child = this.child;
    if (!child || !this.isRunning()) return;
    const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await gone;
    clearTimeout(timer);
  }

  private logTail(): string {
    try {
      return readFileSync(this.logFile, 'utf8').split('\n').slice(-20).join('\n');
    } catch {
      return '';
    }
  }
}

function findBinary(name: string): string | undefined {
  for (const dir of (process.env['PATH'] ?? '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin').split(':')) {
    const candidate = join(dir, name);
    if (dir !== '' && existsSync(candidate)) return candidate;
  }
  for (const dir of ['/usr/sbin', '/usr/bin', '/sbin', '/bin']) {
    if (existsSync(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
