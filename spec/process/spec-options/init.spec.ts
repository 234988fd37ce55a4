import { expect } from 'chai';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidArgumentError } from '../../../src/client/errors.js';
import { containerSpec, type SpecOptions } from '../../../src/process/oci-spec.js';
import { withZombieStates } from '../../../src/process/pid-states.js';
import { elfLinking } from '../../../src/process/spec-options/static-binary.js';

const spec = (options: Partial<SpecOptions>) => containerSpec('c1', 'ns', { args: ['/bin/sleep', '60'], ...options });

function refused(options: Partial<SpecOptions>, text: string): void {
  expect(() => spec(options)).to.throw(InvalidArgumentError, text);
}

describe('the init option in the spec', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'rxc-init-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('init: true binds tini-static read-only at /sbin/docker-init and puts it before the command, as docker run --init', () => {
    const s = spec({ init: true });
    expect(s.process.args).to.deep.equal(['/sbin/docker-init', '--', '/bin/sleep', '60']);
    expect(s.mounts.at(-1)).to.deep.equal({ destination: '/sbin/docker-init', type: 'bind', source: '/usr/bin/tini-static', options: ['rbind', 'ro'] });
  });

  it('init: { path } binds another static binary; init: false and no init leave the command as PID 1', () => {
    expect(spec({ init: { path: '/bin/busybox' } }).mounts.at(-1)!.source).to.equal('/bin/busybox');
    for (const s of [spec({ init: false }), spec({})]) {
      expect(s.process.args).to.deep.equal(['/bin/sleep', '60']);
      expect(s.mounts.some((m) => m.destination === '/sbin/docker-init')).to.equal(false);
    }
  });

  it('the spec edit sees the init: it runs after it', () => {
    let seen: string[] = [];
    spec({ init: true, spec: (s) => void (seen = s.process.args) });
    expect(seen[0]).to.equal('/sbin/docker-init');
  });

  describe('refuses with InvalidArgumentError naming the option and the path', () => {
    it('a missing binary', () => refused({ init: { path: '/no/such/tini' } }, 'init.path: no init binary at /no/such/tini on this host'));
    it('a file that is not executable', () => {
      const file = join(dir, 'plain');
      writeFileSync(file, 'x', { mode: 0o644 });
      refused({ init: { path: file } }, `init.path: ${file} is not an executable file`);
    });
    it('a dynamically linked binary', () => refused({ init: { path: '/usr/bin/tini' } }, 'init.path: /usr/bin/tini is dynamically linked'));
    it('a script', () => {
      const script = join(dir, 'init.sh');
      writeFileSync(script, '#!/bin/sh\nexec "$@"\n');
      chmodSync(script, 0o755);
      refused({ init: { path: script } }, `init.path: ${script} is not an ELF executable`);
    });
    it('a relative path, or a value of another type', () => {
      refused({ init: { path: 'tini' } }, 'init must be true, false or { path: an absolute host path }, got {"path":"tini"}');
      refused({ init: 'yes' as never }, 'got "yes"');
    });
  });
});

describe('elfLinking', () => {
  it('tells static from dynamic binaries', () => {
    expect(elfLinking('/usr/bin/tini-static')).to.equal('static');
    expect(elfLinking('/usr/bin/tini')).to.equal('dynamic');
    expect(elfLinking('/etc/hostname')).to.equal('not-elf');
  });
});

describe('withZombieStates', () => {
  const pids = [{ pid: process.pid }];
  it('says nothing for a daemon over TCP: its pids are not this host’s', () => {
    expect(withZombieStates(pids, { containerId: 'c', namespace: 'ns', target: 'dns:///10.0.0.1:1234' })).to.equal(pids);
  });
  it('says nothing when no listed process is the child of this task’s shim (another pid namespace)', () => {
    expect(withZombieStates(pids, { containerId: 'c', namespace: 'ns', target: 'unix:///run/containerd/containerd.sock' })).to.equal(pids);
  });
});
