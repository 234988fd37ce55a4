/**
 * A private containerd for tests, examples and the demo: its own temp root, state and socket, started and
 * stopped by us, with every shim, mount and folder it made cleaned up on stop.
 * @module
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { firstValueFrom, timeout } from 'rxjs';
import { Containers, Namespaces, Tasks, Version } from '../proto/services.js';
import { Connection } from './connection.js';
import { killShimsOf, unmountUnder } from './daemon-cleanup.js';
import { binaryVersion, daemonConfig } from './daemon-config.js';
/** Raised when a private daemon cannot be started; the message says what is missing; `cause` the fs error, if any. */
export class DaemonStartError extends Error {
    name = 'DaemonStartError';
}
const installHint = 'install containerd runc: apt-get install -y containerd runc busybox-static';
/**
 * Starts a private containerd and waits until it answers.
 *
 * @example
 * ```ts
 * const daemon = await startDaemon();
 * const client = connect({ address: daemon.address, namespace: 'demo' });
 * // ...
 * client.close();
 * await daemon.stop();
 * ```
 */
export async function startDaemon(options = {}) {
    const binary = options.binary ?? findBinary('containerd');
    if (binary === undefined || !existsSync(binary))
        throw new DaemonStartError(`containerd was not found (${binary ?? 'not on the PATH'}); ${installHint}`);
    if (findBinary('runc') === undefined)
        throw new DaemonStartError(`runc was not found on the PATH; ${installHint}`);
    if (typeof process.getuid === 'function' && process.getuid() !== 0) {
        throw new DaemonStartError('a private containerd needs root (it creates mounts and namespaces): run as root');
    }
    let daemon;
    try {
        daemon = new PrivateDaemon(binary, mkdtempSync(join(options.baseDir ?? tmpdir(), 'rxc-')), options);
    }
    catch (error) {
        throw new DaemonStartError(`cannot make the daemon's folder under ${options.baseDir ?? tmpdir()}: ${error.message}`, { cause: error });
    }
    try {
        await daemon.launch();
    }
    catch (error) {
        await daemon.stop();
        throw error instanceof DaemonStartError ? error : new DaemonStartError(`containerd could not be started: ${error.message}`, { cause: error });
    }
    return daemon;
}
class PrivateDaemon {
    binary;
    dir;
    options;
    address;
    root;
    state;
    logFile;
    debugAddress;
    config;
    child;
    answered = '';
    stopped = false;
    /** Namespaces seen at stop: runc keeps a state folder per namespace outside our temp folder. */
    namespaces = new Set();
    constructor(binary, dir, options) {
        this.binary = binary;
        this.dir = dir;
        this.options = options;
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
    get version() {
        return this.answered;
    }
    get pid() {
        return this.child?.pid ?? -1;
    }
    async launch() {
        const log = openSync(this.logFile, 'a');
        const args = ['--config', this.config, '--root', this.root, '--state', this.state, '--address', this.address,
            '--log-level', this.options.logLevel ?? 'warn'];
        const path = [dirname(this.binary), process.env['PATH'] ?? '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'].join(':');
        // Its own process group: a Ctrl-C in the terminal (SIGINT to the foreground group) reaches only us, and we
        // stop the daemon after a graceful stop of what runs on it, instead of losing it mid-way.
        const child = spawn(this.binary, args, { stdio: ['ignore', log, log], env: { ...process.env, PATH: path }, detached: true });
        closeSync(log);
        this.child = child;
        const exited = new Promise((_, reject) => {
            child.once('exit', (code, signal) => reject(new DaemonStartError(`containerd exited (${signal ?? code}) before answering; log ${this.logFile}:\n${this.logTail()}`)));
            child.once('error', (error) => reject(new DaemonStartError(`containerd could not be started: ${error.message}`)));
        });
        exited.catch(() => undefined);
        await Promise.race([this.waitUntilAnswering(this.options.startTimeoutMs ?? 15_000), exited]);
    }
    async waitUntilAnswering(limitMs) {
        const deadline = Date.now() + limitMs;
        const conn = new Connection({ address: this.address, namespace: 'default' });
        try {
            for (;;) {
                try {
                    this.answered = (await firstValueFrom(conn.call$(Version.version, {}, { timeoutMs: 500, waitForReady: true }))).version;
                    return;
                }
                catch (error) {
                    if (Date.now() > deadline) {
                        throw new DaemonStartError(`containerd did not answer at ${this.address} within ${limitMs} ms: ${String(error)}\n${this.logTail()}`);
                    }
                    await sleep(20);
                }
            }
        }
        finally {
            conn.close();
        }
    }
    async kill() {
        const child = this.child;
        if (!child || child.exitCode !== null || child.signalCode !== null)
            return;
        const gone = new Promise((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGKILL');
        await gone;
    }
    async restart() {
        await this.kill();
        await this.launch();
    }
    async stop() {
        if (this.stopped)
            return;
        this.stopped = true;
        if (this.isRunning())
            await this.cleanUpThroughDaemon().catch(() => undefined);
        await this.terminate();
        this.killLeftoverShims();
        unmountUnder(this.dir);
        rmSync(this.dir, { recursive: true, force: true });
        for (const ns of this.namespaces) {
            try {
                rmdirSync(join('/run/containerd/runc', ns));
            }
            catch {
                // not empty (another daemon's containers) or not there
            }
        }
    }
    isRunning() {
        const child = this.child;
        return child !== undefined && child.exitCode === null && child.signalCode === null;
    }
    /** Kill and delete every task and container of every namespace, so shims clean up after themselves. */
    async cleanUpThroughDaemon() {
        const admin = new Connection({ address: this.address, namespace: 'default', callTimeoutMs: 5_000 });
        const call = (o) => firstValueFrom(o.pipe(timeout(10_000)));
        try {
            const { namespaces } = await call(admin.call$(Namespaces.list, {}));
            for (const { name } of namespaces)
                this.namespaces.add(name);
            for (const { name } of namespaces) {
                const conn = new Connection({ address: this.address, namespace: name, callTimeoutMs: 5_000 });
                try {
                    const { tasks } = await call(conn.call$(Tasks.list, {}));
                    await Promise.all(tasks.filter((t) => t.id === t.containerId || t.id === '').map(async (t) => {
                        await call(conn.call$(Tasks.kill, { containerId: t.containerId, signal: 9, all: true })).catch(() => undefined);
                        await call(conn.call$(Tasks.wait, { containerId: t.containerId })).catch(() => undefined);
                        await call(conn.call$(Tasks.delete, { containerId: t.containerId })).catch(() => undefined);
                    }));
                    const { containers } = await call(conn.call$(Containers.list, {}));
                    await Promise.all(containers.map((c) => call(conn.call$(Containers.delete, { id: c.id })).catch(() => undefined)));
                }
                finally {
                    conn.close();
                }
            }
        }
        finally {
            admin.close();
        }
    }
    async terminate() {
        const child = this.child;
        if (!child || !this.isRunning())
            return;
        const gone = new Promise((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await gone;
        clearTimeout(timer);
    }
    /** Shims outlive the daemon by design: find ours by the address they were given, and end them and their containers. */
    killLeftoverShims() {
        killShimsOf(this.address);
    }
    logTail() {
        try {
            return readFileSync(this.logFile, 'utf8').split('\n').slice(-20).join('\n');
        }
        catch {
            return '';
        }
    }
}
function findBinary(name) {
    for (const dir of (process.env['PATH'] ?? '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin').split(':')) {
        const candidate = join(dir, name);
        if (dir !== '' && existsSync(candidate))
            return candidate;
    }
    for (const dir of ['/usr/sbin', '/usr/bin', '/sbin', '/bin']) {
        if (existsSync(join(dir, name)))
            return join(dir, name);
    }
    return undefined;
}
function sleep(ms) {
    return new Promise((resolve) => setTimeout(resolve, ms));
}
//# sourceMappingURL=daemon.js.map