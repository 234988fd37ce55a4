import { expect } from 'chai';
import { isConfig, isForeignLayer, isIndex, isLayer, isManifest, layerCompression, layerMediaType, MediaTypes, sniffCompression } from '../../src/images/media-types.js';

describe('images/media-types: OCI and Docker media types', () => {
  it('an OCI index and a Docker manifest list are indexes, nothing else is', () => {
    expect(Object.values(MediaTypes).filter(isIndex)).to.deep.equal([MediaTypes.ociIndex, MediaTypes.dockerManifestList]);
  });

  it('an OCI manifest and a Docker schema 2 manifest are manifests, nothing else is', () => {
    expect(Object.values(MediaTypes).filter(isManifest)).to.deep.equal([MediaTypes.ociManifest, MediaTypes.dockerManifest]);
  });

  it('both config types are configs', () => {
    expect(Object.values(MediaTypes).filter(isConfig)).to.deep.equal([MediaTypes.ociConfig, MediaTypes.dockerConfig]);
  });

  it('every layer type, foreign ones included, is a layer with its compression; other types have none', () => {
    const rows: Array<[string, string | undefined]> = [
      ['application/vnd.oci.image.layer.v1.tar', 'none'],
      ['application/vnd.oci.image.layer.v1.tar+gzip', 'gzip'],
      ['application/vnd.oci.image.layer.v1.tar+zstd', 'zstd'],
      ['application/vnd.oci.image.layer.nondistributable.v1.tar+gzip', 'gzip'],
      ['application/vnd.docker.image.rootfs.diff.tar', 'none'],
      ['application/vnd.docker.image.rootfs.diff.tar.gzip', 'gzip'],
      ['application/vnd.docker.image.rootfs.foreign.diff.tar.gzip', 'gzip'],
      ['application/vnd.oci.image.manifest.v1+json', undefined],
      ['text/plain', undefined],
    ];
    for (const [type, compression] of rows) {
      expect(layerCompression(type), type).to.equal(compression);
      expect(isLayer(type), type).to.equal(compression !== undefined);
    }
  });

  it('foreign layers are told apart from distributable ones', () => {
    expect(isForeignLayer(MediaTypes.ociForeignLayerZstd)).to.equal(true);
    expect(isForeignLayer(MediaTypes.dockerForeignLayerGzip)).to.equal(true);
    expect(isForeignLayer(MediaTypes.ociLayerGzip)).to.equal(false);
  });

  it('reads gzip and zstd from their magic numbers, anything else as a plain tar', () => {
    expect(sniffCompression(Uint8Array.of(0x1f, 0x8b, 8, 0))).to.equal('gzip');
    expect(sniffCompression(Uint8Array.of(0x28, 0xb5, 0x2f, 0xfd))).to.equal('zstd');
    expect(sniffCompression(new TextEncoder().encode('etc/passwd'))).to.equal('none');
    expect(sniffCompression(new Uint8Array())).to.equal('none');
  });

  it('names a layer in the family of its manifest, zstd being OCI\'s in both', () => {
    expect(layerMediaType('gzip', MediaTypes.dockerManifest)).to.equal(MediaTypes.dockerLayerGzip);
    expect(layerMediaType('none', MediaTypes.dockerManifest)).to.equal(MediaTypes.dockerLayer);
    expect(layerMediaType('zstd', MediaTypes.dockerManifest)).to.equal(MediaTypes.ociLayerZstd);
    expect(layerMediaType('gzip')).to.equal(MediaTypes.ociLayerGzip);
    expect(layerMediaType('none')).to.equal(MediaTypes.ociLayer);
  });
});
