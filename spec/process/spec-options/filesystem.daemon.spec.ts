import { expect } from 'chai';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidArgumentError } from '../../../src/client/errors.js';
import type { Client } from '../../../src/process/client.js';
import { sharedRootfs, testClient, track, unique } from '../../support/daemon.js';
import { ETC_FILES_LABEL } from '../../../src/process/spec-options/etc-hosts.js';
import { connect } from '../../../src/process/client.js';
import { runToEnd } from '../../support/run-to-end.js';
import { inside } from './inside.js';

/** A client of `namespace` on the same daemon as `like`, closed with the suite's clients. */
function connectTo(like: Client, namespace: string): Client {
  return track(connect({ address: like.address, namespace }));
}

describe('filesystem options, seen from inside the container', function () {
  this.timeout(60_000);
  let client: Client;
  let rootfs: string;
  let host: string;
  beforeEach(async () => {
    client = await testClient();
    rootfs = await sharedRootfs();
    host = mkdtempSync(join(tmpdir(), 'rxc-mounts-'));
    writeFileSync(join(host, 'greeting'), 'hello from the host\n');
  });
  afterEach(() => rmSync(host, { recursive: true, force: true }));

  // targets under /run (a tmpfs) so that no mount point is left in the shared rootfs
  it('shows a bind mount, writable or read-only (a write refused)', async () => {
    const r = await inside(client, rootfs, unique('bind'), { mounts: [
      { type: 'bind', source: host, target: '/run/data' },
      { type: 'bind', source: host, target: '/run/ro', readonly: true },
    ] }, 'cat /run/data/greeting; echo made > /run/data/made && echo wrote; echo no > /run/ro/refused || echo refused');
    expect(r.stdout).to.match(/^hello from the host\nwrote\n.*Read-only file system\nrefused\n$/s);
    expect(readFileSync(join(host, 'made'), 'utf8')).to.equal('made\n');
    expect(existsSync(join(host, 'refused'))).to.equal(false);
  });

  it('sets the propagation of a bind mount (mountinfo shows it shared)', async () => {
    const r = await inside(client, rootfs, unique('prop'), { mounts: [
      { type: 'bind', source: host, target: '/run/shared', propagation: 'rshared' },
      { type: 'bind', source: host, target: '/run/private', propagation: 'rprivate' },
    ] }, 'grep -E " /run/(shared|private) " /proc/self/mountinfo');
    const line = (target: string) => r.stdout.split('\n').find((l) => l.split(' ')[4] === target) ?? '';
    expect(line('/run/shared')).to.match(/ shared:\d+/);
    expect(line('/run/private')).to.not.match(/ (shared|master):\d+/);
  });

  it('mounts a tmpfs of the given size and mode', async () => {
    const r = await inside(client, rootfs, unique('tmpfs'), { mounts: [{ type: 'tmpfs', target: '/run/scratch', size: 2 * 1024 * 1024, mode: 0o1777 }] },
      "df -k /run/scratch | tail -1 | awk '{print $2}'; stat -c %a /run/scratch");
    expect(r.stdout).to.equal('2048\n1777\n');
  });

  it('refuses writes to a read-only root', async () => {
    const r = await inside(client, rootfs, unique('rofs'), { readonlyRootfs: true }, 'touch /should-not-be; echo $?; grep " / " /proc/mounts | cut -d" " -f4');
    expect(r.stdout).to.match(/Read-only file system\n1\nro,/);
    expect(existsSync(join(rootfs, 'should-not-be'))).to.equal(false);
  });

  it('sizes /dev/shm in bytes', async () => {
    const r = await inside(client, rootfs, unique('shm'), { shmSize: 8 * 1024 * 1024 }, "df -k /dev/shm | tail -1 | awk '{print $2}'");
    expect(r.stdout).to.equal('8192\n');
  });

  it('sets the hostname and the domain name', async () => {
    const r = await inside(client, rootfs, unique('names'), { hostname: 'web', domainname: 'example.org' }, 'hostname; cat /proc/sys/kernel/domainname');
    expect(r.stdout).to.equal('web\nexample.org\n');
  });

  it("shows the host's resolv.conf and hosts, read-only", async () => {
    const r = await inside(client, rootfs, unique('etc'), { hostFiles: true }, 'cat /etc/resolv.conf; echo ---; cat /etc/hosts; echo x >> /etc/hosts || echo refused');
    expect(r.stdout).to.equal(`${readFileSync('/etc/resolv.conf', 'utf8')}---\n${readFileSync('/etc/hosts', 'utf8')}/bin/sh: can't create /etc/hosts: Read-only file system\nrefused\n`);
  });

  describe("etcHosts: Docker's generated /etc/hosts and /etc/hostname", () => {
    const etcFolders = (c: Client): string[] => (c.ioDir === undefined ? [] : readdirSync(c.ioDir).filter((n) => n.startsWith('etc-')));

    it('shows them from inside (cat /etc/hosts, hostname, cat /etc/hostname); the folder is gone after delete', async () => {
      const id = unique('etchosts');
      const container = await client.newContainer(id, { rootfs, etcHosts: true, hostname: 'web', domainname: 'example.org',
        args: ['/bin/sh', '-c', 'cat /etc/hosts; echo ---; hostname; cat /etc/hostname'] });
      const folder = container.labels[ETC_FILES_LABEL]!;
      expect(folder.startsWith(`${client.ioDir}/etc-${id}-`)).to.equal(true);
      expect(readdirSync(folder).sort()).to.deep.equal(['hostname', 'hosts']);
      const r = await runToEnd(await container.newTask({ stdio: 'pipe' }));
      expect(r.stdout).to.equal([
        '127.0.0.1\tlocalhost', '::1\tlocalhost ip6-localhost ip6-loopback', 'fe00::0\tip6-localnet', 'ff00::0\tip6-mcastprefix',
        'ff02::1\tip6-allnodes', 'ff02::2\tip6-allrouters', '127.0.1.1\tweb.example.org web', '---', 'web', 'web', '',
      ].join('\n'));
      await container.delete();
      expect(existsSync(folder)).to.equal(false);
    });

    it('another client deleting the container removes the folder its label names', async () => {
      const id = unique('etcother');
      const container = await client.newContainer(id, { rootfs, args: ['/bin/true'], etcHosts: true });
      const folder = container.labels[ETC_FILES_LABEL]!;
      expect(readFileSync(join(folder, 'hostname'), 'utf8')).to.equal(`${id}\n`);
      const other = await testClient();
      const theirs = await connectTo(other, client.namespace).loadContainer(id);
      await theirs.delete();
      expect(existsSync(folder)).to.equal(false);
    });

    it("run's cleanup removes it, and a creation the daemon refuses leaves no folder", async () => {
      const r = await client.run(rootfs, ['/bin/sh', '-c', 'grep -c localhost /etc/hosts; cat /etc/hostname'], { etcHosts: true, hostname: 'job' });
      expect(r.stdout).to.equal('2\njob');
      expect(etcFolders(client)).to.deep.equal([]);
      const id = unique('etctaken');
      const first = await client.newContainer(id, { rootfs, args: ['/bin/true'] });
      const error = await client.newContainer(id, { rootfs, args: ['/bin/true'], etcHosts: true }).catch((e: unknown) => e);
      expect(error).to.have.property('name', 'AlreadyExistsError');
      expect(etcFolders(client)).to.deep.equal([]);
      await first.delete();
    });

    it("with the host's network, hostFiles gives the host's files, and etcHosts is refused before anything is made", async () => {
      const id = unique('etchost');
      const error = await client.newContainer(id, { rootfs, args: ['/bin/true'], etcHosts: true, network: 'host' }).catch((e: unknown) => e);
      expect(error).to.be.instanceOf(InvalidArgumentError);
      expect((error as Error).message).to.contain("etcHosts: the container shares the host's network: use hostFiles");
      expect((await client.containers()).map((c) => c.id)).to.not.include(id);
      expect(etcFolders(client)).to.deep.equal([]);
    });
  });

  it('refuses a bad mount before the daemon sees it: nothing created', async () => {
    const id = unique('badmount');
    const error = await client.newContainer(id, { rootfs, args: ['/bin/true'], mounts: [{ type: 'bind', source: join(host, 'absent'), target: '/x' }] }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(InvalidArgumentError);
    expect((error as Error).message).to.contain('mounts[0].source').and.contain('does not exist');
    expect((await client.containers()).map((c) => c.id)).to.not.include(id);
  });
});
