import { expect } from 'chai';
import { stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { firstValueFrom, take } from 'rxjs';
import { createIoDir, mkfifo, MkfifoError } from '../../src/process/io/fifo.js';
import { NotAFifoError, openFifoReader, readFifo$ } from '../../src/process/io/reader.js';
import { collect, exited, randomFile, said, sh, tempDir } from './helpers.js';

describe('FIFOs', () => {
  let dir: { path: string; remove: () => Promise<void> };
  beforeEach(async () => (dir = await tempDir()));
  afterEach(() => dir.remove());

  it('mkfifo creates FIFOs with mode 0600', async () => {
    const a = join(dir.path, 'a');
    const b = join(dir.path, 'b');
    await mkfifo(a, b);
    for (const p of [a, b]) {
      const s = await stat(p);
      expect(s.isFIFO()).to.equal(true);
      expect(s.mode & 0o777).to.equal(0o600);
    }
  });

  it('mkfifo fails with the tool\'s message when the path exists', async () => {
    const a = join(dir.path, 'a');
    await mkfifo(a);
    const error: unknown = await mkfifo(a).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(MkfifoError);
    expect((error as MkfifoError).stderr).to.match(/exists/i);
  });

  it('createIoDir makes a private 0700 directory under the base and removes it with what is inside', async () => {
    const io = await createIoDir(join(dir.path, 'base'));
    expect(io.path.startsWith(join(dir.path, 'base', 'rx-containerd-'))).to.equal(true);
    expect((await stat(io.path)).mode & 0o777).to.equal(0o700);
    await mkfifo(join(io.path, 'x'));
    await io.remove();
    await io.remove(); // idempotent
    const gone = await stat(io.path).catch(() => 'gone');
    expect(gone).to.equal('gone');
  });
});

describe('openFifoReader', () => {
  let dir: { path: string; remove: () => Promise<void> };
  let fifo: string;
  beforeEach(async () => {
    dir = await tempDir();
    fifo = join(dir.path, 'out');
    await mkfifo(fifo);
  });
  afterEach(() => dir.remove());

  it('carries 1 MB from a writer process byte for byte, then completes at EOF', async () => {
    const { path, data } = await randomFile(dir.path, 'data', 1024 * 1024);
    const reader = openFifoReader(fifo);
    const writer = sh('cat "$SRC" > "$FIFO"', { SRC: path, FIFO: fifo });
    const received = await collect(reader.chunks$);
    expect(await exited(writer)).to.equal(0);
    expect(received.length).to.equal(data.length);
    expect(received.equals(data)).to.equal(true);
    expect(reader.ended).to.equal(true);
  });

  it('opens at once with no writer and does not mistake "no writer yet" for EOF', async () => {
    const reader = openFifoReader(fifo); // returns immediately: nobody has the other end
    const received = collect(reader.chunks$);
    await stat(fifo); // a turn of the event loop and the threadpool, still no writer
    expect(reader.ended).to.equal(false);
    await exited(sh('printf late > "$FIFO"', { FIFO: fifo }));
    expect((await received).toString()).to.equal('late');
  });

  it('leaves the threadpool free: fs calls complete while many readers wait for writers', async () => {
    const paths = Array.from({ length: 12 }, (_, i) => join(dir.path, `f${i}`));
    await mkfifo(...paths);
    const readers = paths.map((p) => openFifoReader(p));
    const all = Promise.all(readers.map((r) => collect(r.chunks$)));
    // With fs.createReadStream, 4 threads would sit in open(2) here and these would wait for the writers.
    await Promise.all(paths.map((p) => stat(p)));
    await writeFile(join(dir.path, 'plain'), 'ok');
    expect(readers.every((r) => !r.ended)).to.equal(true);
    const writer = sh(`for f in ${paths.map((p) => `'${p}'`).join(' ')}; do printf "%s" "$f" > "$f"; done`);
    expect(await exited(writer)).to.equal(0);
    expect((await all).map((b) => b.toString())).to.deep.equal(paths);
  });

  it('takes nothing from the pipe while nobody subscribes, so nothing is lost between subscribers', async () => {
    const { path, data } = await randomFile(dir.path, 'data', 300 * 1024); // more than the pipe holds
    const reader = openFifoReader(fifo);
    const writer = sh('cat "$SRC" > "$FIFO"', { SRC: path, FIFO: fifo });
    const first = await firstValueFrom(reader.chunks$.pipe(take(1)));
    await new Promise((resolve) => setTimeout(resolve, 100)); // a gap in which a careless reader would drop bytes
    const rest = await collect(reader.chunks$);
    expect(await exited(writer)).to.equal(0);
    expect(Buffer.concat([first, rest]).equals(data)).to.equal(true);
  });

  it('re-attaches to a FIFO the writer holds open, like the shim, and gets what was written meanwhile', async () => {
    // The writer holds the FIFO read-write, as the shim holds both ends: writes never fail for want of a reader.
    const writer = sh(
      'exec 3<>"$FIFO"; echo one >&3; read x; echo two >&3; echo wrote-two; read x; echo three >&3; exit 0',
      { FIFO: fifo },
    );
    const first = openFifoReader(fifo);
    expect((await firstValueFrom(first.chunks$)).toString()).to.equal('one\n');
    first.detach();
    expect(first.ended).to.equal(true);
    writer.stdin.write('go\n');
    await said(writer, 'wrote-two'); // written while no reader of ours was attached
    const second = openFifoReader(fifo);
    const rest = collect(second.chunks$);
    writer.stdin.write('go\n');
    expect((await rest).toString()).to.equal('two\nthree\n');
    expect(await exited(writer)).to.equal(0);
  });

  it('finish() takes what is in the pipe and completes though a writer still holds it', async () => {
    const writer = sh('exec 3<>"$FIFO"; printf "tail" >&3; echo written; read x', { FIFO: fifo });
    await said(writer, 'written');
    const reader = openFifoReader(fifo);
    const received = collect(reader.chunks$);
    reader.finish();
    expect((await received).toString()).to.equal('tail');
    writer.stdin.end('\n');
    await exited(writer);
  });

  it('finish() on a FIFO nobody ever opened completes at once', async () => {
    const reader = openFifoReader(fifo);
    const received = collect(reader.chunks$);
    reader.finish();
    expect((await received).length).to.equal(0);
  });

  it('readFifo$ is cold: it opens on subscribe and detaches on unsubscribe', async () => {
    const writer = sh('exec 3<>"$FIFO"; echo a >&3; echo b >&3; echo written; read x', { FIFO: fifo });
    await said(writer, 'written');
    const first = await firstValueFrom(readFifo$(fifo));
    expect(first.toString()).to.equal('a\nb\n');
    writer.stdin.end('\n');
    await exited(writer);
  });

  it('refuses a path that is not a FIFO', async () => {
    const plain = join(dir.path, 'plain');
    await writeFile(plain, 'x');
    expect(() => openFifoReader(plain)).to.throw(NotAFifoError);
  });
});
