import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { firstValueFrom, toArray } from 'rxjs';
import { HostUnsupportedError, InvalidArgumentError } from '../../src/client/errors.js';
import type { Client, ContainerOptions } from '../../src/process/client.js';
import { sharedRootfs, testClient, unique } from '../support/daemon.js';

/** What `args` prints (stdout then stderr, trimmed) and its exit code, run as a container with `options`. */
async function inside(client: Client, args: string[], options: Omit<ContainerOptions, 'rootfs' | 'args'> = {}): Promise<{ out: string; code: number }> {
  await using container = await client.newContainer(unique('secure'), { rootfs: await sharedRootfs(), args, ...options });
  await using task = await container.newTask({ stdio: 'pipe' });
  const out = firstValueFrom(task.io.stdout$.pipe(toArray()));
  const err = firstValueFrom(task.io.stderr$.pipe(toArray()));
  const exit = firstValueFrom(task.wait$());
  await task.start();
  const { code } = await exit;
  return { out: Buffer.concat([...(await out), ...(await err)]).toString().trim(), code };
}

/** The value of `field` in the container's /proc/self/status. */
const status = (field: string): string[] => ['/bin/sh', '-c', `grep '^${field}:' /proc/self/status | cut -f2`];

describe('security options against the real daemon', function () {
  this.timeout(60_000);
  let client: Client;
  beforeEach(async () => {
    client = await testClient();
  });

  it("gives Docker's default capability set by default", async () => {
    expect(await inside(client, status('CapEff'))).to.deep.equal({ out: '00000000a80425fb', code: 0 });
  });

  it('adds and drops capabilities by name (capAdd, capDrop)', async () => {
    const r = await inside(client, status('CapEff'), { capAdd: ['net_admin'], capDrop: ['CAP_CHOWN', 'KILL'] });
    expect(r.out).to.equal((0xa80425fb + 0x1000 - 0x1 - 0x20).toString(16).padStart(16, '0'));
    expect((await inside(client, status('CapEff'), { capDrop: ['ALL'] })).out).to.equal('0000000000000000');
  });

  it('privileged: every capability, no seccomp filter, nothing masked, /sys writable', async () => {
    const r = await inside(client, ['/bin/sh', '-c',
      "grep -E '^(CapEff|Seccomp):' /proc/self/status | cut -f2; grep ' /sys ' /proc/mounts | cut -d' ' -f4 | cut -d, -f1; " +
      '[ "$(head -c1 /proc/timer_list | wc -c)" = 1 ] && echo timer_list-readable'], { privileged: true });
    const bounding = /^CapBnd:\s*(\S+)$/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    expect(r.out.split('\n')).to.deep.equal([bounding, '0', 'rw', 'timer_list-readable']);
  });

  it('sets no_new_privileges by default, and not with noNewPrivileges: false', async () => {
    expect((await inside(client, status('NoNewPrivs'))).out).to.equal('1');
    expect((await inside(client, status('NoNewPrivs'), { noNewPrivileges: false })).out).to.equal('0');
  });

  it("applies the default seccomp filter: unshare is refused without CAP_SYS_ADMIN, as Docker's profile does", async () => {
    expect((await inside(client, status('Seccomp'))).out).to.equal('2');
    const r = await inside(client, ['/bin/unshare', '-U', '/bin/true']);
    expect(r.code).to.not.equal(0);
    expect(r.out).to.contain('Operation not permitted');
  });

  it("seccomp: 'unconfined' lets unshare -U through, and mount works with CAP_SYS_ADMIN", async () => {
    const r = await inside(client, ['/bin/sh', '-c',
      "grep '^Seccomp:' /proc/self/status | cut -f2; unshare -U true && echo unshared; mount -t tmpfs none /tmp && echo mounted"],
    { seccomp: 'unconfined', capAdd: ['SYS_ADMIN'] });
    expect(r.out.split('\n')).to.deep.equal(['0', 'unshared', 'mounted']);
  });

  it('the default profile follows the capabilities: mount is allowed with capAdd SYS_ADMIN, refused without', async () => {
    const mount = ['/bin/sh', '-c', 'mount -t tmpfs none /tmp && echo mounted'];
    expect((await inside(client, mount, { capAdd: ['SYS_ADMIN'] })).out).to.equal('mounted');
    // busybox's mount words EPERM as 'permission denied (are you root?)'
    expect((await inside(client, mount)).out.toLowerCase()).to.contain('permission denied').and.not.contain('mounted');
  });

  it('takes a profile object: a syscall it refuses fails with its errno', async () => {
    const r = await inside(client, ['/bin/sh', '-c', 'mkdir /tmp/x; echo done'], {
      seccomp: { defaultAction: 'SCMP_ACT_ALLOW', syscalls: [{ names: ['mkdir', 'mkdirat'], action: 'SCMP_ACT_ERRNO', errnoRet: 13 }] },
    });
    expect(r.out).to.contain('Permission denied').and.contain('done');
  });

  it("masks Docker's paths by default, and maskedPaths/readonlyPaths replace the lists", async () => {
    const probe = ['/bin/sh', '-c', 'wc -c < /proc/timer_list; wc -c < /proc/version; ' +
      'echo probe > /proc/sys/kernel/domainname 2>/dev/null && echo writable || echo read-only'];
    const lines = async (o: Omit<ContainerOptions, 'rootfs' | 'args'>): Promise<string[]> => (await inside(client, probe, o)).out.split('\n').map((l) => l.trim());
    const byDefault = await lines({});
    expect(byDefault[0]).to.equal('0');
    expect(byDefault[1]).to.not.equal('0');
    expect(byDefault[2]).to.equal('read-only');
    const replaced = await lines({ maskedPaths: ['/proc/version'], readonlyPaths: [] });
    expect(replaced[0]).to.not.equal('0');
    expect(replaced[1]).to.equal('0');
    expect(replaced[2]).to.equal('writable');
  });

  it('adds supplementary groups by name and id (groups), and sets the umask', async () => {
    const r = await inside(client, ['/bin/sh', '-c', 'id -G; umask'], { user: 'app', groups: ['users', 4242], umask: 0o027 });
    expect(r.out.split('\n')).to.deep.equal(['1000 50 100 4242', '0027']);
  });

  it('umask applies to the init process only: an exec runs with 0022 (runc), and an exec asking for one is refused', async () => {
    await using container = await client.newContainer(unique('umask'), { rootfs: await sharedRootfs(), args: ['/bin/sleep', '600'], umask: 0o027 });
    await using task = await container.newTask({ stdio: 'ignore' });
    await task.start();
    // measured: the exec's process spec carries the container's umask (0o027, inherited), and runc leaves it at 0022
    expect(container.spec()?.process.user.umask).to.equal(0o027);
    const exec = await task.exec('probe', { args: ['/bin/sh', '-c', 'umask'], stdio: 'pipe' });
    const out = firstValueFrom(exec.io.stdout$.pipe(toArray()));
    const done = exec.wait();
    await exec.start();
    await done;
    expect(Buffer.concat(await out).toString().trim()).to.equal('0022');
    await exec.delete();
    const error = await task.exec('masked', { args: ['/bin/true'], umask: 0o077 } as never).then(() => undefined, (e: unknown) => e);
    expect(error).to.have.property('name', 'InvalidArgumentError');
    expect(String((error as Error).message)).to.contain("umask: runc applies process.user.umask to a container's init process only");
  });

  it("an exec inherits the container's capabilities and groups", async () => {
    await using container = await client.newContainer(unique('secure'), { rootfs: await sharedRootfs(), args: ['/bin/sleep', '600'], capDrop: ['ALL'], groups: [4242] });
    await using task = await container.newTask();
    await task.start();
    await using look = await task.exec('look', { args: ['/bin/sh', '-c', "grep '^CapEff:' /proc/self/status | cut -f2; id -G"], stdio: 'pipe' });
    const out = firstValueFrom(look.io.stdout$.pipe(toArray()));
    const exit = firstValueFrom(look.wait$());
    await look.start();
    await exit;
    expect(Buffer.concat(await out).toString().trim().split('\n')).to.deep.equal(['0000000000000000', '0 4242']);
  });

  it('an exec may add and drop capabilities and add groups for itself', async () => {
    await using container = await client.newContainer(unique('secure'), { rootfs: await sharedRootfs(), args: ['/bin/sleep', '600'], umask: 0o077 });
    await using task = await container.newTask();
    await task.start();
    const script = "grep '^CapEff:' /proc/self/status | cut -f2; id -G; umask";
    const run = async (id: string, options: object): Promise<string[]> => {
      await using p = await task.exec(id, { args: ['/bin/sh', '-c', script], stdio: 'pipe', ...options });
      const out = firstValueFrom(p.io.stdout$.pipe(toArray()));
      const exit = firstValueFrom(p.wait$());
      await p.start();
      await exit;
      return Buffer.concat(await out).toString().trim().split('\n');
    };
    // runc applies the umask to the init process only: an exec runs with 0022
    expect(await run('plain', {})).to.deep.equal(['00000000a80425fb', '0', '0022']);
    const own = await run('own', { capAdd: ['NET_ADMIN'], capDrop: ['KILL'], groups: ['staff', 7] });
    expect(own.slice(0, 2)).to.deep.equal([(0xa80425fb + 0x1000 - 0x20).toString(16).padStart(16, '0'), '0 7 50']);
    const error = await task.exec('bad', { args: ['/bin/true'], capAdd: ['NOPE'] }).then(() => undefined, (e: unknown) => e);
    expect(error).to.have.property('name', 'InvalidArgumentError');
  });

  it('refuses an AppArmor profile on this host, which has no AppArmor, before the daemon sees anything: a HostUnsupportedError saying why', async () => {
    const error = await inside(client, ['/bin/true'], { apparmor: 'docker-default' }).then(() => undefined, (e: unknown) => e);
    expect(error).to.be.instanceOf(HostUnsupportedError).and.instanceOf(InvalidArgumentError);
    expect(error).to.include({ option: 'apparmor', missing: 'AppArmor', code: 'ERR_CONTAINERD_HOST_UNSUPPORTED' });
    expect(String((error as Error).message)).to.contain(`apparmor "docker-default": this host's kernel has no AppArmor (/sys/module/apparmor/parameters/enabled absent)`);
    expect(await client.containers()).to.deep.equal([]);
  });
});
