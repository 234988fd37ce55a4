import { expect } from 'chai';
import { InvalidArgumentError } from '../../../src/client/errors.js';
import { containerSpec, type SpecOptions } from '../../../src/process/oci-spec.js';

const spec = (options: Partial<SpecOptions>) => containerSpec('c1', 'ns', { args: ['/bin/true'], ...options });
const types = (options: Partial<SpecOptions>) => spec(options).linux.namespaces;

function refused(options: Partial<SpecOptions>, text: string): void {
  expect(() => spec(options)).to.throw(InvalidArgumentError, text);
}

describe('namespace options in the spec', () => {
  it("'host' drops the container's own network, pid, ipc or uts namespace", () => {
    expect(types({ network: 'host' }).map((n) => n.type)).to.not.include('network');
    expect(types({ pid: 'host' }).map((n) => n.type)).to.not.include('pid');
    expect(types({ ipc: 'host' }).map((n) => n.type)).to.not.include('ipc');
    const uts = spec({ uts: 'host' });
    expect(uts.linux.namespaces.map((n) => n.type)).to.not.include('uts');
    expect(uts.hostname).to.equal(undefined);
  });

  it("hostNetwork: true is network: 'host'", () => {
    expect(types({ hostNetwork: true })).to.deep.equal(types({ network: 'host' }));
    expect(types({ hostNetwork: true, network: 'host' }).map((n) => n.type)).to.not.include('network');
  });

  it('{ path } joins the namespace at that path', () => {
    expect(types({ network: { path: '/proc/1/ns/net' }, pid: { path: '/proc/1/ns/pid' } })).to.deep.include.members([
      { type: 'network', path: '/proc/1/ns/net' },
      { type: 'pid', path: '/proc/1/ns/pid' },
    ]);
    expect(types({ network: { path: '/proc/1/ns/net' } }).filter((n) => n.type === 'network')).to.have.length(1);
  });

  describe('refuses with InvalidArgumentError naming the option and the value', () => {
    it('an unknown source', () => refused({ network: 'bridge' as never }, `network must be 'host', { container } or { path }, got "bridge"`));
    it('a relative path', () => refused({ ipc: { path: 'proc/1/ns/ipc' } }, 'ipc.path must be an absolute path, got "proc/1/ns/ipc"'));
    it('uts other than host', () => refused({ uts: 'private' as never }, `uts must be 'host', got "private"`));
    it('uts host with a hostname', () => refused({ uts: 'host', hostname: 'web' }, 'hostname and domainname cannot be set'));
    it('uts host with a domainname', () => refused({ uts: 'host', domainname: 'example.org' }, 'hostname and domainname cannot be set'));
    it('hostNetwork against network', () => refused({ hostNetwork: true, network: { path: '/proc/1/ns/net' } }, 'hostNetwork: true contradicts network'));
    it('a { container } given to containerSpec alone (newContainer resolves it)', () => refused({ network: { container: 'web' } }, 'network: { container } is resolved by newContainer'));
  });
});
