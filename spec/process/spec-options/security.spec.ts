import { expect } from 'chai';
import { InvalidArgumentError } from '../../../src/client/errors.js';
import { containerSpec, type SpecOptions } from '../../../src/process/oci-spec.js';
import { imageSpec } from '../../../src/process/image-spec.js';
import { allCapabilities, capabilityName, capabilitySet, defaultCapabilities } from '../../../src/process/spec-options/capabilities.js';
import { defaultSeccompProfile } from '../../../src/process/spec-options/seccomp-default.js';
import { defaultMaskedPaths, defaultReadonlyPaths } from '../../../src/process/spec-options/security.js';

const spec = (options: Omit<SpecOptions, 'args'>) => containerSpec('c', 'ns', { args: ['/bin/true'], ...options });

/** The message of the InvalidArgumentError that building a spec with `options` throws. */
function refusal(options: Record<string, unknown>): string {
  try {
    spec(options as Omit<SpecOptions, 'args'>);
  } catch (error) {
    expect(error).to.be.instanceOf(InvalidArgumentError);
    return (error as Error).message;
  }
  return expect.fail('the spec was built');
}

describe('security options (pure)', () => {
  it("by default: Docker's capabilities, no_new_privileges, the default seccomp profile, Docker's masked and read-only paths", () => {
    const s = spec({});
    expect(s.process.capabilities?.effective).to.deep.equal(defaultCapabilities);
    expect(s.process.capabilities?.inheritable).to.deep.equal([]);
    expect(s.process.noNewPrivileges).to.equal(true);
    expect(s.linux.seccomp).to.deep.equal(defaultSeccompProfile(defaultCapabilities));
    expect(s.linux.maskedPaths).to.include.members(['/proc/asound', '/proc/kcore', '/proc/keys', '/sys/firmware']).and.deep.equal([...defaultMaskedPaths]);
    expect(s.linux.readonlyPaths).to.deep.equal(['/proc/bus', '/proc/fs', '/proc/irq', '/proc/sys', '/proc/sysrq-trigger']).and.deep.equal([...defaultReadonlyPaths]);
  });

  it("names capabilities in any case, with or without CAP_, and 'ALL'", () => {
    expect(capabilityName('net_admin', 'capAdd', 'x')).to.equal('CAP_NET_ADMIN');
    expect(capabilityName('CAP_SYS_ADMIN', 'capAdd', 'x')).to.equal('CAP_SYS_ADMIN');
    expect(capabilityName('all', 'capDrop', 'x')).to.equal('ALL');
    expect(allCapabilities).to.have.length(41);
  });

  it('computes the set as Docker: drop ALL then add, add wins over drop', () => {
    expect(capabilitySet(defaultCapabilities, ['CAP_NET_ADMIN'], ['ALL'])).to.deep.equal(['CAP_NET_ADMIN']);
    expect(capabilitySet(defaultCapabilities, ['CAP_KILL'], ['CAP_KILL'])).to.include('CAP_KILL');
    expect(capabilitySet(defaultCapabilities, [], ['CAP_KILL'])).to.not.include('CAP_KILL');
  });

  it('the default profile allows mount and unshare only with CAP_SYS_ADMIN, and makes clone3 ENOSYS without it', () => {
    const names = (caps: readonly string[]) => defaultSeccompProfile(caps, 'x64').syscalls!.filter((r) => r.action === 'SCMP_ACT_ALLOW').flatMap((r) => r.names);
    expect(names(defaultCapabilities)).to.include('read').and.include('arch_prctl').and.not.include('mount').and.not.include('unshare');
    expect(names([...defaultCapabilities, 'CAP_SYS_ADMIN'])).to.include('mount').and.include('unshare');
    const profile = defaultSeccompProfile(defaultCapabilities, 'x64');
    expect(profile).to.include({ defaultAction: 'SCMP_ACT_ERRNO', defaultErrnoRet: 1 });
    expect(profile.architectures).to.deep.equal(['SCMP_ARCH_X86_64', 'SCMP_ARCH_X86', 'SCMP_ARCH_X32']);
    expect(profile.syscalls).to.deep.include({ names: ['clone3'], action: 'SCMP_ACT_ERRNO', errnoRet: 38 });
  });

  it('privileged: every capability of the host, no seccomp, no masked or read-only paths, /sys rw, all devices', () => {
    const s = spec({ privileged: true });
    expect(s.process.capabilities?.bounding.length).to.be.greaterThan(defaultCapabilities.length);
    expect(s.linux.seccomp).to.equal(undefined);
    expect(s.linux.maskedPaths).to.deep.equal([]);
    expect(s.linux.readonlyPaths).to.deep.equal([]);
    expect(s.mounts.find((m) => m.destination === '/sys')?.options).to.include('rw').and.not.include('ro');
    expect(s.linux.resources?.devices).to.deep.equal([{ allow: true, access: 'rwm' }]);
  });

  it("seccomp 'unconfined' sets none; a profile object is used as given", () => {
    expect(spec({ seccomp: 'unconfined' }).linux.seccomp).to.equal(undefined);
    const profile = { defaultAction: 'SCMP_ACT_ALLOW' };
    expect(spec({ seccomp: profile }).linux.seccomp).to.equal(profile);
  });

  it('groups by number (rootfs-less) and umask go on process.user', () => {
    expect(spec({ groups: [10, '20'], umask: 0o077 }).process.user).to.deep.equal({ uid: 0, gid: 0, additionalGids: [10, 20], umask: 0o077 });
  });

  it("an image container's groups are looked up in the image's /etc/group and keep the image user's groups", () => {
    const s = imageSpec('c', 'ns', { config: { Cmd: ['/bin/true'], User: 'app' } } as never, { groups: ['wheel'], umask: 0o002 },
      { passwd: 'app:x:1000:1000::/:/bin/sh\n', group: 'staff:x:50:app\nwheel:x:10:\n' }, 'newContainer');
    expect(s.process.user).to.deep.include({ uid: 1000, gid: 1000, umask: 0o002 });
    expect(s.process.user.additionalGids).to.include.members([50, 10]);
  });

  const bad: Array<[string, Record<string, unknown>, string]> = [
    ['an unknown capability', { capAdd: ['NET_ADMINN'] }, 'NET_ADMINN'],
    ['a capability that is not a string', { capDrop: [12] }, 'capDrop'],
    ['capAdd not an array', { capAdd: 'NET_ADMIN' }, 'capAdd'],
    ['privileged not a boolean', { privileged: 'yes' }, 'privileged'],
    ['noNewPrivileges not a boolean', { noNewPrivileges: 1 }, 'noNewPrivileges'],
    ['an unknown seccomp word', { seccomp: 'strict' }, 'seccomp'],
    ['a profile without defaultAction', { seccomp: { syscalls: [] } }, 'defaultAction'],
    ['a profile rule without names', { seccomp: { defaultAction: 'SCMP_ACT_ERRNO', syscalls: [{ action: 'SCMP_ACT_ALLOW' }] } }, 'names'],
    ['a profile rule with a bad action', { seccomp: { defaultAction: 'SCMP_ACT_ERRNO', syscalls: [{ names: ['read'], action: 'allow' }] } }, 'action'],
    ['a profile with a bad errno', { seccomp: { defaultAction: 'SCMP_ACT_ERRNO', defaultErrnoRet: -1 } }, 'defaultErrnoRet'],
    ['a profile arg with a bad op', { seccomp: { defaultAction: 'SCMP_ACT_ERRNO', syscalls: [{ names: ['read'], action: 'SCMP_ACT_ALLOW', args: [{ index: 0, value: 1, op: 'EQ' }] }] } }, 'args'],
    ['a profile with a bad architecture', { seccomp: { defaultAction: 'SCMP_ACT_ERRNO', architectures: ['x86_64'] } }, 'architectures'],
    ['an AppArmor profile on a host without AppArmor', { apparmor: 'docker-default' }, 'no AppArmor'],
    ['an empty AppArmor name', { apparmor: '' }, 'apparmor'],
    ['a relative masked path', { maskedPaths: ['proc/kcore'] }, 'maskedPaths'],
    ['readonlyPaths not an array', { readonlyPaths: '/proc/sys' }, 'readonlyPaths'],
    ['an unknown group name', { groups: ['wheel'] }, 'wheel'],
    ['a negative group id', { groups: [-1] }, 'groups'],
    ['a fractional group id', { groups: [1.5] }, 'groups'],
    ['groups not an array', { groups: 10 }, 'groups'],
    ['a umask above 0o777', { umask: 0o1000 }, 'umask'],
    ['a negative umask', { umask: -1 }, 'umask'],
    ['a fractional umask', { umask: 1.5 }, 'umask'],
  ];
  for (const [what, options, named] of bad) {
    it(`refuses ${what}, naming it`, () => {
      expect(refusal(options)).to.contain(named);
    });
  }
});
