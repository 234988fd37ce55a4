import { expect } from 'chai';
import { InvalidArgumentError } from '../../src/client/errors.js';
import { DEFAULT_PATH, imageProcess, mergeEnv } from '../../src/images/image-process.js';
import type { ImageConfig, ImageRunConfig } from '../../src/images/oci-types.js';

const etc = {
  passwd: 'root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000::/home/app:/bin/sh\nnobody:x:65534:65534::/:/bin/false\n',
  group: 'root:x:0:\nstaff:x:50:app\nusers:x:100:app,nobody\napp:x:1000:\nnogroup:x:65534:\n',
};
const image = (config: ImageRunConfig): ImageConfig => ({ architecture: 'amd64', os: 'linux', config, rootfs: { type: 'layers', diff_ids: [] } });
const web = image({ Entrypoint: ['/bin/httpd', '-f'], Cmd: ['-p', '80'], Env: ['PATH=/app/bin', 'MODE=prod', 'LANG=C'], WorkingDir: '/srv', User: 'app', StopSignal: 'SIGQUIT' });

describe('images/image-process: the process of a container from its image config', () => {
  it('runs Entrypoint then Cmd, in WorkingDir, with the image\'s Env after containerd\'s default PATH', () => {
    const p = imageProcess(web, {}, etc);
    expect(p.args).to.deep.equal(['/bin/httpd', '-f', '-p', '80']);
    expect(p.cwd).to.equal('/srv');
    expect(p.env).to.deep.equal(['PATH=/app/bin', 'MODE=prod', 'LANG=C']);
    expect(p.stopSignal).to.equal('SIGQUIT');
  });

  it('args replace Cmd and keep the Entrypoint; entrypoint replaces the Entrypoint', () => {
    expect(imageProcess(web, { args: ['-p', '8080'] }, etc).args).to.deep.equal(['/bin/httpd', '-f', '-p', '8080']);
    expect(imageProcess(web, { entrypoint: ['/bin/sh', '-c'], args: ['echo hi'] }, etc).args).to.deep.equal(['/bin/sh', '-c', 'echo hi']);
    expect(imageProcess(web, { entrypoint: [] }, etc).args).to.deep.equal(['-p', '80']);
  });

  it('the caller\'s env replaces the image\'s by name where it stands, adds new ones at the end, and NAME alone removes one', () => {
    const p = imageProcess(web, { env: ['MODE=dev', 'PORT=8080', 'LANG'] }, etc);
    expect(p.env).to.deep.equal(['PATH=/app/bin', 'MODE=dev', 'PORT=8080']);
    expect(imageProcess(web, { env: { MODE: 'test' } }, etc).env).to.deep.equal(['PATH=/app/bin', 'MODE=test', 'LANG=C']);
  });

  it('an image without Env gets the default PATH; one without WorkingDir runs in /', () => {
    const p = imageProcess(image({ Cmd: ['/bin/true'] }));
    expect(p.env).to.deep.equal([DEFAULT_PATH]);
    expect(p.cwd).to.equal('/');
    expect(p).to.not.have.property('stopSignal');
  });

  it('the image\'s User by name: its uid and gid from /etc/passwd, its groups from /etc/group, primary first', () => {
    expect(imageProcess(web, {}, etc).user).to.deep.equal({ uid: 1000, gid: 1000, additionalGids: [1000, 50, 100] });
  });

  it('every form of User: uid, name:group, uid:gid; a uid with no passwd entry gets gid 0; none is root', () => {
    const rows: Array<[string | undefined, object]> = [
      ['1000', { uid: 1000, gid: 1000, additionalGids: [1000, 50, 100] }],
      ['app:staff', { uid: 1000, gid: 50, additionalGids: [50, 100] }],
      ['65534:0', { uid: 65534, gid: 0, additionalGids: [0, 100] }],
      ['4242', { uid: 4242, gid: 0, additionalGids: [0] }],
      [undefined, { uid: 0, gid: 0, additionalGids: [0] }],
    ];
    for (const [User, user] of rows) expect(imageProcess(image({ Cmd: ['/x'], ...(User ? { User } : {}) }), {}, etc).user, User).to.deep.equal(user);
  });

  it('the caller\'s user replaces the image\'s, resolved against the image\'s files', () => {
    expect(imageProcess(web, { user: 'nobody' }, etc).user).to.deep.equal({ uid: 65534, gid: 65534, additionalGids: [65534, 100] });
  });

  it('a user or group name the image does not have: InvalidArgumentError naming it', () => {
    expect(() => imageProcess(image({ Cmd: ['/x'], User: 'ghost' }), {}, etc)).to.throw(InvalidArgumentError, 'unknown user "ghost"');
    expect(() => imageProcess(image({ Cmd: ['/x'], User: 'app:wheel' }), {}, etc)).to.throw(InvalidArgumentError, 'unknown group "wheel"');
    expect(() => imageProcess(image({ Cmd: ['/x'], User: 'app' }), {}, {})).to.throw(InvalidArgumentError, 'unknown user "app"');
  });

  it('nothing to run, a bad env entry or a relative cwd: InvalidArgumentError', () => {
    expect(() => imageProcess(image({}))).to.throw(InvalidArgumentError, 'neither Entrypoint nor Cmd');
    expect(() => imageProcess(web, { env: ['=x'] }, etc)).to.throw(InvalidArgumentError, 'invalid env entry "=x"');
    expect(() => imageProcess(web, { cwd: 'srv' }, etc)).to.throw(InvalidArgumentError, 'invalid cwd "srv"');
  });

  it('mergeEnv keeps the order of the base', () => {
    expect(mergeEnv(['A=1', 'B=2', 'C=3'], ['B=x', 'D=4', 'A'])).to.deep.equal(['B=x', 'C=3', 'D=4']);
  });
});
