import { expect } from 'chai';
import { InvalidArgumentError } from '../../src/client/errors.js';
import { containerInfo } from '../../src/process/container-info.js';
import { checkChanges, checkUpdate, MAX_LABEL_BYTES } from '../../src/process/container-update.js';
import { packSpec } from '../../src/proto/oci-json.js';

const thrown = (f: () => void): unknown => {
  try {
    f();
  } catch (e) {
    return e;
  }
  return expect.fail('expected a throw');
};

describe('container updates: checks before any call', () => {
  it('an update is an object of labels and annotations only', () => {
    for (const bad of [null, 'labels', [], { label: {} }]) {
      const e = thrown(() => checkUpdate(bad));
      expect(e, String(bad)).to.be.instanceOf(InvalidArgumentError);
    }
    expect(() => checkUpdate({})).not.to.throw();
    expect(() => checkUpdate({ labels: { a: null, b: '' }, annotations: { c: 'd' } })).not.to.throw();
  });

  it('an empty key is refused, naming the option', () => {
    expect((thrown(() => checkChanges({ '': 'x' }, 'labels', true)) as Error).message).to.match(/labels must not have an empty key/);
    expect((thrown(() => checkChanges({ '': 'x' }, 'annotations', true)) as Error).message).to.match(/annotations must not have an empty key/);
  });

  it('a value that is not a string (or null where removing is allowed) is refused, naming the key and the value', () => {
    expect((thrown(() => checkChanges({ n: 1 }, 'labels', true)) as Error).message).to.match(/labels\["n"\] must be a string or null, got 1/);
    expect((thrown(() => checkChanges({ n: null }, 'labels', false)) as Error).message).to.match(/labels\["n"\] must be a string, got null/);
  });

  it('key and value over 4096 bytes (UTF-8) are refused, as containerd refuses them', () => {
    expect(MAX_LABEL_BYTES).to.equal(4096);
    expect(() => checkChanges({ k: 'v'.repeat(4095) }, 'labels', false)).not.to.throw();
    expect((thrown(() => checkChanges({ k: 'v'.repeat(4096) }, 'labels', false)) as Error).message).to.match(/4097 bytes, containerd's limit is 4096/);
    expect(thrown(() => checkChanges({ k: 'é'.repeat(2048) }, 'labels', false))).to.be.instanceOf(InvalidArgumentError);
    expect(thrown(() => checkChanges({ ['k'.repeat(4097)]: null }, 'labels', true))).to.be.instanceOf(InvalidArgumentError);
  });
});

describe('containerInfo: a record as ctr containers info shows it', () => {
  it('times become Dates, JSON extensions are decoded, protobuf ones keep their bytes, the spec is decoded', () => {
    const json = new TextEncoder().encode('{"a":1}');
    const info = containerInfo({
      id: 'x', labels: { k: 'v' }, image: 'img', snapshotter: 'overlayfs', snapshotKey: 'x',
      runtime: { name: 'io.containerd.runc.v2', options: { typeUrl: 'containerd.runc.v1.Options', value: new Uint8Array([8, 1]) } },
      spec: packSpec({ ociVersion: '1.0.2' }),
      createdAt: { seconds: 1700000000, nanos: 5e8 }, updatedAt: { seconds: 1700000001, nanos: 0 },
      extensions: { mine: { typeUrl: 'types.containerd.io/example/Thing', value: json }, other: { typeUrl: 'example.Proto', value: new Uint8Array([1]) } },
    });
    expect(info.createdAt?.toISOString()).to.equal('2023-11-14T22:13:20.500Z');
    expect(info.updatedAt?.toISOString()).to.equal('2023-11-14T22:13:21.000Z');
    expect(info.runtime).to.deep.equal({ name: 'io.containerd.runc.v2', options: { typeUrl: 'containerd.runc.v1.Options', value: new Uint8Array([8, 1]) } });
    expect(info.extensions.mine).to.deep.equal({ typeUrl: 'types.containerd.io/example/Thing', value: json, decoded: { a: 1 } });
    expect(info.extensions.other).to.deep.equal({ typeUrl: 'example.Proto', value: new Uint8Array([1]) });
    expect(info.spec).to.deep.equal({ ociVersion: '1.0.2' });
  });
});
