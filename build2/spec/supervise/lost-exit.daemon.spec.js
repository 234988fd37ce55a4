/**
 * A supervised process exits while containerd is down. containerd 1.6 keeps the stopped task with its code;
 * 1.7 and later drop the task at their restart and the code is lost. Either way the supervisor applies its
 * policy: a restart.
 */
import { expect } from 'chai';
import { filter, firstValueFrom, Subject, take, timeout, toArray } from 'rxjs';
import { ExitUnknownError } from '../../src/client/errors.js';
import { connect } from '../../src/process/client.js';
import { supervise } from '../../src/supervise/supervise.js';
import { dropsExitsAcrossRestart } from '../support/containerd-line.js';
import { privateDaemon, sharedRootfs, track, unique } from '../support/daemon.js';
describe('supervision across a daemon outage (real daemon)', () => {
    it('restarts a service that exited while the daemon was down: with its exit code on containerd 1.6, as a crash of unknown code on >= 1.7', async function () {
        this.timeout(60_000);
        const daemon = await privateDaemon();
        const client = track(connect({ address: daemon.address, namespace: unique('lost-exit') }));
        const version = (await client.version()).version;
        const container = await client.newContainer('svc', { rootfs: await sharedRootfs(), args: ['/bin/sh', '-c', 'sleep 1; exit 3'] });
        const seen = [];
        const events = new Subject();
        const started = firstValueFrom(events.pipe(filter((e) => e.type === 'started'), take(2), toArray(), timeout(40_000)));
        const firstStart = firstValueFrom(events.pipe(filter((e) => e.type === 'started'), timeout(20_000)));
        const life = supervise(() => container.newTask({ stdio: 'ignore' }), { restart: 'on-failure', backoff: { initialMs: 10, maxMs: 10 } })
            .subscribe((e) => {
            seen.push(e);
            events.next(e);
        });
        try {
            await firstStart;
            await daemon.kill();
            await new Promise((r) => setTimeout(r, 4_000)); // the process exits 1 s in, with nobody to tell
            await daemon.restart();
            await started; // restarted
            const starts = seen.flatMap((e, i) => (e.type === 'started' ? [i] : []));
            const between = seen.slice(starts[0] + 1, starts[1]);
            if (dropsExitsAcrossRestart(version)) {
                const failed = between.find((e) => e.type === 'failed');
                expect(failed, `containerd ${version}: ${JSON.stringify(between.map((e) => e.type))}`).to.include({ phase: 'wait' });
                expect(failed.error).to.be.instanceOf(ExitUnknownError);
                expect(between.some((e) => e.type === 'exited')).to.equal(false); // no made-up code
                expect(between.some((e) => e.type === 'failed' && e.phase === 'delete')).to.equal(false);
            }
            else {
                const exited = between.find((e) => e.type === 'exited');
                expect(exited, `containerd ${version}`).to.deep.include({ status: { code: 3, exitedAt: exited.status.exitedAt } });
            }
        }
        finally {
            life.unsubscribe();
        }
    });
});
//# sourceMappingURL=lost-exit.daemon.spec.js.map