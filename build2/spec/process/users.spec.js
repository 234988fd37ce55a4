import { expect } from 'chai';
import { firstValueFrom, toArray } from 'rxjs';
import { InvalidArgumentError } from '../../src/client/errors.js';
import { sharedRootfs, testClient } from '../support/daemon.js';
/**
 * `id` inside the container for each way of naming a user, against the test rootfs's /etc/passwd (app 1000,
 * nobody 65534) and /etc/group (staff 50 and users 100 list app; users lists nobody). The static busybox prints
 * numbers only, the groups sorted.
 */
const rows = [
    ['nobody', 'uid=65534 gid=65534 groups=100,65534'],
    ['app', 'uid=1000 gid=1000 groups=50,100,1000'],
    ['app:staff', 'uid=1000 gid=50 groups=50'],
    ['app:100', 'uid=1000 gid=100 groups=100'],
    ['1000', 'uid=1000 gid=1000 groups=50,100,1000'],
    ['1000:nogroup', 'uid=1000 gid=65534 groups=65534'],
    ['65534:0', 'uid=65534 gid=0 groups=0'],
    ['4242', 'uid=4242 gid=0 groups=0'],
    [1000, 'uid=1000 gid=1000 groups=50,100,1000'],
    [{ uid: 65534, gid: 50 }, 'uid=65534 gid=50 groups=50'],
    ['root', 'uid=0(root) gid=0(root) groups=0(root)'], // busybox names root alone
];
async function output(proc) {
    const out = firstValueFrom(proc.io.stdout$.pipe(toArray()));
    const exit = firstValueFrom(proc.wait$());
    await proc.start();
    expect((await exit).code).to.equal(0);
    await proc.delete();
    return Buffer.concat(await out).toString().trim();
}
const label = (user) => JSON.stringify(user);
describe('users by name or number, for containers and execs (real daemon)', () => {
    let client;
    beforeEach(async () => {
        client = await testClient();
    });
    it(`an exec runs as the user it names: ${rows.map(([u]) => label(u)).join(', ')}`, async () => {
        const c = await client.newContainer('execs', { rootfs: await sharedRootfs(), args: ['/bin/sleep', '600'] });
        const task = await c.newTask({ stdio: 'ignore' });
        await task.start();
        for (const [i, [user, id]] of rows.entries()) {
            const proc = await task.exec(`id${i}`, { args: ['/bin/id'], user }, { stdio: 'pipe' });
            expect(await output(proc), label(user)).to.equal(id);
        }
        await task.delete({ kill: true });
    });
    it('a container runs as the user it names, and its execs inherit it', async () => {
        for (const [i, [user, id]] of rows.filter((_, k) => k % 3 === 0).entries()) {
            const c = await client.newContainer(`init${i}`, { rootfs: await sharedRootfs(), args: ['/bin/id'], user });
            expect(await output(await c.newTask({ stdio: 'pipe' })), label(user)).to.equal(id);
            await c.delete();
        }
        const c = await client.newContainer('inherits', { rootfs: await sharedRootfs(), args: ['/bin/sleep', '600'], user: 'nobody' });
        const task = await c.newTask({ stdio: 'ignore' });
        await task.start();
        expect(await output(await task.exec('inherited', { args: ['/bin/id'] }, { stdio: 'pipe' }))).to.equal(rows[0][1]);
        await task.delete({ kill: true });
    });
    it('an unknown user or group name is InvalidArgumentError naming it, before any call, for an exec and a container', async () => {
        const c = await client.newContainer('unknown', { rootfs: await sharedRootfs(), args: ['/bin/sleep', '600'] });
        const task = await c.newTask({ stdio: 'ignore' });
        await task.start();
        for (const [user, named] of [['ghost', 'ghost'], ['app:ghosts', 'ghosts'], ['ghost:staff', 'ghost']]) {
            const execError = await task.exec('never', { args: ['/bin/id'], user }).catch((e) => e);
            expect(execError, user).to.be.instanceOf(InvalidArgumentError);
            expect(execError.message).to.contain(`"${named}"`);
            const containerError = await client.newContainer('never', { rootfs: await sharedRootfs(), args: ['/bin/id'], user }).catch((e) => e);
            expect(containerError, user).to.be.instanceOf(InvalidArgumentError);
            expect(containerError.message).to.contain(`"${named}"`);
        }
        for (const user of ['a:b:c', '', -1, 1.5, { uid: -3 }]) {
            expect(await task.exec('never', { args: ['/bin/id'], user }).catch((e) => e), label(user)).to.be.instanceOf(InvalidArgumentError);
        }
        expect((await task.pids()).map((p) => p.execId).filter((e) => e !== undefined)).to.deep.equal([]);
        expect((await client.containers()).map((x) => x.id)).to.deep.equal(['unknown']);
        await task.delete({ kill: true });
    });
});
//# sourceMappingURL=users.spec.js.map