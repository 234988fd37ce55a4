import { expect } from 'chai';
import { InvalidArgumentError } from '../../src/client/errors.js';
import { parseReference } from '../../src/images/reference.js';

const D = `sha256:${'a1'.repeat(32)}`;

describe('parseReference (containerd\'s reference grammar)', () => {
  const cases: ReadonlyArray<readonly [string, string, string, string, string | undefined, string | undefined]> = [
    // text, domain, path, canonical, tag, digest
    ['busybox', 'docker.io', 'library/busybox', 'docker.io/library/busybox:latest', 'latest', undefined],
    ['busybox:1.36', 'docker.io', 'library/busybox', 'docker.io/library/busybox:1.36', '1.36', undefined],
    ['acme/app', 'docker.io', 'acme/app', 'docker.io/acme/app:latest', 'latest', undefined],
    ['docker.io/busybox', 'docker.io', 'library/busybox', 'docker.io/library/busybox:latest', 'latest', undefined],
    ['index.docker.io/library/busybox:1', 'docker.io', 'library/busybox', 'docker.io/library/busybox:1', '1', undefined],
    ['ghcr.io/acme/tools/app:v1.2.3', 'ghcr.io', 'acme/tools/app', 'ghcr.io/acme/tools/app:v1.2.3', 'v1.2.3', undefined],
    ['localhost/app', 'localhost', 'app', 'localhost/app:latest', 'latest', undefined],
    ['localhost:5000/x', 'localhost:5000', 'x', 'localhost:5000/x:latest', 'latest', undefined],
    ['127.0.0.1:5000/app:1.0', '127.0.0.1:5000', 'app', '127.0.0.1:5000/app:1.0', '1.0', undefined],
    ['[::1]:5000/app:1.0', '[::1]:5000', 'app', '[::1]:5000/app:1.0', '1.0', undefined],
    ['Registry.Example/app', 'Registry.Example', 'app', 'Registry.Example/app:latest', 'latest', undefined],
    ['a.b/c__d/e-f.g_h:T_1-x.y', 'a.b', 'c__d/e-f.g_h', 'a.b/c__d/e-f.g_h:T_1-x.y', 'T_1-x.y', undefined],
    [`busybox@${D}`, 'docker.io', 'library/busybox', `docker.io/library/busybox@${D}`, undefined, D],
    [`127.0.0.1:5000/app:1.0@${D}`, '127.0.0.1:5000', 'app', `127.0.0.1:5000/app@${D}`, '1.0', D],
  ];
  for (const [text, domain, path, canonical, tag, digest] of cases) {
    it(`${text} -> ${canonical}`, () => {
      const ref = parseReference(text);
      expect(ref).to.deep.equal({ domain, path, name: `${domain}/${path}`, tag, digest, object: digest ?? tag, canonical });
    });
  }

  it('a digest pins the object asked of the registry, whatever the tag says', () => {
    expect(parseReference(`ghcr.io/acme/app:1.0@${D}`).object).to.equal(D);
    expect(parseReference('ghcr.io/acme/app:1.0').object).to.equal('1.0');
  });

  it('accepts sha384 and sha512 digests, as go-digest does', () => {
    expect(parseReference(`app@sha384:${'0'.repeat(96)}`).digest).to.equal(`sha384:${'0'.repeat(96)}`);
    expect(parseReference(`app@sha512:${'f'.repeat(128)}`).digest).to.equal(`sha512:${'f'.repeat(128)}`);
  });

  const bad: ReadonlyArray<readonly [string, RegExp]> = [
    ['', /it is empty/],
    ['Busybox', /must be lowercase/],
    ['docker.io/Acme/app', /must be lowercase/],
    ['app:', /"" is not a tag/],
    ['app:-x', /"-x" is not a tag/],
    [`app:${'t'.repeat(129)}`, /is not a tag/],
    ['app@sha256:abc', /is not a digest/],
    [`app@sha256:${'A1'.repeat(32)}`, /is not a digest/],
    [`app@md5:${'0'.repeat(32)}`, /is not a digest/],
    ['app@', /is not a digest/],
    ['ghcr.io//app', /a part of the repository path is empty/],
    ['ghcr.io/app/', /a part of the repository path is empty/],
    ['docker.io/', /a part of the repository path is empty/],
    ['acme/-app', /"-app" is not a repository path component/],
    ['acme/a..b', /"a..b" is not a repository path component/],
    ['acme/a b', /"a b" is not a repository path component/],
    ['-bad.host/app', /"-bad.host" is not a registry host/],
    ['host:port/app', /"host:port" is not a registry host/],
    ['a.b:5000:1/app', /is not a registry host/],
    ['a'.repeat(64), /image id, not a repository name/],
    [`ghcr.io/${'a'.repeat(250)}`, /longer than 255 characters/],
  ];
  for (const [text, why] of bad) {
    it(`refuses ${JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text)} with InvalidArgumentError naming it`, () => {
      let error: unknown;
      try {
        parseReference(text, 'pull');
      } catch (e) {
        error = e;
      }
      expect(error).to.be.instanceOf(InvalidArgumentError);
      expect((error as Error).message).to.include(`invalid image reference ${JSON.stringify(text)}`).and.match(why);
      expect((error as InvalidArgumentError).call).to.equal('pull');
    });
  }
});
