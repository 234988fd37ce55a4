import { expect } from 'chai';
import { existsSync, readdirSync } from 'node:fs';
import { firstValueFrom, lastValueFrom, mergeMap, range, reduce, take, toArray } from 'rxjs';
import { lines } from '../../src/process/io/lines.js';
import { connect, type Client } from '../../src/process/client.js';
import { sharedDaemon, sharedRootfs, testClient, track, unique } from '../support/daemon.js';

const collect = (o: import('rxjs').Observable<Buffer>): Promise<Buffer> =>
  lastValueFrom(o.pipe(reduce((acc, c) => Buffer.concat([acc, c]), Buffer.alloc(0))));

function seq(from: number, to: number): string {
  let s = '';
  for (let i = from; i <= to; i++) s += `${i}\n`;
  return s;
}

describe('process IO against the real daemon', function () {
  this.timeout(120_000);
  let client: Client;
  beforeEach(async () => {
    client = await testClient();
  });

  it('captures stdout and stderr separately and completely, 1 MB each, byte for byte', async () => {
    const c = await client.newContainer('megabyte', { rootfs: await sharedRootfs(), args: ['/bin/sh', '-c', 'seq 1 160000; seq 200000 348000 >&2'] });
    const task = await c.newTask({ stdio: 'pipe' });
    const out = collect(task.io.stdout$);
    const err = collect(task.io.stderr$);
    const exit = firstValueFrom(task.wait$());
    await task.start();
    expect((await exit).code).to.equal(0);
    await task.delete();
    const expectedOut = seq(1, 160000);
    const expectedErr = seq(200000, 348000);
    expect(expectedOut.length).to.be.greaterThan(1_000_000);
    expect((await out).toString()).to.equal(expectedOut);
    expect((await err).toString()).to.equal(expectedErr);
  });

  it('stdin to cat is echoed back, and closeIO delivers EOF so cat exits', async () => {
    const c = await client.newContainer('cat', { rootfs: await sharedRootfs(), args: ['/bin/cat'] });
    const task = await c.newTask({ stdio: 'pipe', stdin: true });
    const out = collect(task.io.stdout$);
    const exit = firstValueFrom(task.wait$());
    await task.start();
    task.io.stdin!.write('hello\n');
    task.io.stdin!.write('world\n');
    await task.closeIO({ stdin: true });
    expect((await exit).code).to.equal(0);
    await task.delete();
    expect((await out).toString()).to.equal('hello\nworld\n');
  });

  it('stty size prints the size set by resize before start, and again after a second resize', async () => {
    const c = await client.newContainer('stty', { rootfs: await sharedRootfs(), args: ['/bin/sh', '-c', 'stty size; read x; stty size'], terminal: true });
    const task = await c.newTask({ stdio: 'pipe', stdin: true });
    const seen: string[] = [];
    const sub = task.io.stdout$.pipe(lines()).subscribe((l) => {
      if (/^\d+ \d+$/.test(l.trim())) seen.push(l.trim());
    });
    await task.resize(100, 30);
    await task.start();
    while (seen.length < 1) await new Promise((r) => setTimeout(r, 20));
    expect(seen).to.deep.equal(['30 100']);
    await task.resize(120, 40);
    task.io.stdin!.write('\n');
    await firstValueFrom(task.wait$());
    await task.delete();
    sub.unsubscribe();
    expect(seen).to.deep.equal(['30 100', '40 120']);
  });

  it('100 terminal execs with 64 KB of output each: none truncated', async () => {
    const c = await client.newContainer('ttyexecs', { rootfs: await sharedRootfs(), args: ['/bin/sleep', '600'] });
    const task = await c.newTask({ stdio: 'ignore' });
    await task.start();
    const expected = seq(1, 12_000).replace(/\n/g, '\r\n'); // a terminal turns \n into \r\n
    const sizes = await lastValueFrom(
      range(0, 100).pipe(
        mergeMap(async (i) => {
          const proc = await task.exec(`tty${i}`, { args: ['/bin/seq', '1', '12000'], terminal: true }, { stdio: 'pipe' });
          const out = collect(proc.io.stdout$);
          const exit = firstValueFrom(proc.wait$());
          await proc.start();
          await exit;
          await proc.delete();
          return (await out).toString() === expected ? 'complete' : `truncated at ${(await out).length}`;
        }, 10),
        toArray(),
      ),
    );
    expect(expected.length).to.be.greaterThan(64_000);
    expect(sizes.filter((s) => s !== 'complete')).to.deep.equal([]);
    expect(sizes).to.have.length(100);
    await task.delete({ kill: true });
  });

  it('a re-attached reader gets the output written while no reader was attached', async () => {
    const d = await sharedDaemon();
    const ns = unique('attach');
    const first = track(connect({ address: d.address, namespace: ns }));
    const c = await first.newContainer('talker', {
      rootfs: await sharedRootfs(),
      args: ['/bin/sh', '-c', 'echo one; sleep 1; echo two; echo three; sleep 600'],
    });
    const task = await c.newTask({ stdio: 'pipe' });
    const one = firstValueFrom(task.io.stdout$.pipe(lines()));
    await task.start();
    expect(await one).to.equal('one');
    await task.io.detach(); // our reader is closed: nobody reads the FIFO now
    first.close();
    await new Promise((r) => setTimeout(r, 1_500)); // meanwhile the process writes two and three
    const second = track(connect({ address: d.address, namespace: ns }));
    const again = await (await second.loadContainer('talker')).task({ stdio: 'pipe' });
    const rest = await firstValueFrom(again.io.stdout$.pipe(lines(), take(2), toArray()));
    expect(rest).to.deep.equal(['two', 'three']);
    await again.delete({ kill: true });
  });

  it('leaves no FIFO on disk after the task and its execs are deleted', async () => {
    const c = await client.newContainer('fifos', { rootfs: await sharedRootfs(), args: ['/bin/sleep', '600'] });
    const task = await c.newTask({ stdio: 'pipe', stdin: true });
    await task.start();
    const proc = await task.exec('e', { args: ['/bin/echo', 'hi'] }, { stdio: 'pipe' });
    const out = collect(proc.io.stdout$);
    await proc.start();
    await firstValueFrom(proc.wait$());
    await proc.delete();
    expect((await out).toString()).to.equal('hi\n');
    const dir = client.ioDir!;
    expect(client.ioDirectory).to.equal(dir); // the deprecated name still answers
    expect(readdirSync(dir)).to.have.length(1); // the task's directory only
    await task.delete({ kill: true });
    expect(readdirSync(dir)).to.deep.equal([]);
    client.close();
    expect(existsSync(dir)).to.equal(false);
  });

  it("'inherit' and { file } modes deliver the output, the file one reliably with both streams", async () => {
    const { mkdtempSync, readFileSync, rmSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'rxc-log-'));
    const file = join(dir, 'out.log');
    const c = await client.newContainer('logfile', { rootfs: await sharedRootfs(), args: ['/bin/sh', '-c', 'for i in $(seq 1 500); do echo out$i; echo err$i >&2; done'] });
    const task = await c.newTask({ stdio: { file } });
    const exit = firstValueFrom(task.wait$());
    await task.start();
    await exit;
    await task.delete();
    const logged = readFileSync(file, 'utf8').split('\n').filter((l) => l !== '');
    expect(logged.filter((l) => l.startsWith('out'))).to.deep.equal(Array.from({ length: 500 }, (_, i) => `out${i + 1}`));
    expect(logged.filter((l) => l.startsWith('err'))).to.deep.equal(Array.from({ length: 500 }, (_, i) => `err${i + 1}`));
    rmSync(dir, { recursive: true, force: true });
  });
});
