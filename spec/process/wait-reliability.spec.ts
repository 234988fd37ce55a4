import { expect } from 'chai';
import { filter, firstValueFrom, Subscription, timeout } from 'rxjs';
import { NotFoundError } from '../../src/client/errors.js';
import type { Daemon } from '../../src/client/daemon.js';
import { Tasks } from '../../src/proto/services.js';
import { connect, type Client } from '../../src/process/client.js';
import type { ExitStatus } from '../../src/process/types.js';
import { dropsExitsAcrossRestart } from '../support/containerd-line.js';
import { privateDaemon, sharedDaemon, sharedRootfs, track, unique } from '../support/daemon.js';

/** Keeps another client subscribing and unsubscribing as fast as it can: the daemon then skips events. */
function churn(address: string, namespace: string): { stop(): number } {
  const other = connect({ address, namespace });
  let cycles = 0;
  let running = true;
  const loop = (): void => {
    if (!running) return;
    const sub: Subscription = other.events$.subscribe();
    setImmediate(() => {
      sub.unsubscribe();
      cycles++;
      setImmediate(loop);
    });
  };
  loop();
  return {
    stop: () => {
      running = false;
      other.close();
      return cycles;
    },
  };
}

describe('wait$ reliability against the real daemon', function () {
  this.timeout(300_000);

  it('500 lifecycles of /bin/true, wait$ subscribed before start, right after start or after exit, all give 0 with no hang while another client churns subscriptions', async () => {
    const d = await sharedDaemon();
    const rootfs = await sharedRootfs();
    const ns = unique('race');
    const client = track(connect({ address: d.address, namespace: ns, sweepIntervalMs: 1_000 }));
    const churner = churn(d.address, ns);
    const when = ['before', 'after-start', 'after-exit'] as const;
    const results: Array<{ code: number | string; when: string }> = [];
    let next = 0;
    const lane = async (): Promise<void> => {
      while (next < 500) {
        const i = next++;
        const w = when[Math.floor(Math.random() * when.length)]!;
        const id = `t${i}`;
        try {
          const c = await client.newContainer(id, { rootfs, args: ['/bin/true'] });
          const task = await c.newTask({ stdio: 'ignore' });
          let exit: Promise<ExitStatus> | undefined;
          const waitFor = () => firstValueFrom(task.wait$().pipe(timeout(15_000)));
          if (w === 'before') exit = waitFor();
          await task.start();
          if (w === 'after-start') exit = waitFor();
          if (w === 'after-exit') {
            await firstValueFrom(client.conn.call$(Tasks.wait, { containerId: id }, { timeoutMs: 15_000 }));
            exit = waitFor();
          }
          const { code } = await exit!;
          results.push({ code, when: w });
          await task.delete();
          await c.delete();
        } catch (error) {
          results.push({ code: String(error), when: w });
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, lane));
    const cycles = churner.stop();
    const failures = results.filter((r) => r.code !== 0);
    expect(failures, JSON.stringify(failures.slice(0, 5))).to.deep.equal([]);
    expect(results).to.have.length(500);
    expect(cycles).to.be.greaterThan(100); // the churn really ran alongside
  });

  describe('a daemon killed with SIGKILL for 20 s, then restarted', () => {
    let daemon: Daemon;
    let client: Client;
    let exitDuringOutage: Promise<ExitStatus | unknown>;
    let deletedMeanwhile: Promise<ExitStatus | unknown>;
    const states: string[] = [];
    /** containerd >= 1.7 deletes, at its restart, every task whose process exited while it was down. */
    let exitsDropped = false;

    before(async function () {
      this.timeout(120_000);
      daemon = await privateDaemon();
      exitsDropped = dropsExitsAcrossRestart(daemon.version);
      const rootfs = await sharedRootfs();
      const ns = unique('outage');
      // Reconnect every 3 s exactly, so the test can act between two attempts.
      client = track(connect({ address: daemon.address, namespace: ns, reconnectBackoff: { initialMs: 3_000, factor: 1, maxMs: 3_000, jitter: 0, resetAfterMs: 0 } }));
      const stateSub = client.events.state$.subscribe((s) => states.push(s));
      const exiting = await client.newContainer('exits', { rootfs, args: ['/bin/sh', '-c', 'sleep 2; exit 42'] });
      const exitingTask = await exiting.newTask({ stdio: 'ignore' });
      const doomed = await client.newContainer('doomed', { rootfs, args: ['/bin/sh', '-c', 'sleep 2; exit 3'] });
      const doomedTask = await doomed.newTask({ stdio: 'ignore' });
      exitDuringOutage = firstValueFrom(exitingTask.wait$()).catch((e: unknown) => e);
      deletedMeanwhile = firstValueFrom(doomedTask.wait$()).catch((e: unknown) => e);
      await firstValueFrom(client.events.armed$);
      await exitingTask.start();
      await doomedTask.start();
      await daemon.kill();
      await new Promise((r) => setTimeout(r, 20_000));
      // restart right after a failed attempt: the next one is 3 s away, time enough to delete 'doomed'
      await firstValueFrom(client.events.state$.pipe(filter((s) => s === 'down')));
      await firstValueFrom(client.events.state$.pipe(filter((s) => s === 'connecting')));
      await firstValueFrom(client.events.state$.pipe(filter((s) => s === 'down')));
      await daemon.restart();
      const other = connect({ address: daemon.address, namespace: ns });
      try {
        await (await (await other.loadContainer('doomed')).task({ stdio: 'ignore' })).delete();
      } catch (error) {
        if (!(exitsDropped && error instanceof NotFoundError)) throw error; // >= 1.7 deleted it already
      } finally {
        other.close();
      }
      await Promise.race([exitDuringOutage, new Promise((r) => setTimeout(r, 30_000))]);
      await firstValueFrom(client.events.state$.pipe(filter((s) => s === 'live'), timeout(30_000))).catch(() => undefined);
      stateSub.unsubscribe();
    });

    it('a wait pending across the outage gives the exit code of a process that exited during it', async function () {
      // Pending on containerd >= 1.7: the daemon deletes the exited task at its restart and the code is lost
      // (docs/wait.md, "Outages on each containerd"); there the wait must end with its own typed error instead.
      if (exitsDropped) this.skip();
      const result = await exitDuringOutage;
      expect(result).to.have.property('code', 42);
    });

    it('a wait whose process was deleted while the client was away fails with NotFoundError, not 255', async function () {
      // Pending on containerd >= 1.7: the daemon deleted the task itself at its restart, before we could.
      if (exitsDropped) this.skip();
      const result = await Promise.race([deletedMeanwhile, new Promise((r) => setTimeout(() => r('hang'), 10_000))]);
      expect(result).to.be.instanceOf(NotFoundError);
    });

    it('the stream went down and came back live without erroring', () => {
      expect(states[0]).to.be.oneOf(['connecting', 'live']);
      expect(states).to.include('down');
      expect(states.lastIndexOf('live')).to.be.greaterThan(states.indexOf('down'));
    });
  });
});
