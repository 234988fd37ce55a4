import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const mainJs = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

describe('demo on a machine without containerd', () => {
  let bin: string;
  const marker = (): string => join(bin, 'apt-get-ran');

  // a PATH with a shell and an apt-get that only notes it ran: containerd and runc are missing
  beforeEach(() => {
    bin = mkdtempSync(join(tmpdir(), 'rxc-path-'));
    symlinkSync('/bin/sh', join(bin, 'sh'));
    writeFileSync(join(bin, 'apt-get'), `#!/bin/sh\necho "$@" >> ${marker()}\nexit 1\n`);
    chmodSync(join(bin, 'apt-get'), 0o755);
  });
  afterEach(() => rmSync(bin, { recursive: true, force: true }));

  const demo = (...args: string[]) =>
    spawnSync(process.execPath, [mainJs, 'demo', ...args], { encoding: 'utf8', env: { ...process.env, PATH: bin }, timeout: 30_000 });

  it('never runs apt-get unasked: it names the packages and the --install flag, and exits 2', () => {
    const r = demo('--seconds', '1');
    expect(r.status, r.stderr).to.equal(2);
    expect(r.stderr).to.contain('containerd, runc').and.contain('--install');
    expect(existsSync(marker()), 'apt-get ran').to.equal(false);
  });

  it('with --install runs apt-get (as root), and reports its failure', function () {
    if (process.getuid?.() !== 0) this.skip();
    const r = demo('--seconds', '1', '--install');
    expect(r.status).to.not.equal(0);
    expect(existsSync(marker()), 'apt-get ran').to.equal(true);
    expect(r.stderr).to.contain('apt-get update failed');
  });
});
