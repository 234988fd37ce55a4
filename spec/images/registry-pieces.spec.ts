import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidArgumentError } from '../../src/client/errors.js';
import { dockerConfigCredentials, readDockerConfig } from '../../src/images/registry/credentials.js';
import { isLocalHost, registryEndpoint } from '../../src/images/registry/endpoint.js';
import { RegistryClient } from '../../src/images/registry/registry-client.js';
import { checkPullOptions } from '../../src/images/pull-options.js';
import { leaseLabels } from '../../src/images/leases.js';
import { numberOption } from '../../src/client/validate.js';
import { parseChallenges } from '../../src/images/registry/www-authenticate.js';

describe('registry pieces', () => {
  describe('parseChallenges (WWW-Authenticate)', () => {
    it('reads a Bearer challenge with quoted realm, service and scope', () => {
      expect(parseChallenges('Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/busybox:pull"')).to.deep.equal([
        { scheme: 'bearer', params: { realm: 'https://auth.docker.io/token', service: 'registry.docker.io', scope: 'repository:library/busybox:pull' } },
      ]);
    });

    it('reads several challenges, token values, spaces around "=", escapes, commas inside quotes', () => {
      expect(parseChallenges('Basic realm="a, b", BEARER Realm = "https://x/t?a=1,2" , error=invalid_token, scope="s \\"q\\""')).to.deep.equal([
        { scheme: 'basic', params: { realm: 'a, b' } },
        { scheme: 'bearer', params: { realm: 'https://x/t?a=1,2', error: 'invalid_token', scope: 's "q"' } },
      ]);
    });

    it('a scheme without parameters, and garbage, give what can be read', () => {
      expect(parseChallenges('Negotiate')).to.deep.equal([{ scheme: 'negotiate', params: {} }]);
      expect(parseChallenges('')).to.deep.equal([]);
      expect(parseChallenges('Bearer realm="unterminated')).to.deep.equal([{ scheme: 'bearer', params: {} }]);
    });
  });

  describe('the plain HTTP rule (as containerd)', () => {
    for (const host of ['localhost', 'localhost:5000', '127.0.0.1', '127.0.0.1:5000', '127.1.2.3:80', '[::1]', '[::1]:5000']) {
      it(`${host} is local: plain HTTP`, () => {
        expect(isLocalHost(host)).to.equal(true);
        expect(registryEndpoint(host).base).to.equal(`http://${host}/v2/`);
      });
    }
    for (const host of ['ghcr.io', '128.0.0.1:5000', '127.0.0.256', 'localhost.example.com', '10.0.0.1:5000', '[::2]:5000']) {
      it(`${host} is not: HTTPS`, () => {
        expect(isLocalHost(host)).to.equal(false);
        expect(registryEndpoint(host).base).to.equal(`https://${host}/v2/`);
      });
    }
    it('plainHttp true or false overrides the rule; docker.io is served by registry-1.docker.io', () => {
      expect(registryEndpoint('10.0.0.1:5000', true).base).to.equal('http://10.0.0.1:5000/v2/');
      expect(registryEndpoint('127.0.0.1:5000', false).base).to.equal('https://127.0.0.1:5000/v2/');
      expect(registryEndpoint('docker.io').base).to.equal('https://registry-1.docker.io/v2/');
    });
  });

  describe('Docker config credentials', () => {
    const auth = (text: string): string => Buffer.from(text).toString('base64');
    it('finds the auths entry of a host, with or without scheme and path in its key', () => {
      const config = { auths: { 'https://ghcr.io/v1/': { auth: auth('me:tok') }, 'reg.example:5000': { username: 'u', password: 'p' } } };
      expect(dockerConfigCredentials(config, 'ghcr.io')).to.deep.equal({ username: 'me', password: 'tok' });
      expect(dockerConfigCredentials(config, 'reg.example:5000')).to.deep.equal({ username: 'u', password: 'p' });
      expect(dockerConfigCredentials(config, 'other.example')).to.equal(undefined);
    });

    it('Docker Hub\'s key https://index.docker.io/v1/ serves docker.io', () => {
      expect(dockerConfigCredentials({ auths: { 'https://index.docker.io/v1/': { auth: auth('hub:pw') } } }, 'docker.io')).to.deep.equal({ username: 'hub', password: 'pw' });
    });

    it('an auth that is not base64 of user:password is an InvalidArgumentError naming the entry', () => {
      expect(() => dockerConfigCredentials({ auths: { 'ghcr.io': { auth: auth('nocolon') } } }, 'ghcr.io')).to.throw(InvalidArgumentError, /"auth" of "ghcr.io"/);
    });

    it('reads a config file; one that is not JSON is an InvalidArgumentError naming it', () => {
      const dir = mkdtempSync(join(tmpdir(), 'rxc-docker-config-'));
      try {
        const file = join(dir, 'config.json');
        writeFileSync(file, JSON.stringify({ auths: { 'ghcr.io': { auth: auth('a:b') } } }));
        expect(dockerConfigCredentials(readDockerConfig(file), 'ghcr.io')).to.deep.equal({ username: 'a', password: 'b' });
        writeFileSync(file, '{ nope');
        expect(() => readDockerConfig(file)).to.throw(InvalidArgumentError, new RegExp(`${file}" is not JSON`));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('a dockerConfig path that is missing or a directory is an InvalidArgumentError naming it, Node\'s error as cause', () => {
      const dir = mkdtempSync(join(tmpdir(), 'rxc-docker-config-'));
      try {
        const missing = join(dir, 'nope.json');
        for (const [file, code, why] of [[missing, 'ENOENT', 'no such file'], [dir, 'EISDIR', 'a directory']] as const) {
          const error = (() => {
            try {
              new RegistryClient({ dockerConfig: file }, 'pull');
            } catch (e) {
              return e;
            }
          })();
          expect(error).to.be.instanceOf(InvalidArgumentError);
          expect((error as Error).message).to.contain(`dockerConfig "${file}" cannot be read: ${why}`);
          expect((error as InvalidArgumentError).call).to.equal('pull');
          expect((error as Error).cause).to.have.property('code', code);
        }
        // Docker's own default file may be absent: no `docker login` yet, no credentials
        const saved = process.env['DOCKER_CONFIG'];
        process.env['DOCKER_CONFIG'] = dir;
        try {
          expect(readDockerConfig()).to.deep.equal({});
        } finally {
          if (saved === undefined) delete process.env['DOCKER_CONFIG'];
          else process.env['DOCKER_CONFIG'] = saved;
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('RegistryClient options', () => {
    const bad: ReadonlyArray<readonly [object, RegExp]> = [
      [{ plainHttp: 'yes' }, /option "plainHttp" must be a boolean, got "yes"/],
      [{ username: '' }, /option "username" must be a non-empty string/],
      [{ username: 'a:b' }, /option "username" must be a non-empty string without ":"/],
      [{ username: 'a', password: 1 }, /option "password" must be a string, got 1/],
      [{ password: 'p' }, /option "password" needs "username"/],
      [{ fetch: 'x' }, /option "fetch" must be a function/],
      [{ dockerConfig: 3 }, /option "dockerConfig" must be a file path or a Docker config object/],
    ];
    for (const [options, message] of bad) {
      it(`refuses ${JSON.stringify(options)} with a TypeError naming the option`, () => {
        expect(() => new RegistryClient(options as never)).to.throw(TypeError, message);
      });
    }
  });

  describe('numeric options of pull, push, leases and writes: TypeError for another type, RangeError out of range', () => {
    it("pull's concurrency: 0, -1 and 1.5 are RangeErrors, '3' a TypeError, each naming the option and the value", () => {
      for (const value of [0, -1, 1.5, Number.NaN]) {
        expect(() => checkPullOptions({ concurrency: value }, 'pull')).to.throw(RangeError, `pull: option "concurrency" must be an integer >= 1, got ${String(value)}`);
      }
      expect(() => checkPullOptions({ concurrency: '3' as never }, 'pull')).to.throw(TypeError, 'pull: option "concurrency" must be an integer >= 1, got "3" (string)');
      expect(checkPullOptions({ concurrency: 2 }, 'pull').concurrency).to.equal(2);
    });

    it('the same rule for a lease\'s expireMs and a write\'s size', () => {
      expect(() => leaseLabels({ expireMs: -1 })).to.throw(RangeError, 'lease: option "expireMs" must be a number of ms >= 0, got -1');
      expect(() => leaseLabels({ expireMs: '1' as never })).to.throw(TypeError, 'option "expireMs"');
      expect(() => numberOption(-1, 'size', 'write', { min: 0, integer: true, unit: 'bytes' })).to.throw(RangeError, 'write: option "size" must be an integer of bytes >= 0, got -1');
    });
  });
});
