/**
 * The client: one connection, one shared event stream and the containers of one namespace.
 * @module
 */
import { mkdtempSync, rmdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asyncScheduler, defer, map, Observable, type SchedulerLike } from 'rxjs';
import { Connection, type ConnectionOptions } from '../client/connection.js';
import { invalidArgument, NotFoundError } from '../client/errors.js';
import { toPromise, type AbortOptions } from '../client/to-promise.js';
import { validateId } from '../client/validate.js';
import type { Envelope } from '../proto/events.js';
import type { Container as ContainerMessage, VersionResponse } from '../proto/messages.js';
import { Containers, Tasks, Version } from '../proto/services.js';
import type { Backoff } from '../streams/backoff.js';
import { containerdEventPort } from '../streams/containerd-events.js';
import { EventHub } from '../streams/event-hub.js';
import { rawEvents$ } from '../streams/raw-events.js';
import { ClientImages } from './client-images.js';
import { Container } from './container.js';
import type { ClientCore, WaitStrategy } from './core.js';
import { withEtcFiles$ } from './etc-files.js';
import { folderContainer$, type ContainerOptions } from './folder-container.js';
import { withLog$ } from './logs/with-log.js';
import { imageContainer$, type ImageContainerOptions } from './image-container.js';
import { toSnapshot, type ProcessSnapshot } from './status.js';
import { Sweeper } from './sweep.js';
import { run, run$, type RunOptions, type RunResult, type RunTarget } from './run.js';

const CREATE = '/containerd.services.containers.v1.Containers/Create';

/** Options of {@link connect}. */
export interface ClientOptions extends ConnectionOptions {
  /** How wait$ learns of exits. Default 'events' (the shared stream); 'rpc' uses Tasks.Wait per wait. */
  readonly waitStrategy?: WaitStrategy;
  /**
   * How often young pending waits are reconciled with the daemon, in ms: the pause from the end of one sweep to
   * the next, at least 9 times the last sweep's duration (a slow daemon is not swept back to back). Default
   * 3000; 0 turns the sweep off.
   */
  readonly sweepIntervalMs?: number;
  /**
   * After how long, in ms, a pending wait of the 'events' strategy stops being swept and is backed by its own
   * Tasks.Wait instead, which costs the daemon nothing while the process runs: the idle cost of waits on
   * long-lived processes stays flat in their number (docs/wait.md, "Cost"). Default 10000; 0 keeps sweeping every
   * pending wait for as long as it is pending, and opens no Tasks.Wait.
   */
  readonly waitBackstopAfterMs?: number;
  /**
   * When the shared stream falls behind (an envelope reaches us this many ms later than the stream's usual lag,
   * as when hundreds of processes exit at once on a saturated machine), every pending wait of the 'events'
   * strategy is backed by its own Tasks.Wait at once, not after `waitBackstopAfterMs`, and takes whichever of the
   * two answers first (docs/wait.md, "Exits at scale"). Default 0 (off): in a burst of 500 SIGKILLs it did not
   * measurably help (bench/wait-at-scale), so it is offered, not imposed. 1000 is a sensible value. Off as well
   * when `waitBackstopAfterMs` is 0.
   */
  readonly waitBackstopOnLagMs?: number;
  /**
   * How long the shared Subscribe stays open after its last listener left, in ms: the next wait (the next
   * lifecycle of a loop, say) finds the stream live at once, without a new Subscribe and fence. Default 2000;
   * 0 closes it at once. Costs nothing while nothing happens.
   */
  readonly streamLingerMs?: number;
  /** Reconnect backoff of the shared event stream. */
  readonly reconnectBackoff?: Backoff;
  /** The scheduler of every timer (sweep, backoff, fence). Default asyncScheduler. */
  readonly scheduler?: SchedulerLike;
  /** Directory for the FIFOs of this client's processes. Default: a new temp directory. */
  readonly ioDir?: string;
}

export type { ContainerOptions } from './folder-container.js';
export type { ImageContainerOptions } from './image-container.js';

/**
 * Connects to containerd. No I/O until the first call.
 *
 * @example
 * ```ts
 * const client = connect({ address: daemon.address, namespace: 'demo' });
 * console.log((await client.version()).version);
 * client.close();
 * ```
 */
export function connect(options: ClientOptions = {}): Client {
  return new Client(options);
}

/**
 * A client of one containerd namespace: containers, their tasks, the shared event stream, and (from
 * {@link ClientImages}) the content store and leases. Made by
 * {@link connect}; `close()` it when done.
 */
export class Client extends ClientImages {
  /** Every event of this namespace: hot, shared, one Subscribe while anybody listens. */
  readonly events$: Observable<Envelope>;
  /** The shared event stream itself: `state$`, `live$`, `outages$`, `diagnostics$`, `listen$`. */
  readonly hub: EventHub;
  /** The connection to the daemon every call of this client goes through. */
  readonly conn: Connection;
  private readonly core: ClientCore;
  private ioDirPath: string | undefined;
  private readonly ownsIoDir: boolean;
  private closed = false;

  constructor(options: ClientOptions = {}) {
    const conn = new Connection(options);
    super(conn);
    this.conn = conn;
    const scheduler = options.scheduler ?? asyncScheduler;
    for (const name of ['sweepIntervalMs', 'waitBackstopAfterMs', 'waitBackstopOnLagMs', 'streamLingerMs'] as const) {
      const value: unknown = options[name];
      if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value) || value < 0)) {
        throw invalidArgument('connect', `${name} must be a finite number of ms >= 0 (0 turns it off), got ${String(value)}`);
      }
    }
    const backstopAfterMs = options.waitBackstopAfterMs ?? 10_000;
    this.hub = new EventHub(containerdEventPort(this.conn), {
      scheduler,
      lingerMs: options.streamLingerMs ?? 2_000,
      lagThresholdMs: backstopAfterMs > 0 ? options.waitBackstopOnLagMs ?? 0 : 0,
      ...(options.reconnectBackoff ? { backoff: options.reconnectBackoff } : {}),
    });
    this.events$ = this.hub.envelopes$;
    const sweeper = new Sweeper(
      {
        list$: () => this.conn.call$(Tasks.list, {}).pipe(map(({ tasks }) => new Map<string, ProcessSnapshot>(tasks.map((t) => [t.containerId || t.id, toSnapshot(t)])))),
        get$: (containerId, execId) =>
          this.conn.call$(Tasks.get, { containerId, execId }).pipe(
            map(({ process }) => {
              // an answer without the process is no process (the sweep reads NotFound as gone), not an 'unknown' state
              if (!process) throw new NotFoundError({ code: 5, daemonMessage: `process ${execId ?? containerId} of container ${containerId} not found`, call: '/containerd.services.tasks.v1.Tasks/Get' });
              return toSnapshot(process);
            }),
          ),
      },
      options.sweepIntervalMs ?? 3_000,
      scheduler,
      backstopAfterMs > 0 ? backstopAfterMs : Number.POSITIVE_INFINITY,
    );
    this.ownsIoDir = options.ioDir === undefined;
    this.ioDirPath = options.ioDir;
    this.core = {
      conn: this.conn,
      hub: this.hub,
      sweeper,
      waitStrategy: options.waitStrategy ?? 'events',
      waitBackstopAfterMs: backstopAfterMs,
      scheduler,
      ioDir: () => (this.ioDirPath ??= mkdtempSync(join(tmpdir(), 'rxc-io-'))),
    };
  }

  /** The containerd namespace this client works in. */
  get namespace(): string {
    return this.conn.namespace;
  }

  /** True when every call that would change the daemon is refused before it is sent (`connect({ readOnly: true })`). */
  get readOnly(): boolean {
    return this.conn.readOnly;
  }

  /** The daemon's socket path this client talks to. */
  get address(): string {
    return this.conn.address;
  }

  /** The directory of this client's FIFOs (`options.ioDir`, or the temp directory made once a process needed one). */
  get ioDir(): string | undefined {
    return this.ioDirPath;
  }

  /** @deprecated Use {@link Client.ioDir}. */
  get ioDirectory(): string | undefined {
    return this.ioDir;
  }

  /** The daemon's version. */
  version$(): Observable<VersionResponse> {
    return this.conn.call$(Version.version, {});
  }

  /** The Promise twin of {@link Client.version$}: the daemon's version and revision. */
  version(options?: AbortOptions): Promise<VersionResponse> {
    return toPromise(this.version$(), options, '/containerd.services.version.v1.Version/Version');
  }

  /**
   * Events matching raw containerd filters (e.g. `topic~="^/images/"`), across namespaces unless a filter
   * says otherwise. A cold stream of its own (one Subscribe per subscriber); a bad filter errors it.
   */
  rawEvents$(...filters: string[]): Observable<Envelope> {
    return rawEvents$(this.conn, filters);
  }

  /**
   * Creates container `id` on a rootfs folder (`{ rootfs, args, ... }`, folder-container.ts) or from an image
   * (`{ image, args?, env?, user?, ... }`, image-container.ts: the image's process, a snapshot of its own). The
   * options are checked first: an invalid request never reaches the daemon. With `etcHosts: true`, the generated
   * /etc/hosts and /etc/hostname are written in a folder of {@link Client.ioDir} first (removed again if the
   * creation fails).
   */
  newContainer$(id: string, options: ContainerOptions | ImageContainerOptions): Observable<Container> {
    const create$ = (o: ContainerOptions | ImageContainerOptions): Observable<ContainerMessage> =>
      isImage(o) ? imageContainer$(this.conn, id, o, CREATE) : folderContainer$(this.conn, id, o, CREATE);
    // `etcHosts`: the files written first, bound in, removed again if the creation fails
    const withFiles$ = (o: ContainerOptions | ImageContainerOptions): Observable<ContainerMessage> => withEtcFiles$(this.core.ioDir, id, o, CREATE, create$);
    // `log`: checked, its folder proved writable, then recorded in labels, before the daemon is asked
    return defer(() => (options?.log === undefined ? withFiles$(options) : withLog$(this.conn.namespace, id, options, CREATE, withFiles$))).pipe(
      map((container) => new Container(this.core, container)),
    );
  }

  /**
   * The Promise twin of {@link Client.newContainer$}: creates container `id` from a checked OCI spec. Fails with
   * InvalidArgumentError before any call for a bad id, args, cwd, env or rootfs, AlreadyExistsError for a taken id;
   * from an image also NotFoundError naming an unknown image, PlatformNotFoundError for an image without this
   * platform, InvalidArgumentError naming a user the image's /etc/passwd lacks (nothing left behind).
   * `signal` and `timeoutMs` go with the other options. The container is AsyncDisposable: `await using` deletes
   * it (its task killed first, its snapshot removed) at the end of the scope.
   */
  newContainer(id: string, options: (ContainerOptions | ImageContainerOptions) & AbortOptions): Promise<Container> {
    const { signal, timeoutMs, ...container } = options ?? ({} as ContainerOptions);
    return toPromise(this.newContainer$(id, options == null ? options : (container as ContainerOptions | ImageContainerOptions)), { signal, timeoutMs }, CREATE);
  }

  /** An existing container. NotFoundError when there is none. */
  loadContainer$(id: string): Observable<Container> {
    return defer(() => {
      validateId(id, 'container id', '/containerd.services.containers.v1.Containers/Get');
      return this.conn.call$(Containers.get, { id });
    }).pipe(map(({ container }) => new Container(this.core, container!)));
  }

  /** The Promise twin of {@link Client.loadContainer$}: the existing container `id`; NotFoundError when there is none. */
  loadContainer(id: string, options?: AbortOptions): Promise<Container> {
    return toPromise(this.loadContainer$(id), options, '/containerd.services.containers.v1.Containers/Get');
  }

  /** The namespace's containers, optionally filtered (containerd filter syntax, e.g. `labels."app"==web`). */
  containers$(...filters: string[]): Observable<Container[]> {
    return this.conn.call$(Containers.list, { filters }).pipe(map(({ containers }) => containers.map((c) => new Container(this.core, c))));
  }

  /** The Promise twin of {@link Client.containers$}: the namespace's containers, optionally filtered; `{ signal, timeoutMs }` may follow the filters. */
  containers(...filters: string[]): Promise<Container[]>;
  /** The same, with `{ signal, timeoutMs }` after the filters. */
  containers(...args: [...filters: string[], options: AbortOptions]): Promise<Container[]>;
  containers(...args: Array<string | AbortOptions>): Promise<Container[]> {
    const last = args[args.length - 1];
    const options = typeof last === 'object' && last !== null ? last : undefined;
    const filters = (options === undefined ? args : args.slice(0, -1)) as string[];
    return toPromise(this.containers$(...filters), options, '/containerd.services.containers.v1.Containers/List');
  }

  /**
   * Runs a command to its end in a new container, as execa runs a child process: makes the container and its
   * task on `target` (a rootfs directory: its path, or `{ rootfs }`; or an image, `{ image, snapshotter?,
   * platform? }` as `newContainer` takes it, its command run when `args` is `[]`), starts it, writes `input` to its stdin,
   * collects stdout and stderr, waits, deletes both, and resolves `{ id, exitCode, signal, stdout, stderr,
   * durationMs }` (strings trimmed of one final newline, or Buffers with `encoding: 'buffer'`). Rejects with a
   * RunError carrying the same fields on a non-zero exit (unless `reject: false`), after `timeoutMs` or on
   * `signal`'s abort (the process killed, everything deleted first); with a TypeError for a bad option, before
   * anything is made; with the daemon's typed errors otherwise (a taken id: AlreadyExistsError).
   *
   * @example
   * ```ts
   * const { stdout } = await client.run(rootfs, ['/bin/echo', 'hello']);           // 'hello'
   * const r = await client.run(rootfs, ['/bin/sh', '-c', 'exit 3'], { reject: false }); // r.exitCode === 3
   * ```
   */
  run(target: RunTarget, args: readonly string[], options?: RunOptions & { readonly encoding?: 'utf8' }): Promise<RunResult<string>>;
  /** The same, with the output as Buffers (`encoding: 'buffer'`). */
  run(target: RunTarget, args: readonly string[], options: RunOptions & { readonly encoding: 'buffer' }): Promise<RunResult<Buffer>>;
  /** The same, with the encoding not known until run time. */
  run(target: RunTarget, args: readonly string[], options?: RunOptions): Promise<RunResult>;
  run(target: RunTarget, args: readonly string[], options?: RunOptions): Promise<RunResult> {
    return run(this, target, args, options);
  }

  /** {@link Client.run} as a cold Observable: each subscription is one run; it emits the result and completes. Unsubscribing aborts it. */
  run$(target: RunTarget, args: readonly string[], options?: RunOptions & { readonly encoding?: 'utf8' }): Observable<RunResult<string>>;
  /** The same, with the output as Buffers (`encoding: 'buffer'`). */
  run$(target: RunTarget, args: readonly string[], options: RunOptions & { readonly encoding: 'buffer' }): Observable<RunResult<Buffer>>;
  /** The same, with the encoding not known until run time. */
  run$(target: RunTarget, args: readonly string[], options?: RunOptions): Observable<RunResult>;
  run$(target: RunTarget, args: readonly string[], options?: RunOptions): Observable<RunResult> {
    return run$(this, target, args, options);
  }

  /** @deprecated Use {@link Client.hub}. */
  get events(): EventHub {
    return this.hub;
  }

  /**
   * Closes the client: events$ completes, pending waits and calls fail with CanceledError, the connection
   * closes, and the client's FIFO directory is removed unless live processes still have FIFOs there (a later
   * client can re-attach to them with `container.task()`).
   */
  close(): void {
    this.closed = true;
    this.hub.close();
    this.conn.close();
    // Each deleted process removed its own FIFO directory; directories still there belong to live processes that
    // a later client may re-attach to, so the client's directory goes only when it is empty.
    if (this.ownsIoDir && this.ioDirPath) {
      try {
        rmdirSync(this.ioDirPath);
      } catch {
        // live processes' FIFOs remain
      }
    }
  }

  /**
   * `await using` support: {@link Client.close}s the client (once; a closed client is left alone). Declare the
   * client first: containers and tasks declared after it are disposed of before it closes.
   *
   * @example
   * ```ts
   * await using client = connect({ namespace: 'demo' });
   * console.log((await client.version()).version);
   * ```
   */
  async [Symbol.asyncDispose](): Promise<void> {
    if (!this.closed) this.close();
  }
}

function isImage(options: ContainerOptions | ImageContainerOptions): options is ImageContainerOptions {
  return typeof options === 'object' && options !== null && 'image' in options && options.image !== undefined;
}
