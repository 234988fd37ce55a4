import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { concatMap, firstValueFrom, lastValueFrom, map, reduce, toArray } from 'rxjs';
import { withLease } from '../../src/client/call-port.js';
import { NotFoundError } from '../../src/client/errors.js';
import { Content, Images, Introspection, Leases } from '../../src/proto/services.js';
import { eventually } from '../streams/daemon-support.js';
import { testClient, unique } from '../support/daemon.js';

const digestOf = (b: Buffer): string => `sha256:${createHash('sha256').update(b).digest('hex')}`;

describe('the image services on the wire (real daemon)', () => {
  it('introspection lists the snapshotter plugins, overlayfs and native among them', async () => {
    const client = await testClient();
    const { plugins } = await firstValueFrom(client.conn.call$(Introspection.plugins, { filters: ['type==io.containerd.snapshotter.v1'] }));
    const ids = plugins.map((p) => p.id);
    expect(ids).to.include.members(['overlayfs', 'native']);
    expect(plugins.every((p) => p.type === 'io.containerd.snapshotter.v1')).to.equal(true);
  });

  it('Content.Write over the bidirectional stream: STAT, WRITE in chunks, COMMIT; the blob reads back equal', async () => {
    const client = await testClient();
    const blob = Buffer.from('x'.repeat(3000) + unique('blob'));
    const digest = digestOf(blob);
    const ref = unique('ref');
    const answers = await lastValueFrom(client.conn.duplex$(Content.write).pipe(
      concatMap((d) => d.exchange$({ action: 'STAT', ref, total: blob.length, expected: digest }).pipe(
        concatMap((stat) => d.exchange$({ action: 'WRITE', ref, offset: stat.offset, data: blob.subarray(0, 1000) })),
        concatMap((w) => d.exchange$({ action: 'WRITE', ref, offset: w.offset, data: blob.subarray(w.offset) })),
        concatMap((w) => d.exchange$({ action: 'COMMIT', ref, offset: w.offset, total: blob.length, expected: digest })),
        map((commit) => {
          d.end();
          return commit;
        }),
      )),
      toArray(),
    ));
    expect(answers.map((a) => [a.action, a.offset, a.digest])).to.deep.equal([['COMMIT', blob.length, digest]]);
    const back = await lastValueFrom(client.conn.stream$(Content.read, { digest }).pipe(
      reduce((parts: Buffer[], r) => [...parts, Buffer.from(r.data)], []),
    ));
    expect(Buffer.concat(back).equals(blob)).to.equal(true);
    const { info } = await firstValueFrom(client.conn.call$(Content.info, { digest }));
    expect(info?.size).to.equal(blob.length);
  });

  it('a call made through withLease carries the lease: the blob it writes is a resource of that lease', async () => {
    const client = await testClient();
    const id = unique('lease');
    await firstValueFrom(client.conn.call$(Leases.create, { id, labels: { 'containerd.io/gc.expire': new Date(Date.now() + 60_000).toISOString() } }));
    const leased = withLease(client.conn, id);
    const blob = Buffer.from(unique('leased-blob'));
    const digest = digestOf(blob);
    const ref = unique('ref');
    await lastValueFrom(leased.duplex$(Content.write).pipe(
      concatMap((d) => d.exchange$({ action: 'WRITE', ref, offset: 0, data: blob }).pipe(
        concatMap(() => d.exchange$({ action: 'COMMIT', ref, offset: blob.length, total: blob.length, expected: digest })),
        map(() => d.end()),
      )),
    ));
    const { resources } = await firstValueFrom(client.conn.call$(Leases.listResources, { id }));
    expect(resources).to.deep.include({ id: digest, type: 'content' });
    await firstValueFrom(client.conn.call$(Leases.delete, { id, sync: true }));
    const gone = await firstValueFrom(client.conn.call$(Content.info, { digest })).catch((e: unknown) => e);
    expect(gone).to.be.instanceOf(NotFoundError);
  });

  it('an image record is created, read, listed and deleted, and its events arrive typed', async () => {
    const client = await testClient();
    const seen: string[] = [];
    const sub = client.events$.subscribe((e) => seen.push(e.event.type));
    await firstValueFrom(client.hub.live$);
    const blob = Buffer.from('{}');
    const target = { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: digestOf(blob), size: blob.length };
    const name = `example.test/${unique('img')}:1`;
    const created = await firstValueFrom(client.conn.call$(Images.create, { image: { name, labels: { a: 'b' }, target } }));
    expect(created.image?.target).to.deep.include(target);
    const got = await firstValueFrom(client.conn.call$(Images.get, { name }));
    expect(got.image?.labels).to.deep.equal({ a: 'b' });
    const { images } = await firstValueFrom(client.conn.call$(Images.list, {}));
    expect(images.map((i) => i.name)).to.deep.equal([name]);
    await firstValueFrom(client.conn.call$(Images.delete, { name, sync: true }));
    await eventually(() => seen.includes('ImageDelete'), 'the ImageDelete event');
    sub.unsubscribe();
    expect(seen.filter((t) => t.startsWith('Image'))).to.deep.equal(['ImageCreate', 'ImageDelete']);
  });
});
