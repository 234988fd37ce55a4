import { expect } from 'chai';
import { ImageArchiveError, InvalidArgumentError } from '../../src/client/errors.js';
import { archiveEntries } from '../../src/images/archive-entries.js';
import { digestOf } from '../../src/images/digest.js';
import { MediaTypes } from '../../src/images/media-types.js';
import { blobEntryName, digestOfBlobEntry, planOciLayout, requireBlob } from '../../src/images/oci-layout-plan.js';
import type { Descriptor } from '../../src/images/oci-types.js';
import { chunked, json, tarOf } from './archive-support.js';

const layout = json({ imageLayoutVersion: '1.0.0' });
const entry = (n: string, annotations?: Record<string, string>): Descriptor => ({
  mediaType: MediaTypes.ociManifest, digest: digestOf(n), size: 1, ...(annotations ? { annotations } : {}),
});
const indexOf = (...manifests: Descriptor[]): Uint8Array => json({ schemaVersion: 2, manifests });

describe('images/oci-layout-plan: the images an OCI image layout holds', () => {
  it('names an image by io.containerd.image.name first, else by a full org.opencontainers.image.ref.name, normalised', () => {
    const a = entry('a', { 'io.containerd.image.name': 'docker.io/library/app:1', 'org.opencontainers.image.ref.name': '1' });
    const b = entry('b', { 'org.opencontainers.image.ref.name': 'ghcr.io/acme/tool' });
    const plan = planOciLayout({ indexJson: indexOf(a, b), ociLayout: layout });
    expect(plan.images).to.deep.equal([
      { name: 'docker.io/library/app:1', target: a },
      { name: 'ghcr.io/acme/tool:latest', target: b },
    ]);
    expect(plan.unnamed).to.deep.equal([]);
  });

  it('an entry named by a bare tag or not at all is imported unnamed', () => {
    const tagOnly = entry('t', { 'org.opencontainers.image.ref.name': '1.0' });
    const none = entry('n');
    const plan = planOciLayout({ indexJson: indexOf(tagOnly, none) });
    expect(plan.images).to.deep.equal([]);
    expect(plan.unnamed).to.deep.equal([tagOnly, none]);
  });

  it('the caller\'s name names an archive of one image; a repository alone takes the bare tag, else latest', () => {
    const tagged = entry('t', { 'org.opencontainers.image.ref.name': '1.0', 'io.containerd.image.name': 'docker.io/library/x:9' });
    expect(planOciLayout({ indexJson: indexOf(tagged) }, { name: 'app' }).images[0]!.name).to.equal('docker.io/library/app:1.0');
    expect(planOciLayout({ indexJson: indexOf(tagged) }, { name: 'app:2' }).images[0]!.name).to.equal('docker.io/library/app:2');
    expect(planOciLayout({ indexJson: indexOf(entry('n')) }, { name: 'localhost:5000/app' }).images[0]!.name).to.equal('localhost:5000/app:latest');
  });

  it('a name for an archive of several images is an InvalidArgumentError', () => {
    expect(() => planOciLayout({ indexJson: indexOf(entry('a'), entry('b')) }, { name: 'app' })).to.throw(InvalidArgumentError, 'archive of 2 images');
  });

  it('a layout without index.json: ImageArchiveError no-index', () => {
    expect(() => planOciLayout({ indexJson: undefined, ociLayout: layout })).to.throw(ImageArchiveError).with.property('problem', 'no-index');
  });

  it('an index.json that is not an index, or an oci-layout of another version: malformed, naming the entry', () => {
    expect(() => planOciLayout({ indexJson: json({ schemaVersion: 2 }) })).to.throw(ImageArchiveError, 'field "manifests" is missing').with.property('entry', 'index.json');
    expect(() => planOciLayout({ indexJson: indexOf(), ociLayout: json({ imageLayoutVersion: '2.0.0' }) })).to.throw(ImageArchiveError).with.property('entry', 'oci-layout');
  });

  it('a target the archive does not hold: missing-blob naming its path', () => {
    const a = entry('a', { 'io.containerd.image.name': 'x' });
    expect(() => planOciLayout({ indexJson: indexOf(a) }, { present: () => false })).to.throw(ImageArchiveError, blobEntryName(a.digest)).with.property('problem', 'missing-blob');
  });

  it('requireBlob names the missing blob\'s path and what refers to it', () => {
    const layer = entry('layer');
    const error = (() => {
      try {
        requireBlob(layer, () => false, digestOf('manifest'));
      } catch (e) {
        return e as ImageArchiveError;
      }
      throw new Error('expected a throw');
    })();
    expect([error.problem, error.entry]).to.deep.equal(['missing-blob', blobEntryName(layer.digest)]);
    expect(error.message).to.contain(`${digestOf('manifest')} refers to ${layer.digest}`);
    expect(() => requireBlob(layer, () => true, 'index.json')).to.not.throw();
  });

  it('blob paths and digests convert both ways; other paths have no digest', () => {
    const d = digestOf('x');
    expect(blobEntryName(d)).to.equal(`blobs/sha256/${d.slice(7)}`);
    expect(digestOfBlobEntry(blobEntryName(d))).to.equal(d);
    expect(digestOfBlobEntry('index.json')).to.equal(undefined);
    expect(digestOfBlobEntry('blobs/sha256/abc')).to.equal(undefined);
  });

  it('plans a layout read from a tar: index.json and oci-layout from memory, the targets checked against the blobs seen', async () => {
    const manifest = json({ schemaVersion: 2, config: { mediaType: MediaTypes.ociConfig, digest: digestOf('c'), size: 1 }, layers: [] });
    const target: Descriptor = { mediaType: MediaTypes.ociManifest, digest: digestOf(manifest), size: manifest.length, annotations: { 'org.opencontainers.image.ref.name': 'registry.test/app:1' } };
    const archive = await tarOf([['oci-layout', layout], ['index.json', indexOf(target)], [blobEntryName(target.digest), manifest]]);
    const files = new Map<string, Uint8Array | undefined>();
    for await (const e of archiveEntries(chunked(archive))) files.set(e.name, e.bytes);
    const present = (d: string): boolean => files.has(blobEntryName(d));
    const plan = planOciLayout({ indexJson: files.get('index.json'), ociLayout: files.get('oci-layout') }, { present });
    expect(plan.images).to.deep.equal([{ name: 'registry.test/app:1', target }]);
  });
});
