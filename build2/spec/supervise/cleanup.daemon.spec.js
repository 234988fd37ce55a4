/**
 * Cleanups against the real daemon: a tree stopped while a child's cleanup (its container's delete) is still
 * running waits for it, so no container is left behind.
 */
import { expect } from 'chai';
import { lastValueFrom, mergeMap, Subject, timer, toArray } from 'rxjs';
import { supervisor } from '../../src/supervise/supervisor.js';
import { sharedRootfs, testClient, unique } from '../support/daemon.js';
describe('cleanups against the real daemon', function () {
    this.timeout(60_000);
    it("a tree stopped while a finished child's container delete is in flight waits for it: no container is left", async () => {
        const client = await testClient();
        const rootfs = await sharedRootfs();
        const job = await client.newContainer(unique('job'), { rootfs, args: ['/bin/true'] });
        const web = await client.newContainer(unique('web'), {
            rootfs, args: ['/bin/sh', '-c', "trap 'exit 0' TERM; while true; do sleep 1 & wait $!; done"],
        });
        const cleanupBegan = new Subject();
        const events = await lastValueFrom(supervisor({
            children: [
                { id: 'web', start: () => web.newTask({ stdio: 'ignore' }), gracePeriodMs: 5_000, cleanup: () => web.delete() },
                {
                    id: 'job', start: () => job.newTask({ stdio: 'ignore' }), restart: 'temporary',
                    // The tree is stopped the moment this cleanup begins; the delete itself comes 100 ms later.
                    cleanup: () => { cleanupBegan.next(); return timer(100).pipe(mergeMap(() => job.delete())); },
                },
            ],
            stop: cleanupBegan,
        }).pipe(toArray()));
        const lines = events.map(e => `${e.child ?? 'tree'} ${e.type}${e.type === 'stopped' ? ` ${e.cause}` : ''}`);
        // In reverse order: job (whose cleanup is awaited), then web.
        expect(lines.filter(l => l.includes('stopped') || l.includes('failed'))).to.deep.equal(['job stopped policy', 'web stopped requested', 'tree stopped requested']);
        const left = (await client.containers()).map(c => c.id).filter(id => id === job.id || id === web.id);
        expect(left).to.deep.equal([]);
    });
});
//# sourceMappingURL=cleanup.daemon.spec.js.map