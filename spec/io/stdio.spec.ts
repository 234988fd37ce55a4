import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { PassThrough } from 'node:stream';
import { firstValueFrom, from, lastValueFrom, toArray } from 'rxjs';
import { lines } from '../../src/process/io/lines.js';
import { attachProcessIO, openProcessIO, openProcessIO$, type ProcessIO } from '../../src/process/io/stdio.js';
import { collect, eventually, exited, randomFile, readAll, said, sh, tempDir } from './helpers.js';

const isFifo = async (path: string): Promise<boolean> => (await stat(path)).isFIFO();
const exists = (path: string): Promise<boolean> => stat(path).then(() => true, () => false);

/** The shim's part for a piped process: a child that writes `script`'s stdout and stderr into the FIFOs. */
function shimLike(io: ProcessIO, script: string, env: Record<string, string> = {}): ReturnType<typeof sh> {
  return sh(`exec >"$OUT" 2>"$ERR"; ${script}`, { OUT: io.paths.stdout, ERR: io.paths.stderr, ...env });
}

/**
 * `cat` in the shim's place: it opens its end of stdin first (the shim does at Create) and says so; without a
 * reader, the pipe's contents would be discarded when our end closes.
 */
async function catLike(io: ProcessIO): Promise<ReturnType<typeof sh>> {
  const cat = sh('exec 3<"$IN"; echo ready; cat <&3 >"$OUT" 2>"$ERR"', {
    IN: io.paths.stdin,
    OUT: io.paths.stdout,
    ERR: io.paths.stderr,
  });
  await said(cat, 'ready');
  return cat;
}

describe('openProcessIO', () => {
  let dir: { path: string; remove: () => Promise<void> };
  const opened: ProcessIO[] = [];
  const open = async (...args: Parameters<typeof openProcessIO>): Promise<ProcessIO> => {
    const io = await openProcessIO(...args);
    opened.push(io);
    return io;
  };
  beforeEach(async () => (dir = await tempDir()));
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((io) => io.dispose().catch(() => undefined)));
    await dir.remove();
  });

  describe('paths for Tasks.Create', () => {
    it("'pipe' makes stdout and stderr FIFOs in a subdirectory named after the process", async () => {
      const io = await open(dir.path, 'web');
      expect(io.paths.stdin).to.equal('');
      expect(io.paths.terminal).to.equal(false);
      expect(basename(dirname(io.paths.stdout))).to.match(/^web-/);
      expect(dirname(io.paths.stderr)).to.equal(dirname(io.paths.stdout));
      expect(await isFifo(io.paths.stdout)).to.equal(true);
      expect(await isFifo(io.paths.stderr)).to.equal(true);
      expect(io.stdin).to.equal(undefined);
    });

    it('stdin: true adds a stdin FIFO and our Writable end', async () => {
      const io = await open(dir.path, 'web', { stdin: true });
      expect(await isFifo(io.paths.stdin)).to.equal(true);
      expect(io.stdin).to.not.equal(undefined);
    });

    it("terminal: stdout only (the shim never opens stderr with a console): stderr '' and no stderr FIFO", async () => {
      const io = await open(dir.path, 'tty', { terminal: true, stdin: true });
      expect(io.paths.terminal).to.equal(true);
      expect(io.paths.stderr).to.equal('');
      expect((await readdir(dirname(io.paths.stdout))).sort()).to.deep.equal(['stdin', 'stdout']);
      const writer = sh('printf "tty out\\r\\n" > "$OUT"', { OUT: io.paths.stdout });
      expect(await lastValueFrom(io.stdout$.pipe(lines(), toArray()))).to.deep.equal(['tty out']);
      expect(await lastValueFrom(io.stderr$.pipe(toArray()))).to.deep.equal([]);
      await exited(writer);
    });

    it("'ignore' is null IO: every path '' and no file made", async () => {
      const io = await open(dir.path, 'quiet', { stdio: 'ignore' });
      expect(io.paths).to.deep.equal({ stdin: '', stdout: '', stderr: '', terminal: false });
      expect(await readdir(dir.path)).to.deep.equal([]);
      await firstValueFrom(io.done$);
    });

    it("'ignore' with stdin still needs stdout and stderr FIFOs, and drains them", async () => {
      const io = await open(dir.path, 'quiet', { stdio: 'ignore', stdin: true });
      expect(await isFifo(io.paths.stdout)).to.equal(true);
      expect(await isFifo(io.paths.stderr)).to.equal(true);
      // 1 MB with nobody subscribed: would block forever if the output were not drained
      const writer = shimLike(io, 'head -c 1048576 /dev/zero; head -c 1048576 /dev/zero >&2');
      expect(await exited(writer)).to.equal(0);
      expect(await lastValueFrom(io.stdout$.pipe(toArray()))).to.deep.equal([]);
    });
  });

  describe("'pipe'", () => {
    it('captures stdout and stderr separately and completely: 1 MB each, byte for byte', async () => {
      const out = await randomFile(dir.path, 'out.bin', 1024 * 1024);
      const err = await randomFile(dir.path, 'err.bin', 1024 * 1024);
      const io = await open(dir.path, 'big');
      const writer = shimLike(io, 'cat "$A" & cat "$B" >&2; wait', { A: out.path, B: err.path });
      const [stdout, stderr] = await Promise.all([collect(io.stdout$), collect(io.stderr$)]);
      expect(await exited(writer)).to.equal(0);
      expect(stdout.equals(out.data)).to.equal(true);
      expect(stderr.equals(err.data)).to.equal(true);
      await firstValueFrom(io.done$);
    });

    it('keeps each stream to itself', async () => {
      const io = await open(dir.path, 'split');
      const writer = shimLike(io, 'echo out1; echo err1 >&2; echo out2; echo err2 >&2');
      const [stdout, stderr] = await Promise.all([
        lastValueFrom(io.stdout$.pipe(lines(), toArray())),
        lastValueFrom(io.stderr$.pipe(lines(), toArray())),
      ]);
      await exited(writer);
      expect(stdout).to.deep.equal(['out1', 'out2']);
      expect(stderr).to.deep.equal(['err1', 'err2']);
    });
  });

  describe('stdin', () => {
    it('reaches cat, is echoed back, and closing our end gives cat EOF', async () => {
      const io = await open(dir.path, 'cat', { stdin: true });
      const cat = await catLike(io);
      const echoed = lastValueFrom(io.stdout$.pipe(lines(), toArray()));
      io.stdin!.write('hello\n');
      io.stdin!.write(Buffer.from('wörld\n'));
      await io.closeStdin(); // with containerd, then Tasks.CloseIO{stdin: true}: the shim holds a write end too
      expect(await echoed).to.deep.equal(['hello', 'wörld']);
      expect(await exited(cat)).to.equal(0);
    });

    it('accepts writes before the process has opened its end', async () => {
      const io = await open(dir.path, 'early', { stdin: true });
      io.stdin!.write('before\n'); // waits in the pipe: nobody reads it yet
      const cat = await catLike(io);
      const echoed = lastValueFrom(io.stdout$.pipe(lines(), toArray()));
      await io.closeStdin();
      expect(await echoed).to.deep.equal(['before']);
      await exited(cat);
    });

    it('has an Observer form: next writes, complete closes our end', async () => {
      const io = await open(dir.path, 'obs', { stdin: true });
      const cat = await catLike(io);
      const echoed = lastValueFrom(io.stdout$.pipe(lines(), toArray()));
      from(['a\n', 'b\n', 'c']).subscribe(io.stdinObserver!);
      expect(await echoed).to.deep.equal(['a', 'b', 'c']);
      expect(await exited(cat)).to.equal(0);
    });
  });

  describe('dispose', () => {
    it('delivers what is left, ends the streams and removes the FIFOs', async () => {
      const io = await open(dir.path, 'gone', { stdin: true });
      const directory = dirname(io.paths.stdout);
      // a writer that keeps the pipe open, as the shim of a process that has not been deleted yet
      const writer = sh('exec 3<>"$OUT"; printf last >&3; echo written; read x', { OUT: io.paths.stdout });
      await said(writer, 'written');
      const stdout = collect(io.stdout$);
      await io.dispose();
      await io.dispose(); // idempotent
      expect((await stdout).toString()).to.equal('last');
      expect(await exists(directory)).to.equal(false);
      expect(await readdir(dir.path)).to.deep.equal([]);
      expect(io.stdin!.destroyed).to.equal(true);
      writer.stdin.end('\n');
      await exited(writer);
    });

    it('cleans up when unsubscribed before the IO was handed over', async () => {
      openProcessIO$(dir.path, 'abandoned', { stdin: true }).subscribe().unsubscribe();
      // one more through the same steps, so the abandoned one has surely been made (and undone) meanwhile
      await (await openProcessIO(dir.path, 'next')).dispose();
      await eventually(async () => (await readdir(dir.path)).length === 0);
    });
  });

  describe('{ file }', () => {
    it('appends both streams to the file, interleaved by whole lines, after what was there', async () => {
      const log = join(dir.path, 'app.log');
      await writeFile(log, 'before\n');
      const io = await open(dir.path, 'logged', { stdio: { file: log } });
      // stdout's first line arrives in two pieces with a stderr line written in between
      const writer = shimLike(io, 'printf "out-one-"; sleep 0.1; echo err-one >&2; sleep 0.1; echo "end"; printf "no-newline" >&2');
      await exited(writer);
      await firstValueFrom(io.done$);
      const content = (await readFile(log, 'utf8')).split('\n');
      expect(content[0]).to.equal('before');
      expect(content.slice(1).sort()).to.deep.equal(['err-one', 'no-newline', 'out-one-end'].sort());
    });

    it('is also visible on stdout$ while it passes', async () => {
      const log = join(dir.path, 'app.log');
      const io = await open(dir.path, 'logged', { stdio: { file: log } });
      const seen = collect(io.stdout$);
      await exited(shimLike(io, 'echo hi'));
      expect((await seen).toString()).to.equal('hi\n');
    });
  });

  describe('{ stdout, stderr } writables and inherit', () => {
    it('writes each stream into its Writable', async () => {
      const out = new PassThrough();
      const err = new PassThrough();
      const io = await open(dir.path, 'streams', { stdio: { stdout: out, stderr: err } });
      await exited(shimLike(io, 'echo o; echo e >&2'));
      await firstValueFrom(io.done$);
      expect(out.read()?.toString()).to.equal('o\n');
      expect(err.read()?.toString()).to.equal('e\n');
      expect(out.writableEnded).to.equal(false); // not ours to end
    });

    it("'inherit' writes into this Node process's own stdout and stderr", async () => {
      const module = new URL('../../src/process/io/index.js', import.meta.url).href;
      const child = spawn(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          `import { openProcessIO } from ${JSON.stringify(module)};
           import { spawn } from 'node:child_process';
           import { firstValueFrom } from 'rxjs';
           const io = await openProcessIO(process.argv[1], 'inherit', { stdio: 'inherit' });
           const env = { ...process.env, O: io.paths.stdout, E: io.paths.stderr };
           spawn('sh', ['-c', 'echo to-out >"$O"; echo to-err >"$E"'], { env, stdio: 'ignore' });
           await firstValueFrom(io.done$);
           await io.dispose();`,
          dir.path,
        ],
        { cwd: new URL('.', import.meta.url).pathname },
      );
      const [out, err] = await Promise.all([readAll(child.stdout), readAll(child.stderr)]);
      expect(await exited(child)).to.equal(0);
      expect(out.toString()).to.equal('to-out\n');
      expect(err.toString()).to.equal('to-err\n');
    });
  });
});

describe('attachProcessIO', () => {
  let dir: { path: string; remove: () => Promise<void> };
  beforeEach(async () => (dir = await tempDir()));
  afterEach(() => dir.remove());

  it('re-attaches after a detach and gets the output written while nobody read', async () => {
    const first = await openProcessIO(dir.path, 'long', { stdin: true });
    const paths = first.paths;
    // the shim's part: holds both ends of stdout (as the shim does), writes on request
    const writer = sh(
      'exec 3<>"$OUT"; exec 2>"$ERR"; echo one >&3; read x; echo two >&3; echo wrote; read x; echo three >&3; exit 0',
      { OUT: paths.stdout, ERR: paths.stderr },
    );
    expect((await firstValueFrom(first.stdout$)).toString()).to.equal('one\n');
    await first.detach(); // as if the client went away: the FIFOs stay
    expect(await isFifo(paths.stdout)).to.equal(true);
    writer.stdin.write('go\n');
    await said(writer, 'wrote');

    const again = await attachProcessIO(paths);
    expect(again.paths).to.deep.equal(paths);
    expect(again.stdin).to.not.equal(undefined);
    const rest = collect(again.stdout$);
    writer.stdin.write('go\n');
    expect((await rest).toString()).to.equal('two\nthree\n');
    expect(await exited(writer)).to.equal(0);
    await again.dispose();
    expect(await exists(dirname(paths.stdout))).to.equal(false);
  });

  it('gives no reader to paths that are not FIFOs (log URIs)', async () => {
    const io = await attachProcessIO({ stdin: '', stdout: 'binary:///usr/bin/logger', stderr: 'binary:///usr/bin/logger', terminal: false });
    expect(await lastValueFrom(io.stdout$.pipe(toArray()))).to.deep.equal([]);
    await io.dispose();
  });
});
