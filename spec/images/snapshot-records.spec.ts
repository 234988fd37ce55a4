import { expect } from 'chai';
import { firstValueFrom, NEVER } from 'rxjs';
import type { CallPort } from '../../src/client/call-port.js';
import { ImageFormatError } from '../../src/client/image-error-classes.js';
import { chooseSnapshotter } from '../../src/images/default-snapshotter.js';
import { toImageRecord } from '../../src/images/image-records.js';
import { toSnapshotInfo } from '../../src/images/snapshot-info.js';
import { unpack$ } from '../../src/images/unpack.js';

// Go's zero time, 0001-01-01T00:00:00Z
const noTime = { seconds: -62135596800, nanos: 0 };

describe('snapshot and image records (pure)', () => {
  it('a snapshot kind reads in lower case; an unknown kind is unknown', () => {
    const base = { name: 'k', parent: '', labels: {}, createdAt: null, updatedAt: null };
    expect(toSnapshotInfo({ ...base, kind: 'ACTIVE' }).kind).to.equal('active');
    expect(toSnapshotInfo({ ...base, kind: 'VIEW' }).kind).to.equal('view');
    expect(toSnapshotInfo({ ...base, kind: 'COMMITTED' }).kind).to.equal('committed');
    expect(toSnapshotInfo({ ...base, kind: 'UNKNOWN' }).kind).to.equal('unknown');
  });

  it('a snapshot with no parent and Go\'s zero times has neither parent nor times', () => {
    const info = toSnapshotInfo({ name: 'k', parent: '', kind: 'ACTIVE', labels: { a: 'b' }, createdAt: noTime, updatedAt: null });
    expect(info).to.deep.equal({ name: 'k', kind: 'active', labels: { a: 'b' } });
  });

  it('an image record keeps its target\'s annotations only when there are some', () => {
    const target = { mediaType: 'application/vnd.oci.image.index.v1+json', digest: 'sha256:ab', size: 3, annotations: {} };
    const record = toImageRecord({ name: 'x', labels: {}, target, createdAt: { seconds: 1, nanos: 0 }, updatedAt: null });
    expect(record).to.deep.equal({ name: 'x', labels: {}, target: { mediaType: target.mediaType, digest: 'sha256:ab', size: 3 }, createdAt: new Date(1000) });
    expect(toImageRecord({ name: 'x', labels: {}, target: { ...target, annotations: { k: 'v' } }, createdAt: null, updatedAt: null }).target.annotations).to.deep.equal({ k: 'v' });
  });

  it('the default snapshotter is overlayfs when its plugin loaded, native when it failed or is absent', () => {
    expect(chooseSnapshotter([{ id: 'native', initErr: null }, { id: 'overlayfs', initErr: null }])).to.equal('overlayfs');
    expect(chooseSnapshotter([{ id: 'native', initErr: null }, { id: 'overlayfs', initErr: { code: 9, message: 'no overlay', details: [] } }])).to.equal('native');
    expect(chooseSnapshotter([{ id: 'native', initErr: null }])).to.equal('native');
  });

  it('unpack refuses a config whose diff ids do not count the manifest\'s layers, before any call', async () => {
    const port: CallPort = { namespace: 'ns', call$: () => NEVER, stream$: () => NEVER, duplex$: () => NEVER };
    const layer = { mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: 'sha256:aa', size: 1 };
    const manifest = { schemaVersion: 2 as const, config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: 'sha256:cc', size: 1 }, layers: [layer, layer] };
    const config = { os: 'linux', architecture: 'amd64', rootfs: { type: 'layers' as const, diff_ids: ['sha256:dd'] } };
    const error = await firstValueFrom(unpack$(port, manifest, config, { snapshotter: 'native' })).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(ImageFormatError);
    expect((error as Error).message).to.include('sha256:cc').and.include('1 layers').and.include('has 2');
  });
});
