/**
 * One long-lived shell that makes FIFOs for this Node process. Node has no mkfifo, and spawning a process
 * forks Node itself, which blocks the event loop for milliseconds per spawn (measured here: 200 spawns at
 * once held the loop for about 1.5 s). The shell forks `mkfifo` instead, off our loop; we spawn once.
 * @module
 */
import { spawn } from 'node:child_process';
const script = [
    'while IFS= read -r line; do',
    '  id=${line%% *}; args=${line#* }',
    '  if out=$(eval "mkfifo -m 0600 -- $args" 2>&1); then printf "%s OK\\n" "$id";',
    '  else printf "%s ERR " "$id"; printf "%s" "$out" | tr "\\n" " "; printf "\\n"; fi',
    'done',
].join('\n');
/** The shell and the requests waiting for its answers. */
class FifoMaker {
    child;
    pending = new Map();
    nextId = 1;
    buffered = '';
    /** Makes the FIFOs; resolves undefined when done, else the tool's error text. */
    make(paths) {
        if (paths.some((p) => p.includes('\n') || p.includes('\0')))
            return Promise.resolve('a FIFO path may not contain a newline or NUL');
        const child = this.shell();
        const id = this.nextId++;
        return new Promise((resolve) => {
            this.pending.set(id, resolve);
            this.hold(true);
            child.stdin.write(`${id} ${paths.map(quote).join(' ')}\n`);
        });
    }
    shell() {
        if (this.child)
            return this.child;
        const child = spawn('sh', ['-c', script], { stdio: ['pipe', 'pipe', 'pipe'] });
        this.child = child;
        child.stdout.setEncoding('utf8').on('data', (text) => this.answer(text));
        child.stderr.resume();
        const gone = (why) => {
            if (this.child !== child)
                return;
            this.child = undefined;
            this.buffered = '';
            const waiting = [...this.pending.values()];
            this.pending.clear();
            for (const resolve of waiting)
                resolve(why);
        };
        child.on('error', (e) => gone(`the mkfifo shell failed: ${e.message}`));
        child.on('exit', (code, signal) => gone(`the mkfifo shell exited (${signal ?? code})`));
        child.stdin.on('error', () => undefined);
        return child;
    }
    answer(text) {
        this.buffered += text;
        let nl;
        while ((nl = this.buffered.indexOf('\n')) >= 0) {
            const line = this.buffered.slice(0, nl);
            this.buffered = this.buffered.slice(nl + 1);
            const [id, status, ...rest] = line.split(' ');
            const resolve = this.pending.get(Number(id));
            if (!resolve)
                continue;
            this.pending.delete(Number(id));
            resolve(status === 'OK' ? undefined : rest.join(' ').trim() || 'mkfifo failed');
        }
        if (this.pending.size === 0)
            this.hold(false);
    }
    /** The shell keeps Node alive only while a request waits. */
    hold(on) {
        const c = this.child;
        if (!c)
            return;
        for (const h of [c, c.stdin, c.stdout, c.stderr])
            (on ? h.ref : h.unref)?.call(h);
    }
}
function quote(path) {
    return `'${path.replace(/'/g, `'\\''`)}'`;
}
let maker;
/** Makes FIFOs with mode 0600 through the shared shell; resolves undefined, or the error text. */
export function makeFifos(paths) {
    return (maker ??= new FifoMaker()).make(paths);
}
//# sourceMappingURL=fifo-maker.js.map