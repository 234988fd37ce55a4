/**
 * A process's stdio: the FIFO paths containerd gets, and our ends of them, by stdio mode.
 *
 * Order for the task layer:
 *   1. `openProcessIO(dir, key, options)`  FIFOs made, our readers (and stdin end) open.
 *   2. Tasks.Create / Tasks.Exec with `io.paths`; on failure `io.dispose()`.
 *   3. Tasks.Start (an exec's Start is where its shim opens the FIFOs).
 *   4. closeIO({stdin}): `io.closeStdin()`, then Tasks.CloseIO{stdin: true}.
 *   5. After Tasks.Delete (or DeleteProcess): `io.dispose()`: the rest of the output, then the FIFOs removed.
 *   After a client restart: `attachProcessIO(paths from Tasks.Get)`; `io.detach()` lets go without removing.
 *
 * Terminal: the shim reads a console and writes it to the stdout FIFO only; it never opens stderr (containerd's
 * own client leaves the stderr FIFO uncreated too). So with `terminal` we make no stderr FIFO and pass stderr ''.
 * @module
 */
import { open, rm, rmdir, mkdtemp } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { AsyncSubject, defaultIfEmpty, defer, EMPTY, firstValueFrom, forkJoin, map, Observable, of, } from 'rxjs';
import { mkfifo$ } from './fifo.js';
import { openFifoReader } from './reader.js';
import { lineChunks, pipeReaderTo$ } from './sink.js';
import { closeStdin$, openFifoWriter, stdinObserver } from './stdin.js';
const NO_PATHS = { stdin: '', stdout: '', stderr: '', terminal: false };
/**
 * Creates a process's FIFOs in a subfolder `<key>-XXXXXX` of the client's IO folder and opens our ends, before
 * anything is asked of the daemon (Tasks.Create waits for readers). Emits once; the caller owns the result and
 * calls `dispose()` after the process is deleted. Unsubscribing before it emits cleans up.
 *
 * @example
 * const io = await firstValueFrom(openProcessIO$(dir, 'web', { stdio: 'pipe', stdin: true }));
 * await tasks.create({ containerId: 'web', ...io.paths });   // stdin, stdout, stderr, terminal
 * io.stdout$.pipe(lines()).subscribe(console.log);
 */
export function openProcessIO$(dir, processKey, options = {}) {
    return owned$(async () => {
        const mode = options.stdio ?? 'pipe';
        const terminal = options.terminal ?? false;
        const withStdin = options.stdin ?? false;
        if (mode === 'ignore' && !withStdin && !terminal)
            return assemble({ mode, paths: NO_PATHS, remove: nothing });
        const folder = await mkdtemp(join(typeof dir === 'string' ? dir : dir.path, `${safeKey(processKey)}-`));
        const remove = () => rm(folder, { recursive: true, force: true });
        try {
            const paths = {
                stdin: withStdin ? join(folder, 'stdin') : '',
                stdout: join(folder, 'stdout'),
                stderr: terminal ? '' : join(folder, 'stderr'),
                terminal,
            };
            await firstValueFrom(mkfifo$(...[paths.stdin, paths.stdout, paths.stderr].filter((p) => p !== '')));
            return await openEnds(mode, paths, withStdin, remove);
        }
        catch (error) {
            await remove();
            throw error;
        }
    });
}
/**
 * Promise twin of {@link openProcessIO$}.
 *
 * @example
 * const io = await openProcessIO(dir, 'web-exec1', { stdio: { file: '/var/log/web.log' }, terminal: true });
 */
export function openProcessIO(dir, processKey, options) {
    return firstValueFrom(openProcessIO$(dir, processKey, options));
}
/**
 * Re-attaches to the FIFOs of a running process (paths as Tasks.Get reports them), e.g. after the client
 * restarted. What the process wrote while nobody read is still in the pipe (the shim holds it open) and comes
 * first. Paths that are not FIFOs (`file://`, `binary://` URIs) get no reader.
 *
 * @example
 * const { stdin, stdout, stderr, terminal } = await tasks.get('web');
 * const io = await attachProcessIO({ stdin, stdout, stderr, terminal });
 */
export function attachProcessIO$(paths, options = {}) {
    return owned$(async () => {
        const mode = options.stdio ?? 'pipe';
        const fifos = {
            stdin: fifoPath(paths.stdin),
            stdout: fifoPath(paths.stdout),
            stderr: paths.terminal ? '' : fifoPath(paths.stderr),
            terminal: paths.terminal,
        };
        const own = [fifos.stdin, fifos.stdout, fifos.stderr].filter((p) => p !== '');
        const remove = async () => {
            if (options.removeOnDispose === false || own.length === 0)
                return;
            await Promise.all(own.map((p) => rm(p, { force: true })));
            await rmdir(dirname(fifos.stdout || own[0])).catch(() => undefined); // only if now empty
        };
        return openEnds(mode, fifos, options.stdin ?? true, remove, paths);
    });
}
/**
 * Promise twin of {@link attachProcessIO$}.
 *
 * @example
 * const io = await attachProcessIO(paths, { stdio: 'inherit' });
 */
export function attachProcessIO(paths, options) {
    return firstValueFrom(attachProcessIO$(paths, options));
}
async function openEnds(mode, paths, withStdin, remove, reported = paths) {
    const logFile = isFileMode(mode) ? await open(mode.file, 'a', 0o640) : undefined;
    const opened = {};
    try {
        if (paths.stdout !== '')
            opened.stdout = openFifoReader(paths.stdout);
        if (paths.stderr !== '' && !paths.terminal)
            opened.stderr = openFifoReader(paths.stderr);
        if (paths.stdin !== '' && withStdin)
            opened.stdin = openFifoWriter(paths.stdin);
    }
    catch (error) {
        opened.stdout?.detach();
        opened.stderr?.detach();
        opened.stdin?.destroy();
        await logFile?.close();
        throw error;
    }
    return assemble({ mode, paths: reported, ...opened, ...(logFile ? { logFile } : {}), remove });
}
function assemble(parts) {
    const readers = [parts.stdout, parts.stderr].filter((r) => r !== undefined);
    const sinks$ = sinks(parts, readers);
    const done = new AsyncSubject();
    forkJoin([...readers.map((r) => r.ended$), sinks$]).subscribe({
        complete: () => {
            done.next();
            done.complete();
        },
        error: (error) => done.error(error),
    });
    const view = (reader) => reader === undefined || parts.mode === 'ignore' ? EMPTY : reader.chunks$;
    const { stdin } = parts;
    let closing;
    let disposing;
    const close = (how) => (closing ??= (async () => {
        readers.forEach((r) => r[how]());
        stdin?.destroy();
        await firstValueFrom(done, { defaultValue: undefined });
    })());
    const dispose = () => (disposing ??= (async () => {
        let failure;
        await close('finish').catch((error) => (failure = error));
        await parts.remove();
        if (failure !== undefined)
            throw failure;
    })());
    return {
        stdio: parts.mode,
        paths: parts.paths,
        stdout$: view(parts.stdout),
        stderr$: view(parts.stderr),
        stdin,
        stdinObserver: stdin && stdinObserver(stdin),
        done$: done.asObservable(),
        closeStdin$: () => (stdin ? closeStdin$(stdin) : of(undefined)),
        closeStdin: () => (stdin ? firstValueFrom(closeStdin$(stdin)) : Promise.resolve()),
        detach$: () => defer(() => close('detach')),
        detach: () => close('detach'),
        dispose$: () => defer(dispose),
        dispose,
    };
}
/** Starts whatever consumes the output in this mode; emits once when all of it has been written out. */
function sinks(parts, readers) {
    const { mode } = parts;
    const all = (targets) => {
        const sink$ = forkJoin(readers.map(targets)).pipe(map(() => undefined), defaultIfEmpty(undefined));
        const result = new AsyncSubject();
        sink$.subscribe(result);
        return result;
    };
    if (mode === 'pipe')
        return of(undefined);
    if (mode === 'ignore') {
        readers.forEach((r) => r.chunks$.subscribe()); // drain: a terminal or stdin needs FIFOs, nobody wants output
        return of(undefined);
    }
    if (mode === 'inherit')
        return all((r) => pipeReaderTo$(r, r === parts.stdout ? process.stdout : process.stderr));
    if ('file' in mode) {
        const file = parts.logFile.createWriteStream();
        const result = new AsyncSubject();
        const fail = (error) => {
            file.destroy();
            result.error(error);
        };
        file.once('error', fail);
        file.once('close', () => {
            result.next();
            result.complete(); // after an error, AsyncSubject ignores these
        });
        all((r) => pipeReaderTo$(r, file, lineChunks())).subscribe({ error: fail, complete: () => file.end() });
        return result;
    }
    const targets = mode;
    return all((r) => pipeReaderTo$(r, r === parts.stdout ? targets.stdout : targets.stderr));
}
/** Runs `make`; if the subscriber is gone by the time it resolves, disposes what it made. */
function owned$(make) {
    return new Observable((subscriber) => {
        let wanted = true;
        make().then((io) => {
            if (!wanted)
                return void io.dispose().catch(() => undefined);
            subscriber.next(io);
            subscriber.complete();
        }, (error) => subscriber.error(error));
        return () => {
            wanted = false;
        };
    });
}
function isFileMode(mode) {
    return typeof mode === 'object' && 'file' in mode;
}
/** A plain path or `fifo://` path stays; other URIs (file://, binary://) and '' are not FIFOs of ours. */
function fifoPath(path) {
    if (path.startsWith('fifo://'))
        return path.slice('fifo://'.length);
    return /^[a-z][a-z0-9+.-]*:\/\//i.test(path) ? '' : path;
}
/** A folder-name-safe form of a process key (`web`, `web-exec1`). */
function safeKey(key) {
    const safe = key.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 100);
    if (safe === '' || safe === '.' || safe === '..')
        throw new TypeError(`bad process key: ${JSON.stringify(key)}`);
    return safe;
}
function nothing() {
    return Promise.resolve();
}
//# sourceMappingURL=stdio.js.map