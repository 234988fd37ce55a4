/**
 * Reading a FIFO on the event loop (epoll), never on the libuv threadpool.
 *
 * Why this shape (each point checked on Linux with a child process at the other end):
 * - `fs.createReadStream` on a FIFO parks a threadpool thread in open(2) until a writer comes, then in every
 *   read(2): four pending FIFOs freeze every other fs call of the process. So: open(O_RDONLY|O_NONBLOCK), which
 *   returns at once even with no writer, and hand the fd to `net.Socket`, which polls it with epoll.
 * - Premature EOF: read(2) on such an fd before any writer has opened does return 0. But we never read blindly:
 *   the kernel reports no EPOLLIN/EPOLLHUP to a reader until a writer has come and gone, so the socket simply waits
 *   (measured: no 'end' after 500 ms without a writer; data then EOF once a writer came). Opening O_RDWR instead
 *   would avoid the 0 too, but then we are a writer ourselves and EOF never comes: rejected.
 * - EOF therefore means "every writer has closed". containerd's shim opens the write end before the process runs
 *   and keeps it (plus a read end of its own) until the process's output is closed, so EOF comes after the process
 *   ended, not before. A reader attached after the shim closed both ends waits forever (nothing to read, no
 *   EOF): whoever owns the process ends it with {@link FifoReader.finish} after the process is deleted.
 * - Nothing is taken from the pipe unless someone is listening. The socket runs in `onread` mode (bytes go
 *   straight to our callback, no Readable buffer) and `pause()` stops the epoll watch at once. While nobody
 *   subscribes, bytes stay in the kernel pipe (64 KiB), then the writer blocks: backpressure, as with any unread
 *   pipe. Hence detaching loses nothing, and a later reader on the same path (the shim keeps the FIFO open) gets
 *   everything not yet read.
 * @module
 */
import { constants, fstatSync, openSync, closeSync, readSync } from 'node:fs';
import { Socket, type OnReadOpts, type SocketConstructorOpts } from 'node:net';
import { AsyncSubject, Observable, type Subscriber } from 'rxjs';
import { nameErrorClass, RxContainerdError } from '../../client/error-base.js';

/** A FIFO opened for reading. */
export interface FifoReader {
  readonly path: string;
  /**
   * The chunks, as read. Lazy and shared: reading starts with the first subscriber and pauses (nothing leaves
   * the pipe) while there is none, so bytes are never dropped between subscriptions; a subscriber sees the
   * chunks read while it is subscribed. Completes on EOF or when the reader is closed; a late subscriber then
   * completes at once.
   */
  readonly chunks$: Observable<Buffer>;
  /** Emits once and completes when the reader has stopped (EOF, finish, detach or a read error). */
  readonly ended$: Observable<void>;
  readonly ended: boolean;
  /** Pauses reading until the returned function is called (backpressure from a slow consumer). */
  hold(): () => void;
  /**
   * Takes what is in the pipe right now without waiting (delivered to current subscribers), then closes the fd
   * and completes `chunks$`. For the end of a process's life: after Delete nothing more will come.
   */
  finish(): void;
  /** Closes the fd at once; unread bytes stay in the pipe for a later reader. Completes `chunks$`. */
  detach(): void;
}

/** The path is not a FIFO (a regular file, or a `file://` / `binary://` URI containerd handles itself). */
export class NotAFifoError extends RxContainerdError {
  /** @param path - the path that is not a FIFO. */
  constructor(readonly path: string) {
    super(`not a FIFO: ${path}`);
  }
}
nameErrorClass(NotAFifoError, 'NotAFifoError', 'ERR_CONTAINERD_NOT_A_FIFO');

/**
 * Opens a FIFO for reading, now and synchronously (returns immediately, with or without a writer): open it before
 * Tasks.Create, which waits until stdout and stderr have a reader. Works on an existing FIFO a process already
 * writes to (re-attach).
 *
 * @example
 * const out = openFifoReader(paths.stdout);
 * out.chunks$.pipe(lines()).subscribe(console.log);
 */
export function openFifoReader(path: string): FifoReader {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    if (!fstatSync(fd).isFIFO()) throw new NotAFifoError(path);
  } catch (error) {
    closeSync(fd);
    throw error;
  }
  return new Reader(path, fd);
}

/**
 * A cold reader: each subscription opens the FIFO, emits its chunks, completes on EOF; unsubscribing detaches
 * (unread bytes stay in the pipe).
 *
 * @example
 * readFifo$(existingStdoutPath).pipe(lines(), take(10)).subscribe(console.log);
 */
export function readFifo$(path: string): Observable<Buffer> {
  return new Observable<Buffer>((subscriber) => {
    const reader = openFifoReader(path);
    const subscription = reader.chunks$.subscribe(subscriber);
    return () => {
      subscription.unsubscribe();
      reader.detach();
    };
  });
}

/** One read buffer for every reader: the callback runs synchronously and copies the bytes out. */
const READ_BUFFER = Buffer.allocUnsafe(64 * 1024);
/** `finish()` stops after this much, should a writer still be pouring. */
const FINISH_LIMIT = 16 * READ_BUFFER.length;

/** `net.Socket` options Node supports but @types/node does not list for the constructor. */
interface FifoSocketOptions extends SocketConstructorOpts {
  readonly pauseOnCreate: boolean;
  readonly onread: OnReadOpts;
}

type State = { readonly kind: 'open' } | { readonly kind: 'ended' } | { readonly kind: 'failed'; readonly error: unknown };

class Reader implements FifoReader {
  readonly chunks$: Observable<Buffer>;
  readonly ended$: Observable<void>;
  private readonly socket: Socket;
  private readonly subscribers = new Set<Subscriber<Buffer>>();
  private readonly endedSubject = new AsyncSubject<void>();
  private state: State = { kind: 'open' };
  private holds = 0;
  private flowing = false;

  constructor(
    readonly path: string,
    private readonly fd: number,
  ) {
    const options: FifoSocketOptions = {
      fd,
      readable: true,
      writable: false,
      pauseOnCreate: true,
      onread: {
        buffer: READ_BUFFER,
        callback: (bytes: number, buffer: Uint8Array): boolean => {
          this.dispatch(Buffer.from(buffer.subarray(0, bytes)));
          return true;
        },
      },
    };
    this.socket = new Socket(options);
    this.socket.on('end', () => this.end());
    this.socket.on('close', () => this.end());
    this.socket.on('error', (error) => this.fail(error));
    this.chunks$ = new Observable<Buffer>((subscriber) => {
      if (this.state.kind === 'ended') return subscriber.complete();
      if (this.state.kind === 'failed') return subscriber.error(this.state.error);
      this.subscribers.add(subscriber);
      this.updateFlow();
      return () => {
        this.subscribers.delete(subscriber);
        this.updateFlow();
      };
    });
    this.ended$ = this.endedSubject.asObservable();
  }

  get ended(): boolean {
    return this.state.kind !== 'open';
  }

  hold(): () => void {
    this.holds++;
    this.updateFlow();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.holds--;
      this.updateFlow();
    };
  }

  finish(): void {
    if (this.state.kind !== 'open') return;
    let taken = 0;
    while (taken < FINISH_LIMIT) {
      let bytes: number;
      try {
        bytes = readSync(this.fd, READ_BUFFER, 0, READ_BUFFER.length, null);
      } catch {
        break; // EAGAIN: a writer is still there but has nothing more for now
      }
      if (bytes === 0) break; // EOF (or no writer ever came)
      taken += bytes;
      this.dispatch(Buffer.from(READ_BUFFER.subarray(0, bytes)));
    }
    this.detach();
  }

  detach(): void {
    if (this.state.kind !== 'open') return;
    this.socket.destroy();
    this.end();
  }

  private dispatch(chunk: Buffer): void {
    for (const subscriber of [...this.subscribers]) subscriber.next(chunk);
  }

  private updateFlow(): void {
    const flow = this.state.kind === 'open' && this.subscribers.size > 0 && this.holds === 0;
    if (flow === this.flowing) return;
    this.flowing = flow;
    if (flow) this.socket.resume();
    else this.socket.pause();
  }

  private end(): void {
    if (this.state.kind !== 'open') return;
    this.state = { kind: 'ended' };
    this.settle((subscriber) => subscriber.complete());
  }

  private fail(error: unknown): void {
    if (this.state.kind !== 'open') return;
    this.state = { kind: 'failed', error };
    this.socket.destroy();
    this.settle((subscriber) => subscriber.error(error));
  }

  private settle(notify: (subscriber: Subscriber<Buffer>) => void): void {
    this.flowing = false;
    const subscribers = [...this.subscribers];
    this.subscribers.clear();
    subscribers.forEach(notify);
    this.endedSubject.next();
    this.endedSubject.complete();
  }
}
