import { expect } from 'chai';
import { InvalidArgumentError } from '../../../src/client/errors.js';
import { containerSpec, type SpecOptions } from '../../../src/process/oci-spec.js';
import { etcFilesText, etcHostname, wantsEtcHosts } from '../../../src/process/spec-options/etc-hosts.js';

const spec = (options: Partial<SpecOptions>) => containerSpec('c1', 'ns', { args: ['/bin/true'], ...options });

function refused(options: Partial<SpecOptions>, text: string | RegExp): void {
  let error: unknown;
  try {
    spec(options);
  } catch (e) {
    error = e;
  }
  expect(error).to.be.instanceOf(InvalidArgumentError);
  if (typeof text === 'string') expect((error as Error).message).to.contain(text);
  else expect((error as Error).message).to.match(text);
}

describe('filesystem options in the spec', () => {
  it('makes a bind mount with rbind, ro and its propagation, and a tmpfs with size and mode', () => {
    const s = spec({ mounts: [
      { type: 'bind', source: '/etc', target: '/host-etc', readonly: true, propagation: 'rslave' },
      { type: 'tmpfs', target: '/scratch', size: 1048576, mode: 0o1777 },
    ] });
    expect(s.mounts).to.deep.include({ destination: '/host-etc', type: 'bind', source: '/etc', options: ['rbind', 'ro', 'rslave'] });
    expect(s.mounts).to.deep.include({ destination: '/scratch', type: 'tmpfs', source: 'tmpfs', options: ['nosuid', 'nodev', 'size=1048576', 'mode=1777'] });
  });

  it('lets a mount replace a default one at the same target', () => {
    const s = spec({ mounts: [{ type: 'tmpfs', target: '/run', size: 4096 }] });
    expect(s.mounts.filter((m) => m.destination === '/run')).to.deep.equal([{ destination: '/run', type: 'tmpfs', source: 'tmpfs', options: ['nosuid', 'nodev', 'size=4096'] }]);
  });

  it('sets root.readonly, the /dev/shm size in bytes and the domain name', () => {
    const s = spec({ readonlyRootfs: true, shmSize: 8 * 1024 * 1024, domainname: 'example.org' });
    expect(s.root.readonly).to.equal(true);
    expect(s.mounts.find((m) => m.destination === '/dev/shm')!.options).to.include('size=8388608').and.not.include('size=65536k');
    expect(s.domainname).to.equal('example.org');
  });

  it("binds the host's resolv.conf and hosts read-only, or the one asked for", () => {
    const all = spec({ hostFiles: true }).mounts.filter((m) => m.destination.startsWith('/etc/'));
    expect(all).to.deep.equal([
      { destination: '/etc/resolv.conf', type: 'bind', source: '/etc/resolv.conf', options: ['rbind', 'ro'] },
      { destination: '/etc/hosts', type: 'bind', source: '/etc/hosts', options: ['rbind', 'ro'] },
    ]);
    expect(spec({ hostFiles: { hosts: true } }).mounts.filter((m) => m.destination.startsWith('/etc/')).map((m) => m.destination)).to.deep.equal(['/etc/hosts']);
    expect(spec({ hostFiles: false }).mounts.some((m) => m.destination.startsWith('/etc/'))).to.equal(false);
  });

  it("etcHosts: Docker's /etc/hosts lines and the hostname (with its domain), /etc/hostname the name alone", () => {
    const { hosts, hostname } = etcFilesText('web', 'example.org', 'newContainer');
    expect(hosts.split('\n')).to.deep.equal([
      '127.0.0.1\tlocalhost', '::1\tlocalhost ip6-localhost ip6-loopback', 'fe00::0\tip6-localnet', 'ff00::0\tip6-mcastprefix',
      'ff02::1\tip6-allnodes', 'ff02::2\tip6-allrouters', '127.0.1.1\tweb.example.org web', '',
    ]);
    expect(hostname).to.equal('web\n');
    expect(etcFilesText('c1', undefined, 'newContainer').hosts).to.contain('127.0.1.1\tc1\n');
    expect(etcHostname('c1', {})).to.equal('c1');
    expect(etcHostname('c1', { hostname: 'web' })).to.equal('web');
  });

  describe("etcHosts refuses what contradicts it, naming both options", () => {
    const check = (options: Parameters<typeof wantsEtcHosts>[0], text: string): void => {
      expect(() => wantsEtcHosts(options, 'newContainer')).to.throw(InvalidArgumentError, text);
    };
    it("the host's network (hostNetwork or network: 'host'): hostFiles is the host's files", () => {
      check({ etcHosts: true, hostNetwork: true }, "etcHosts: the container shares the host's network: use hostFiles");
      check({ etcHosts: true, network: 'host' }, "etcHosts: the container shares the host's network");
    });
    it('a joined network namespace', () => check({ etcHosts: true, network: { path: '/proc/1/ns/net' } }, 'etcHosts: the container joins another network namespace'));
    it('hostFiles giving /etc/hosts too', () => {
      check({ etcHosts: true, hostFiles: true }, 'etcHosts and hostFiles.hosts both give /etc/hosts');
      check({ etcHosts: true, hostFiles: { hosts: true } }, 'etcHosts and hostFiles.hosts both give /etc/hosts');
      expect(wantsEtcHosts({ etcHosts: true, hostFiles: { resolvConf: true } }, 'newContainer')).to.equal(true);
    });
    it('a non-boolean, and a hostname that cannot be a line of /etc/hosts', () => {
      check({ etcHosts: 'yes' as never }, 'etcHosts must be a boolean, got "yes"');
      expect(() => etcFilesText('a b', undefined, 'newContainer')).to.throw(InvalidArgumentError, 'hostname must be 1-64 bytes without spaces');
    });
    it('a spec built alone: newContainer writes the files', () => refused({ etcHosts: true }, 'etcHosts: the files are written by newContainer'));
  });

  describe('refuses with InvalidArgumentError naming the option and the value', () => {
    const cases: Array<[string, Partial<SpecOptions>, string]> = [
      ['a relative bind target', { mounts: [{ type: 'bind', source: '/etc', target: 'etc' }] }, 'mounts[0].target must be an absolute path, got "etc"'],
      ['a relative tmpfs target', { mounts: [{ type: 'tmpfs', target: 'tmp' }] }, 'mounts[0].target must be an absolute path'],
      ['a relative bind source', { mounts: [{ type: 'bind', source: 'etc', target: '/x' }] }, 'mounts[0].source must be an absolute path, got "etc"'],
      ['a bind source that does not exist', { mounts: [{ type: 'bind', source: '/no/such/dir', target: '/x' }] }, 'mounts[0].source "/no/such/dir" does not exist'],
      ['an unknown propagation', { mounts: [{ type: 'bind', source: '/etc', target: '/x', propagation: 'slaveish' as 'slave' }] }, 'mounts[0].propagation must be one of'],
      ['a non-boolean readonly', { mounts: [{ type: 'bind', source: '/etc', target: '/x', readonly: 'yes' as unknown as boolean }] }, 'mounts[0].readonly must be a boolean'],
      ['an unknown mount type', { mounts: [{ type: 'nfs', target: '/x' } as never] }, `mounts[0].type must be 'bind' or 'tmpfs', got "nfs"`],
      ['a fractional tmpfs size', { mounts: [{ type: 'tmpfs', target: '/x', size: 1.5 }] }, 'mounts[0].size must be a positive whole number of bytes, got 1.5'],
      ['a negative tmpfs size', { mounts: [{ type: 'tmpfs', target: '/x', size: -1 }] }, 'mounts[0].size must be a positive whole number of bytes, got -1'],
      ['a tmpfs mode out of range', { mounts: [{ type: 'tmpfs', target: '/x', mode: 0o17777 }] }, 'mounts[0].mode must be a file mode'],
      ['mounts that are no array', { mounts: 'x' as never }, 'mounts must be an array'],
      ['a zero shmSize', { shmSize: 0 }, 'shmSize must be a positive whole number of bytes, got 0'],
      ['a shmSize as text', { shmSize: '64m' as never }, 'shmSize must be a positive whole number of bytes, got "64m"'],
      ['a non-boolean readonlyRootfs', { readonlyRootfs: 1 as never }, 'readonlyRootfs must be a boolean, got 1'],
      ['a domainname with a space', { domainname: 'a b' }, 'domainname must be 1-64 bytes'],
      ['a domainname too long', { domainname: 'd'.repeat(65) }, 'domainname must be 1-64 bytes'],
      ['an unknown hostFiles key', { hostFiles: { hostname: true } as never }, 'hostFiles.hostname is not an option'],
      ['hostFiles of the wrong type', { hostFiles: 'yes' as never }, 'hostFiles must be a boolean or'],
    ];
    for (const [name, options, text] of cases) it(name, () => refused(options, text));
  });
});
