/**
 * A process's stdin: our write end of its stdin FIFO, as a Writable and as an Observer.
 *
 * We open the FIFO O_RDWR: a FIFO opened read-write never blocks and never fails for want of a reader, so the
 * end can be opened before Tasks.Create (O_WRONLY|O_NONBLOCK fails ENXIO until the shim has opened its read end;
 * a blocking O_WRONLY would park a thread). Bytes written before the process reads wait in the pipe (64 KiB),
 * then in the socket's queue. Being a reader too, we never get EPIPE.
 *
 * EOF: the process sees EOF only when every write end is closed: ours ({@link closeStdin$}) AND the shim's, which
 * it keeps until Tasks.CloseIO{stdin: true}.
 * Close ours only after Tasks.Create (the shim opens its read end there): a pipe whose every end is closed drops
 * its contents, so bytes written and closed before any reader opened are lost (seen with a plain child process).
 * @module
 */
import { constants, closeSync, fstatSync, openSync } from 'node:fs';
import { Socket } from 'node:net';
import { firstValueFrom, Observable } from 'rxjs';
import { NotAFifoError } from './reader.js';
/**
 * Opens our write end of a stdin FIFO, now and synchronously; writes go through epoll, never the threadpool.
 *
 * @example
 * const stdin = openFifoWriter(paths.stdin);
 * stdin.write('hello\n');
 * await closeStdin(stdin);            // then Tasks.CloseIO{stdin: true}
 */
export function openFifoWriter(path) {
    const fd = openSync(path, constants.O_RDWR | constants.O_NONBLOCK);
    try {
        if (!fstatSync(fd).isFIFO())
            throw new NotAFifoError(path);
    }
    catch (error) {
        closeSync(fd);
        throw error;
    }
    const socket = new Socket({ fd, readable: false, writable: true });
    // A write error surfaces through write callbacks and closeStdin$; an unhandled 'error' must not crash the app.
    socket.on('error', () => undefined);
    return socket;
}
/**
 * Ends a stdin Writable: flushes what is queued, then closes our fd; emits once the fd is closed. Flushing waits
 * for the process to read (a full pipe): unsubscribe (e.g. with `timeout`) to drop the rest and close at once.
 *
 * @example
 * await firstValueFrom(closeStdin$(io.stdin).pipe(timeout(5_000)));
 */
export function closeStdin$(stdin) {
    return new Observable((subscriber) => {
        const done = () => {
            subscriber.next();
            subscriber.complete();
        };
        if (stdin.destroyed || stdin.closed) {
            done();
            return;
        }
        stdin.once('close', done);
        stdin.end();
        return () => {
            stdin.off('close', done);
            if (!stdin.closed)
                stdin.destroy();
        };
    });
}
/**
 * Promise twin of {@link closeStdin$}.
 *
 * @example
 * await closeStdin(io.stdin);
 */
export function closeStdin(stdin) {
    return firstValueFrom(closeStdin$(stdin));
}
/**
 * The Observer form of stdin: `next` writes, `complete` ends (closes our fd), `error` drops what is queued and
 * closes. Writes queue in memory when the process reads slower than you emit: an Observable has no backpressure.
 *
 * @example
 * from(['a\n', 'b\n']).subscribe(stdinObserver(io.stdin));
 */
export function stdinObserver(stdin) {
    return {
        next: (chunk) => {
            if (!stdin.writableEnded && !stdin.destroyed)
                stdin.write(chunk);
        },
        error: () => stdin.destroy(),
        complete: () => {
            if (!stdin.writableEnded)
                stdin.end();
        },
    };
}
//# sourceMappingURL=stdin.js.map