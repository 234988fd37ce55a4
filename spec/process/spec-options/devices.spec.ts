import { expect } from 'chai';
import { InvalidArgumentError } from '../../../src/client/errors.js';
import { containerSpec, type SpecOptions } from '../../../src/process/oci-spec.js';

const spec = (options: Partial<SpecOptions>) => containerSpec('c1', 'ns', { args: ['/bin/true'], ...options });

function refused(options: Partial<SpecOptions>, text: string): void {
  expect(() => spec(options)).to.throw(InvalidArgumentError, text);
}

describe('device options in the spec', () => {
  it("makes a host device with its type, numbers and mode, at containerPath, allowed with its permissions", () => {
    const s = spec({ devices: [{ path: '/dev/null', containerPath: '/dev/nothing', permissions: 'rw' }] });
    expect(s.linux.devices).to.deep.equal([{ path: '/dev/nothing', type: 'c', major: 1, minor: 3, fileMode: 0o666, uid: 0, gid: 0 }]);
    expect(s.linux.resources!.devices).to.deep.equal([{ allow: false, access: 'rwm' }, { allow: true, type: 'c', major: 1, minor: 3, access: 'rw' }]);
  });

  it("adds device cgroup rules in docker's syntax, '*' as any number", () => {
    const s = spec({ deviceCgroupRules: ['c 1:3 rwm', 'b *:* r', 'a 7:* m'] });
    expect(s.linux.resources!.devices).to.deep.equal([
      { allow: false, access: 'rwm' },
      { allow: true, type: 'c', major: 1, minor: 3, access: 'rwm' },
      { allow: true, type: 'b', access: 'r' },
      { allow: true, type: 'a', major: 7, access: 'm' },
    ]);
  });

  describe('refuses with InvalidArgumentError naming the option and the value', () => {
    it('a path that is no device', () => refused({ devices: [{ path: '/etc/hosts' }] }, 'devices[0].path "/etc/hosts" is not a device'));
    it('a path that does not exist', () => refused({ devices: [{ path: '/dev/no-such-device' }] }, 'devices[0].path "/dev/no-such-device" does not exist'));
    it('a relative path', () => refused({ devices: [{ path: 'dev/null' }] }, 'devices[0].path must be an absolute path, got "dev/null"'));
    it('a relative containerPath', () => refused({ devices: [{ path: '/dev/null', containerPath: 'null' }] }, 'devices[0].containerPath must be an absolute path'));
    it('permissions outside rwm', () => refused({ devices: [{ path: '/dev/null', permissions: 'rx' }] }, `devices[0].permissions must be a subset of 'rwm' (e.g. 'rw'), got "rx"`));
    it('repeated permissions', () => refused({ devices: [{ path: '/dev/null', permissions: 'rr' }] }, 'devices[0].permissions must be a subset'));
    it('devices that are no array', () => refused({ devices: '/dev/null' as never }, 'devices must be an array'));
    for (const rule of ['c 1:3', 'x 1:3 rwm', 'c 1-3 rwm', 'c 1:3 rwx', 'c 1:3 rrr', 'c  1:3 rwm']) {
      it(`the rule ${JSON.stringify(rule)}`, () => refused({ deviceCgroupRules: [rule] }, `deviceCgroupRules[0] must`));
    }
    it('rules that are no array', () => refused({ deviceCgroupRules: 'c 1:3 rwm' as never }, 'deviceCgroupRules must be an array'));
  });
});
