import { expect } from 'chai';
import { sharedRootfs, testClient } from '../support/daemon.js';
import { cli, ctrlC, killLeftovers, until } from '../support/cli.js';

describe('rx-containerd run --init', function () {
  this.timeout(120_000);
  afterEach(killLeftovers);

  async function run(args: string[], options: Parameters<typeof cli>[1] = {}) {
    const client = await testClient();
    return { client, r: cli(['run', '-a', client.address, '-n', client.namespace, '--rootfs', await sharedRootfs(), ...args], options) };
  }

  it('runs tini as PID 1 with the command after it, leaving nothing behind', async () => {
    const { client, r } = await run(['--init', '--', '/bin/sh', '-c', "tr '\\0' ' ' < /proc/1/cmdline"]);
    expect(await r.exited).to.equal(0);
    expect(r.stdout.trim()).to.equal("/sbin/docker-init -- /bin/sh -c tr '\\0' ' ' < /proc/1/cmdline");
    expect(await client.containers()).to.deep.equal([]);
  });

  it("Ctrl-C's SIGTERM reaches a command that has no handler for it (sleep as PID 1 would wait for the SIGKILL)", async () => {
    const { r } = await run(['--init', '--grace', '60000', '--', '/bin/sh', '-c', 'echo ready; exec sleep 60'], { group: true });
    await until(() => r.stdout.includes('ready'), 60_000);
    ctrlC(r);
    expect(await r.exited).to.equal(143); // SIGTERM's own exit, well before the 60 s grace period
  });
});
