import { expect } from 'chai';
import { existsSync } from 'node:fs';
import { cli, ctrlC, killLeftovers, until } from '../support/cli.js';

/** Whether process `pid` still exists. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('rx-containerd demo', () => {
  afterEach(killLeftovers);

  it('runs a supervised set on its own private containerd and exits 0 with nothing left', async function () {
    this.timeout(60_000);
    const r = cli(['demo', '--seconds', '3']);
    expect(await r.exited).to.equal(0);
    expect(r.stdout).to.match(/crashy\s+backing off 200 ms/);
    expect(r.stdout).to.match(/crashy\s+backing off 400 ms/);
    expect(r.stdout).to.match(/web\s+healthy/);
    expect(r.stdout).to.match(/exec hello exited with code 3/);
    expect(r.stdout).to.contain('containers left: 0');
    const socket = /socket (\S+)/.exec(r.stdout)?.[1];
    expect(socket).to.be.a('string');
    expect(existsSync(socket!)).to.equal(false); // its daemon and temp directory are gone
    if (existsSync('/usr/bin/docker-registry')) {
      // its image came from a private registry, pulled blob by blob, and that registry is stopped
      expect(r.stdout).to.match(/^pulling 127\.0\.0\.1:\d+\/rx-containerd-demo\/busybox:1 from a private registry/m);
      expect(r.stdout.split('\n').filter((l) => /^ {2}pull: done +sha256:/.test(l)).length).to.equal(3); // config and two layers
      expect(r.stdout).to.match(/^ {2}pull: unpacking$/m);
      expect(alive(Number(/docker-registry, pid (\d+)/.exec(r.stdout)![1]))).to.equal(false);
    } else {
      expect(r.stdout).to.match(/^imported /m);
    }
  });

  it('interrupted with Ctrl-C stops gracefully, cleans up and exits 130', async function () {
    this.timeout(60_000);
    const r = cli(['demo', '--seconds', '60'], { group: true });
    await until(() => r.stdout.includes('started, pid'));
    ctrlC(r); // the whole group: its private containerd must not get it, or the graceful stop has no daemon
    expect(await r.exited).to.equal(130);
    expect(r.stdout).to.match(/supervisor stopped \(requested\)/);
    expect(r.stdout).to.contain('containers left: 0');
    const socket = /socket (\S+)/.exec(r.stdout)?.[1];
    expect(existsSync(socket!)).to.equal(false);
  });
});
