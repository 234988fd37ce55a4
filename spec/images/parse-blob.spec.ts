import { expect } from 'chai';
import { ImageFormatError } from '../../src/client/errors.js';
import { digestOf } from '../../src/images/digest.js';
import { MediaTypes } from '../../src/images/media-types.js';
import { parseImageConfig, parseIndex, parseManifest } from '../../src/images/parse-blob.js';

const D1 = digestOf('1');
const D2 = digestOf('2');
const json = (v: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(v));
const manifest = {
  schemaVersion: 2,
  mediaType: MediaTypes.ociManifest,
  config: { mediaType: MediaTypes.ociConfig, digest: D1, size: 10 },
  layers: [{ mediaType: MediaTypes.ociLayerGzip, digest: D2, size: 20, annotations: { a: 'b' } }],
};
const config = {
  architecture: 'amd64',
  os: 'linux',
  config: { User: 'app', Env: ['PATH=/bin', 'A=1'], Entrypoint: null, Cmd: ['/bin/sh'], WorkingDir: '/srv', ExposedPorts: { '80/tcp': {} }, StopSignal: 'SIGQUIT' },
  rootfs: { type: 'layers', diff_ids: [D1, D2] },
  history: [{ created_by: 'x' }],
};

/** The ImageFormatError `parse` raises. */
function formatError(parse: () => unknown): ImageFormatError {
  try {
    parse();
  } catch (error) {
    expect(error).to.be.instanceOf(ImageFormatError);
    return error as ImageFormatError;
  }
  throw new Error('expected an ImageFormatError');
}

describe('images/parse-blob: indexes, manifests and configs from bytes, checked', () => {
  it('reads an index with its entries\' platforms (os.version and os.features too)', () => {
    const index = parseIndex(json({
      schemaVersion: 2,
      manifests: [
        { mediaType: MediaTypes.ociManifest, digest: D1, size: 5, platform: { architecture: 'arm64', os: 'linux', variant: 'v8' } },
        { mediaType: MediaTypes.ociManifest, digest: D2, size: 6, platform: { architecture: 'amd64', os: 'windows', 'os.version': '10.0', 'os.features': ['win32k'] } },
      ],
    }), D1);
    expect(index.manifests.map((m) => m.platform)).to.deep.equal([
      { os: 'linux', architecture: 'arm64', variant: 'v8' },
      { os: 'windows', architecture: 'amd64', osVersion: '10.0', osFeatures: ['win32k'] },
    ]);
  });

  it('reads a manifest: config and layers as descriptors, annotations kept', () => {
    const m = parseManifest(json(manifest), D1);
    expect(m.config).to.deep.equal(manifest.config);
    expect(m.layers).to.deep.equal(manifest.layers);
  });

  it('reads an image config, Go\'s nulls read as absent, unknown fields kept', () => {
    const c = parseImageConfig(json({ ...config, container: 'abc' }), D1);
    expect(c.config?.Cmd).to.deep.equal(['/bin/sh']);
    expect(c.config).to.not.have.property('Entrypoint');
    expect(c.rootfs.diff_ids).to.deep.equal([D1, D2]);
    expect((c as unknown as Record<string, unknown>)['container']).to.equal('abc');
  });

  it('bytes that are not JSON: ImageFormatError naming the blob\'s digest and media type, the parser\'s error as cause', () => {
    const e = formatError(() => parseManifest(new TextEncoder().encode('{"schemaVersion": 2,'), D2, MediaTypes.dockerManifest));
    expect(e.digest).to.equal(D2);
    expect(e.mediaType).to.equal(MediaTypes.dockerManifest);
    expect(e.code).to.equal('ERR_CONTAINERD_IMAGE_FORMAT');
    expect(e.message).to.contain(D2).and.contain('not JSON');
    expect(e.cause).to.be.instanceOf(SyntaxError);
    expect(formatError(() => parseIndex(json([1]), D2)).problem).to.equal('not a JSON object');
  });

  it('a missing field is named', () => {
    const { layers: _layers, ...noLayers } = manifest;
    expect(formatError(() => parseManifest(json(noLayers), D1)).problem).to.equal('field "layers" is missing');
    const { rootfs: _rootfs, ...noRootfs } = config;
    expect(formatError(() => parseImageConfig(json(noRootfs), D1)).problem).to.equal('field "rootfs" is missing');
    expect(formatError(() => parseIndex(json({ schemaVersion: 2 }), D1)).problem).to.equal('field "manifests" is missing');
  });

  it('an ill-typed field is named with the type it should have', () => {
    const badDigest = { ...manifest, layers: [{ ...manifest.layers[0], digest: 'sha256:XYZ' }] };
    expect(formatError(() => parseManifest(json(badDigest), D1)).problem).to.match(/^field "layers\[0\]\.digest" is not a digest/);
    const badSize = { ...manifest, config: { ...manifest.config, size: -1 } };
    expect(formatError(() => parseManifest(json(badSize), D1)).problem).to.equal('field "config.size" is not a size in bytes');
    const badEnv = { ...config, config: { Env: 'A=1' } };
    expect(formatError(() => parseImageConfig(json(badEnv), D1)).problem).to.equal('field "config.Env" is not an array of strings');
    const badPlatform = { schemaVersion: 2, manifests: [{ mediaType: 'm', digest: D1, size: 1, platform: { os: 'linux' } }] };
    expect(formatError(() => parseIndex(json(badPlatform), D1)).problem).to.equal('field "manifests[0].platform.architecture" is missing');
    expect(formatError(() => parseImageConfig(json({ ...config, rootfs: { type: 'layers', diff_ids: ['x'] } }), D1)).problem).to.equal('field "rootfs.diff_ids" is not an array of digests');
  });

  it('a schemaVersion other than 2 is refused', () => {
    expect(formatError(() => parseManifest(json({ ...manifest, schemaVersion: 1 }), D1)).problem).to.equal('field "schemaVersion" is 1, not 2');
  });
});
