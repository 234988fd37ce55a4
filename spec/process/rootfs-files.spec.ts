import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { layerFolders, readRootfsEtc, readRootfsFile } from '../../src/process/rootfs-files.js';

describe('reading a root filesystem from its mounts, without mounting', () => {
  let root: string;
  /** Writes `files` (path: content) into the layer folder `layer`. */
  const layer = (name: string, files: Record<string, string> = {}): string => {
    const dir = join(root, name);
    mkdirSync(dir, { recursive: true });
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), content);
    }
    return dir;
  };
  const overlay = (upper: string, ...lower: string[]) => [{ type: 'overlay', source: 'overlay', options: ['index=off', `upperdir=${upper}`, `workdir=${root}/work`, `lowerdir=${lower.join(':')}`] }];
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'rxc-layers-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it("an overlay's folders are the upperdir then each lowerdir in order; a bind mount's its source", () => {
    expect(layerFolders(overlay('/u', '/l1', '/l2'))).to.deep.equal(['/u', '/l1', '/l2']);
    expect(layerFolders([{ type: 'overlay', source: 'overlay', options: ['lowerdir=/a:/b'] }])).to.deep.equal(['/a', '/b']);
    expect(layerFolders([{ type: 'bind', source: '/snap/fs', options: ['rbind', 'ro'] }])).to.deep.equal(['/snap/fs']);
    expect(layerFolders([{ type: 'tmpfs', source: 'tmpfs' }])).to.deep.equal([]);
  });

  it('a file is the topmost layer that has it', () => {
    const low = layer('low', { 'etc/passwd': 'low\n', 'etc/group': 'grp\n' });
    const up = layer('up', { 'etc/passwd': 'up\n' });
    expect(readRootfsEtc(overlay(up, low))).to.deep.equal({ passwd: 'up\n', group: 'grp\n' });
    expect(readRootfsFile([{ type: 'bind', source: low }], '/etc/passwd')).to.equal('low\n');
  });

  it('a whiteout above hides it: a .wh. file, or a 0/0 character device', () => {
    const low = layer('low', { 'etc/passwd': 'low\n', 'etc/group': 'grp\n' });
    const mid = layer('mid', { 'etc/.wh.passwd': '' });
    const up = layer('up', { 'x/y': '' });
    expect(readRootfsFile(overlay(up, mid, low), '/etc/passwd')).to.equal(undefined);
    mkdirSync(join(up, 'etc'));
    execFileSync('mknod', [join(up, 'etc', 'group'), 'c', '0', '0']);
    expect(readRootfsFile(overlay(up, low), '/etc/group')).to.equal(undefined);
    expect(readRootfsEtc(overlay(up, low))).to.deep.equal({ passwd: 'low\n' });
  });

  it('an opaque folder (.wh..wh..opq) hides what the layers below have in it', () => {
    const low = layer('low', { 'etc/passwd': 'low\n', 'etc/hosts': 'h\n' });
    const up = layer('up', { 'etc/.wh..wh..opq': '', 'etc/hosts': 'up\n' });
    expect(readRootfsFile(overlay(up, low), '/etc/passwd')).to.equal(undefined);
    expect(readRootfsFile(overlay(up, low), '/etc/hosts')).to.equal('up\n');
  });

  it('a symbolic link is followed inside the root filesystem, across layers', () => {
    const low = layer('low', { 'usr/lib/passwd': 'real\n' });
    const up = layer('up');
    mkdirSync(join(up, 'etc'));
    symlinkSync('/usr/lib/passwd', join(up, 'etc', 'passwd'));
    symlinkSync('../usr/lib/passwd', join(up, 'etc', 'relative'));
    expect(readRootfsFile(overlay(up, low), '/etc/passwd')).to.equal('real\n');
    expect(readRootfsFile(overlay(up, low), '/etc/relative')).to.equal('real\n');
  });

  it('a missing file, a folder, or mounts it cannot read give nothing', () => {
    const low = layer('low', { 'etc/x': '' });
    expect(readRootfsFile(overlay(layer('up'), low), '/etc/passwd')).to.equal(undefined);
    expect(readRootfsFile(overlay(layer('up'), low), '/etc')).to.equal(undefined);
    expect(readRootfsEtc([{ type: 'tmpfs', source: 'tmpfs' }])).to.deep.equal({});
  });
});
