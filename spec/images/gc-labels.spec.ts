import { expect } from 'chai';
import { digestOf } from '../../src/images/digest.js';
import { childGcLabels, configSnapshotLabel, gcLabelsOf, indexGcLabels, layerLabels, manifestGcLabels } from '../../src/images/gc-labels.js';
import { MediaTypes } from '../../src/images/media-types.js';
import type { Descriptor, Index, Manifest } from '../../src/images/oci-types.js';

const d = (mediaType: string, n: string): Descriptor => ({ mediaType, digest: digestOf(n), size: 1 });

describe('images/gc-labels: the labels that keep an image\'s content alive', () => {
  it('an index references each manifest as gc.ref.content.m.<i>', () => {
    const index: Index = { schemaVersion: 2, manifests: [d(MediaTypes.ociManifest, 'a'), d(MediaTypes.dockerManifest, 'b')] };
    expect(indexGcLabels(index)).to.deep.equal({
      'containerd.io/gc.ref.content.m.0': digestOf('a'),
      'containerd.io/gc.ref.content.m.1': digestOf('b'),
    });
  });

  it('a manifest references its config as gc.ref.content.config and each layer as gc.ref.content.l.<i>', () => {
    const manifest: Manifest = { schemaVersion: 2, config: d(MediaTypes.ociConfig, 'c'), layers: [d(MediaTypes.ociLayerGzip, 'l0'), d(MediaTypes.dockerLayer, 'l1')] };
    expect(manifestGcLabels(manifest)).to.deep.equal({
      'containerd.io/gc.ref.content.config': digestOf('c'),
      'containerd.io/gc.ref.content.l.0': digestOf('l0'),
      'containerd.io/gc.ref.content.l.1': digestOf('l1'),
    });
    expect(gcLabelsOf(MediaTypes.ociManifest, manifest)).to.deep.equal(manifestGcLabels(manifest));
  });

  it('numbers each kind on its own, as containerd does: a nested index is gc.ref.content.<i>', () => {
    expect(childGcLabels([d(MediaTypes.ociIndex, 'i'), d(MediaTypes.ociManifest, 'm'), d('application/x-other', 'o')])).to.deep.equal({
      'containerd.io/gc.ref.content.0': digestOf('i'),
      'containerd.io/gc.ref.content.m.0': digestOf('m'),
      'containerd.io/gc.ref.content.1': digestOf('o'),
    });
  });

  it('a layer names its diff id as containerd.io/uncompressed; a config its snapshot per snapshotter', () => {
    expect(layerLabels(digestOf('tar'))).to.deep.equal({ 'containerd.io/uncompressed': digestOf('tar') });
    expect(configSnapshotLabel('overlayfs', digestOf('chain'))).to.deep.equal({ 'containerd.io/gc.ref.snapshot.overlayfs': digestOf('chain') });
  });

  it('a config or a layer has no content references', () => {
    const index: Index = { schemaVersion: 2, manifests: [d(MediaTypes.ociManifest, 'a')] };
    expect(gcLabelsOf(MediaTypes.ociConfig, index)).to.deep.equal({});
  });
});
