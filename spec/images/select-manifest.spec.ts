import { expect } from 'chai';
import { firstValueFrom, of, throwError } from 'rxjs';
import { ImageFormatError, NotFoundError, PlatformNotFoundError } from '../../src/client/errors.js';
import { digestOf } from '../../src/images/digest.js';
import { MediaTypes } from '../../src/images/media-types.js';
import type { Descriptor } from '../../src/images/oci-types.js';
import { formatPlatform, hostPlatform, parsePlatform, type Platform } from '../../src/images/platform.js';
import { selectManifest$, type ReadBlob } from '../../src/images/select-manifest.js';

/** An in-memory content store: blobs by digest, and the digests read, in order. */
function store() {
  const blobs = new Map<string, Uint8Array>();
  const reads: string[] = [];
  const put = (mediaType: string, value: unknown, extra: Partial<Descriptor> = {}): Descriptor => {
    const bytes = new TextEncoder().encode(JSON.stringify(value));
    const digest = digestOf(bytes);
    blobs.set(digest, bytes);
    return { mediaType, digest, size: bytes.byteLength, ...extra };
  };
  const read: ReadBlob = (d) => {
    reads.push(d.digest);
    const bytes = blobs.get(d.digest);
    // two chunks, as a content store's Read gives them
    return bytes ? of(bytes.subarray(0, 3), bytes.subarray(3)) : throwError(() => new Error(`no blob ${d.digest}`));
  };
  /** A manifest (and its config) for `platform`, its descriptor in an index carrying the platform when `tagged`. */
  const image = (platform: string, tagged = true): Descriptor => {
    const p = parsePlatform(platform);
    const config = put(MediaTypes.ociConfig, { ...p, rootfs: { type: 'layers', diff_ids: [] } });
    return put(MediaTypes.ociManifest, { schemaVersion: 2, config, layers: [] }, tagged ? { platform: p } : {});
  };
  const index = (manifests: Descriptor[], mediaType: string = MediaTypes.ociIndex): Descriptor => put(mediaType, { schemaVersion: 2, manifests });
  return { put, read, reads, image, index };
}

const here: Platform = hostPlatform();
const other = here.architecture === 's390x' ? 'linux/ppc64le' : 'linux/s390x';

describe('images/select-manifest: the manifest of an image for a platform', () => {
  it("a manifest target is returned when its config's platform matches, else PlatformNotFoundError naming that platform, as containerd judges it", async () => {
    const s = store();
    const m = s.image(other);
    const selected = await firstValueFrom(selectManifest$(m, s.read, parsePlatform(other)));
    expect(selected.descriptor).to.equal(m);
    expect(selected.manifest.schemaVersion).to.equal(2);
    const error = await firstValueFrom(selectManifest$(m, s.read)).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(PlatformNotFoundError);
    expect((error as PlatformNotFoundError).available).to.deep.equal([formatPlatform(parsePlatform(other))]);
  });

  it('picks the entry of this machine\'s platform by default, reading neither the other manifests nor any config', async () => {
    const s = store();
    const mine = s.image(`${here.os}/${here.architecture}${here.variant ? `/${here.variant}` : ''}`);
    const theirs = s.image(other);
    const idx = s.index([theirs, mine]);
    const selected = await firstValueFrom(selectManifest$(idx, s.read));
    expect(selected.descriptor.digest).to.equal(mine.digest);
    expect(s.reads).to.deep.equal([idx.digest, mine.digest]);
  });

  it('picks the platform asked for, arm64 matching arm64/v8 as containerd normalises it', async () => {
    const s = store();
    const arm = s.image('linux/arm64/v8');
    const idx = s.index([s.image('linux/amd64'), arm, s.image('linux/arm/v7')], MediaTypes.dockerManifestList);
    expect((await firstValueFrom(selectManifest$(idx, s.read, { os: 'linux', architecture: 'arm64' }))).descriptor.digest).to.equal(arm.digest);
  });

  it('walks a nested index (an entry that is itself an index)', async () => {
    const s = store();
    const arm = s.image('linux/arm/v7');
    const inner = s.index([s.image('linux/amd64'), arm]);
    const outer = s.index([s.image('linux/riscv64'), inner]);
    expect((await firstValueFrom(selectManifest$(outer, s.read, parsePlatform('linux/arm/v7')))).descriptor.digest).to.equal(arm.digest);
  });

  it('an entry without a platform is judged by its config, after the entries that have one', async () => {
    const s = store();
    const untagged = s.image('linux/ppc64le', false);
    const idx = s.index([untagged, s.image('linux/amd64')]);
    const selected = await firstValueFrom(selectManifest$(idx, s.read, parsePlatform('linux/ppc64le')));
    expect(selected.descriptor.digest).to.equal(untagged.digest);
  });

  it('no match: PlatformNotFoundError (a NotFoundError) listing the platforms the image has', async () => {
    const s = store();
    const idx = s.index([s.image('linux/amd64'), s.index([s.image('linux/arm64/v8')]), s.image('linux/arm/v6', false)]);
    const error = await firstValueFrom(selectManifest$(idx, s.read, parsePlatform('linux/s390x'))).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(PlatformNotFoundError).and.instanceOf(NotFoundError);
    const e = error as PlatformNotFoundError;
    expect(e.platform).to.equal('linux/s390x');
    expect([...e.available].sort()).to.deep.equal(['linux/amd64', 'linux/arm/v6', 'linux/arm64/v8']);
    expect(e.message).to.contain('has no manifest for platform linux/s390x').and.contain('linux/arm64/v8');
    expect(e.code).to.equal('ERR_CONTAINERD_PLATFORM_NOT_FOUND');
  });

  it('a malformed index is an ImageFormatError naming it; a target that is a layer too', async () => {
    const s = store();
    const bad = s.put(MediaTypes.ociIndex, { schemaVersion: 2, manifests: 'no' });
    const e1 = await firstValueFrom(selectManifest$(bad, s.read)).catch((e: unknown) => e);
    expect(e1).to.be.instanceOf(ImageFormatError).with.property('digest', bad.digest);
    const layer = s.put(MediaTypes.ociLayerGzip, 'x');
    const e2 = await firstValueFrom(selectManifest$(layer, s.read)).catch((e: unknown) => e);
    expect(e2).to.be.instanceOf(ImageFormatError).with.property('problem', 'an image target must be an index or a manifest');
  });

  it('is cold: nothing is read before a subscription', () => {
    const s = store();
    selectManifest$(s.index([]), s.read);
    expect(s.reads).to.deep.equal([]);
  });
});
