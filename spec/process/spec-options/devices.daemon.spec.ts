import { expect } from 'chai';
import type { Client } from '../../../src/process/client.js';
import { sharedRootfs, testClient, unique } from '../../support/daemon.js';
import { inside } from './inside.js';

describe('device options, seen from inside the container', function () {
  this.timeout(60_000);
  let client: Client;
  let rootfs: string;
  beforeEach(async () => {
    client = await testClient();
    rootfs = await sharedRootfs();
  });

  // /dev/fuse (10:229) is not among the devices runc allows by default (null, zero, full, random, urandom, tty, tun...);
  // opening it does nothing until a filesystem is mounted with it
  it('makes a host device at its containerPath, usable with the permissions given only', async () => {
    const r = await inside(client, rootfs, unique('dev'), { devices: [{ path: '/dev/fuse', containerPath: '/dev/hostfuse', permissions: 'r' }] },
      'stat -c "%F %t:%T" /dev/hostfuse; dd if=/dev/hostfuse of=/dev/null count=0 2>/dev/null && echo read; echo x > /dev/hostfuse || echo no write');
    expect(r.stdout).to.match(/^character special file a:e5\nread\n.*Operation not permitted\nno write\n$/s);
  });

  it('a device cgroup rule lets the container use a device node it otherwise may not', async () => {
    // runc allows mknod of any node (c *:* m); opening one is what the device cgroup decides
    const script = 'mknod /dev/mine c 10 229 && echo made; dd if=/dev/mine of=/dev/null count=0 2>/dev/null && echo opened || echo refused';
    const denied = await inside(client, rootfs, unique('norule'), {}, script);
    expect(denied.stdout).to.equal('made\nrefused\n');
    const allowed = await inside(client, rootfs, unique('rule'), { deviceCgroupRules: ['c 10:229 r'] }, script);
    expect(allowed.stdout).to.equal('made\nopened\n');
  });
});
