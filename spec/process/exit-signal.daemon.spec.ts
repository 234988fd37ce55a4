import { expect } from 'chai';
import { firstValueFrom } from 'rxjs';
import { signalOfExitCode, exitStatusOf } from '../../src/proto/exit-status.js';
import type { Client } from '../../src/process/client.js';
import { sharedRootfs, testClient } from '../support/daemon.js';

describe('the signal of an exit', function () {
  this.timeout(60_000);

  it('is the Linux name of N for a code of 128 + N, and none for a code that names no signal', () => {
    expect(signalOfExitCode(137)).to.equal('SIGKILL');
    expect(signalOfExitCode(143)).to.equal('SIGTERM');
    expect(signalOfExitCode(134)).to.equal('SIGABRT');
    expect(signalOfExitCode(157)).to.equal('SIGIO');
    for (const code of [0, 1, 127, 128, 160, 200, 255]) expect(signalOfExitCode(code), String(code)).to.equal(undefined);
    const at = new Date(0);
    expect(exitStatusOf(137, at)).to.deep.equal({ code: 137, exitedAt: at, signal: 'SIGKILL' });
    expect(exitStatusOf(0, at)).to.deep.equal({ code: 0, exitedAt: at });
    expect(Object.keys(exitStatusOf(3, at))).to.deep.equal(['code', 'exitedAt']);
  });

  describe('against the real daemon', () => {
    let client: Client;
    beforeEach(async () => {
      client = await testClient();
    });

    const started = async (id: string, script: string) => {
      const c = await client.newContainer(id, { rootfs: await sharedRootfs(), args: ['/bin/sh', '-c', script] });
      const task = await c.newTask({ stdio: 'ignore' });
      const exit = firstValueFrom(task.wait$());
      await task.start();
      return { c, task, exit };
    };

    for (const signal of ['SIGKILL', 'SIGTERM'] as const) {
      // an exec, not the init process: pid 1 of a container ignores signals it has no handler for (but SIGKILL)
      it(`names ${signal} when the process is killed with it, in wait$ and in delete's result`, async () => {
        const { c, task } = await started(signal.toLowerCase(), 'sleep 600');
        const proc = await task.exec('victim', { args: ['/bin/sleep', '600'] }, { stdio: 'ignore' });
        const exit = firstValueFrom(proc.wait$());
        await proc.start();
        await proc.kill(signal);
        expect(await exit).to.include({ code: signal === 'SIGKILL' ? 137 : 143, signal });
        expect(await proc.delete()).to.include({ signal });
        await task.delete({ kill: true });
        await c.delete();
      });
    }

    it('names SIGKILL for a process that exits with 137 by itself: the code is all the daemon keeps', async () => {
      const { c, task, exit } = await started('self137', 'exit 137');
      expect(await exit).to.include({ code: 137, signal: 'SIGKILL' });
      await task.delete();
      await c.delete();
    });

    it('has no signal for an ordinary exit code, nor for 128 + N where N is no signal', async () => {
      for (const code of [3, 200]) {
        const { c, task, exit } = await started(`plain${code}`, `exit ${code}`);
        const status = await exit;
        expect(status.code).to.equal(code);
        expect(status).not.to.have.property('signal');
        await task.delete();
        await c.delete();
      }
    });
  });
});
