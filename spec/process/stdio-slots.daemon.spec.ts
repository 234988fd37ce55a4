import { expect } from 'chai';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { firstValueFrom, lastValueFrom, reduce } from 'rxjs';
import { stdioSlots } from '../../src/process/io/stdio-slots.js';
import type { Client } from '../../src/process/client.js';
import type { StdioOptions } from '../../src/process/io-setup.js';
import { sharedRootfs, testClient } from '../support/daemon.js';

const text = (o: import('rxjs').Observable<Buffer>): Promise<string> =>
  lastValueFrom(o.pipe(reduce((acc, c) => acc + c.toString(), '')));

describe('stdio slots', function () {
  this.timeout(60_000);

  it("'pipe' pipes all three; 'inherit' leaves stdin out; stdin: true/false overrides the stdin slot", () => {
    expect(stdioSlots('pipe')).to.deep.equal({ stdin: 'pipe', stdout: 'pipe', stderr: 'pipe' });
    expect(stdioSlots('ignore')).to.deep.equal({ stdin: 'ignore', stdout: 'ignore', stderr: 'ignore' });
    expect(stdioSlots('inherit')).to.deep.equal({ stdin: 'ignore', stdout: 'inherit', stderr: 'inherit' });
    expect(stdioSlots('pipe', false).stdin).to.equal('ignore');
    expect(stdioSlots(['ignore', 'pipe', 'pipe'], true).stdin).to.equal('pipe');
    expect(stdioSlots({ file: '/tmp/x.log' })).to.deep.equal({ stdin: 'ignore', stdout: { file: '/tmp/x.log' }, stderr: { file: '/tmp/x.log' } });
  });

  it('a bad slot is a TypeError naming the slot and what it takes', () => {
    const bad = (stdio: unknown): string => {
      try {
        stdioSlots(stdio as never);
      } catch (error) {
        expect(error).to.be.instanceOf(TypeError);
        return (error as Error).message;
      }
      return expect.fail('accepted');
    };
    expect(bad(['inherit', 'pipe', 'pipe'])).to.match(/^stdio\[0\] \(stdin\) must be 'pipe' or 'ignore'; got 'inherit'/);
    expect(bad(['pipe', 'pipe', 42])).to.match(/^stdio\[2\] \(stderr\) must be 'pipe', 'ignore', 'inherit', a Writable or \{ file: string \}; got 42/);
    expect(bad(['pipe', { file: '' }, 'pipe'])).to.match(/^stdio\[1\] \(stdout\)/);
    expect(bad(['pipe', 'pipe'])).to.contain('3 slots');
    expect(bad('piped')).to.contain("got 'piped'");
  });

  describe('against the real daemon', () => {
    let client: Client;
    let dir: string;
    beforeEach(async () => {
      client = await testClient();
      dir = mkdtempSync(join(tmpdir(), 'rxc-slots-'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    const runTask = async (id: string, script: string, stdio: StdioOptions['stdio'], feed?: string) => {
      const c = await client.newContainer(id, { rootfs: await sharedRootfs(), args: ['/bin/sh', '-c', script] });
      const task = await c.newTask({ ...(stdio === undefined ? {} : { stdio }) });
      const out = text(task.io.stdout$);
      const err = text(task.io.stderr$);
      const exit = firstValueFrom(task.wait$());
      await task.start();
      if (feed !== undefined) {
        task.io.stdin!.write(feed);
        await task.closeIO();
      }
      const status = await exit;
      await task.delete();
      await c.delete();
      return { status, stdout: await out, stderr: await err, io: task.io };
    };

    it("'pipe' gives the process a stdin we write, and both outputs", async () => {
      const r = await runTask('pipe3', 'cat; echo e >&2', 'pipe', 'fed\n');
      expect(r).to.include({ stdout: 'fed\n', stderr: 'e\n' });
    });

    it('the default has no stdin (the process reads /dev/null) and pipes both outputs', async () => {
      const r = await runTask('dflt', 'cat; echo done; echo e >&2', undefined);
      expect(r).to.include({ stdout: 'done\n', stderr: 'e\n' });
      expect(r.io.stdin).to.equal(undefined);
    });

    it('each output slot goes its own way: a Writable, a file, ignored', async () => {
      const sink = new PassThrough();
      const got: Buffer[] = [];
      sink.on('data', (c: Buffer) => got.push(c));
      const file = join(dir, 'err.log');
      await runTask('split', 'echo to-writable; echo to-file >&2', ['ignore', sink, { file }]);
      expect(Buffer.concat(got).toString()).to.equal('to-writable\n');
      expect(readFileSync(file, 'utf8')).to.equal('to-file\n');
      const ignored = await runTask('ign', 'echo lost; echo kept >&2', ['ignore', 'ignore', 'pipe']);
      expect(ignored).to.include({ stdout: '', stderr: 'kept\n' });
    });

    it("'inherit' in a slot writes into this Node process's stream", async () => {
      const r = await runTask('inh', 'echo seen-in-stdout-of-the-test', ['ignore', 'inherit', 'ignore']);
      expect(r.stdout).to.equal('seen-in-stdout-of-the-test\n'); // the live view of what passes
    });

    it('a bad slot fails with a TypeError before anything is made', async () => {
      const c = await client.newContainer('badslot', { rootfs: await sharedRootfs(), args: ['/bin/true'] });
      const error = await c.newTask({ stdio: ['pipe', 'pipe', 'tty' as never] }).catch((e: unknown) => e);
      expect(error).to.be.instanceOf(TypeError);
      expect((error as Error).message).to.contain('stdio[2] (stderr)');
      await c.delete(); // no task was made: the container deletes
      expect(client.ioDir === undefined ? [] : readdirSync(client.ioDir)).to.deep.equal([]);
    });
  });
});
