import { expect } from 'chai';
import { InvalidArgumentError } from '../../src/client/errors.js';
import { normalizeReference } from '../../src/images/reference.js';

const D = `sha256:${'a'.repeat(64)}`;

describe('images/reference: image names normalised as containerd stores them', () => {
  it('a Docker Hub name gets docker.io, library/ for one part, and :latest without a tag', () => {
    const rows: Array<[string, string]> = [
      ['busybox', 'docker.io/library/busybox:latest'],
      ['busybox:1.36', 'docker.io/library/busybox:1.36'],
      ['acme/app:2', 'docker.io/acme/app:2'],
      ['docker.io/library/busybox:latest', 'docker.io/library/busybox:latest'],
      ['index.docker.io/acme/app', 'docker.io/acme/app:latest'],
    ];
    for (const [ref, normal] of rows) expect(normalizeReference(ref), ref).to.equal(normal);
  });

  it('a registry host (a dot, a port, or localhost) is kept', () => {
    expect(normalizeReference('ghcr.io/acme/app')).to.equal('ghcr.io/acme/app:latest');
    expect(normalizeReference('localhost:5000/app:1.0')).to.equal('localhost:5000/app:1.0');
    expect(normalizeReference('localhost/app')).to.equal('localhost/app:latest');
    expect(normalizeReference('127.0.0.1:5000/a/b/c:t')).to.equal('127.0.0.1:5000/a/b/c:t');
  });

  it('a digest reference gets no tag', () => {
    expect(normalizeReference(`busybox@${D}`)).to.equal(`docker.io/library/busybox@${D}`);
    expect(normalizeReference(`busybox:1@${D}`)).to.equal(`docker.io/library/busybox:1@${D}`);
  });

  it('refuses what is not a reference, naming it', () => {
    for (const bad of ['', 'Busybox', 'acme/App', 'app:', 'app:-x', 'a//b', 'app@sha256:12', 'app/']) {
      expect(() => normalizeReference(bad), bad).to.throw(InvalidArgumentError, JSON.stringify(bad));
    }
  });
});
