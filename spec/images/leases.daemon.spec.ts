import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { concat, concatMap, firstValueFrom, lastValueFrom, map, NEVER, tap, throwError, toArray } from 'rxjs';
import { AlreadyExistsError, NotFoundError } from '../../src/client/errors.js';
import { DEFAULT_LEASE_EXPIRE_MS, LEASE_EXPIRE_LABEL, type Lease } from '../../src/images/leases.js';
import { testClient, unique } from '../support/daemon.js';
import { until } from './generated-blob.js';

const digestOf = (b: Uint8Array): string => `sha256:${createHash('sha256').update(b).digest('hex')}`;

describe('leases (real daemon)', () => {
  it('create$ makes a lease expiring 24 h from now by default (expireMs otherwise), list$ shows it, delete$ removes it', async () => {
    const client = await testClient();
    const before = Date.now();
    const lease = await client.leases.create({ labels: { app: 'x' } });
    expect(lease.id).to.match(/^rxc-/);
    const expires = Date.parse(lease.labels[LEASE_EXPIRE_LABEL]!);
    expect(expires - before).to.be.within(DEFAULT_LEASE_EXPIRE_MS - 1_000, DEFAULT_LEASE_EXPIRE_MS + 5_000);
    expect(lease.labels['app']).to.equal('x');
    const short = await client.leases.create({ id: unique('short'), expireMs: 60_000 });
    expect(Date.parse(short.labels[LEASE_EXPIRE_LABEL]!) - before).to.be.within(59_000, 65_000);
    expect((await client.leases.list()).map((l) => l.id).sort()).to.deep.equal([lease.id, short.id].sort());
    expect((await client.leases.list([`id==${short.id}`])).map((l) => l.id)).to.deep.equal([short.id]);
    expect(await client.leases.create({ id: short.id }).catch((e: unknown) => e)).to.be.instanceOf(AlreadyExistsError);
    await client.leases.delete(lease.id);
    await client.leases.delete(short.id, { sync: true });
    expect(await client.leases.list()).to.deep.equal([]);
    expect(await client.leases.delete(short.id).catch((e: unknown) => e)).to.be.instanceOf(NotFoundError);
  });

  it('addResource$ and deleteResource$ put a blob under a lease and take it out; resources$ lists what it holds', async () => {
    const client = await testClient();
    const blob = Buffer.from(unique('resource'));
    const digest = digestOf(blob);
    await client.content.write(blob, { digest, size: blob.length });
    const { id } = await client.leases.create({ expireMs: 60_000 });
    await firstValueFrom(client.leases.addResource$(id, { id: digest, type: 'content' }));
    expect(await firstValueFrom(client.leases.resources$(id))).to.deep.equal([{ id: digest, type: 'content' }]);
    await firstValueFrom(client.leases.deleteResource$(id, { id: digest, type: 'content' }));
    expect(await firstValueFrom(client.leases.resources$(id))).to.deep.equal([]);
    await client.leases.delete(id);
  });

  it('content written inside withLease$ is a resource of the lease; once the lease is deleted with sync, unreferenced content is gone', async () => {
    const client = await testClient();
    const blob = Buffer.from(unique('leased'));
    const digest = digestOf(blob);
    let leaseId = '';
    const resources = await lastValueFrom(client.withLease$((images, lease) => {
      leaseId = lease.id;
      expect(images.port.lease).to.equal(lease.id);
      return images.content.write$(blob, { digest, size: blob.length }).pipe(
        toArray(),
        concatMap(() => client.leases.resources$(lease.id)),
      );
    }, { sync: true }));
    expect(resources).to.deep.include({ id: digest, type: 'content' });
    expect(await client.leases.list([`id==${leaseId}`])).to.deep.equal([]);
    expect(await client.content.info(digest).catch((e: unknown) => e)).to.be.instanceOf(NotFoundError);
  });

  it('content written inside withLease$ and referenced by the label of a GC root survives the lease; the rest goes', async () => {
    const client = await testClient();
    const child = Buffer.from(unique('child'));
    const parent = Buffer.from(unique('parent'));
    const loose = Buffer.from(unique('loose'));
    const labels = { 'containerd.io/gc.root': 'true', 'containerd.io/gc.ref.content.0': digestOf(child) };
    await lastValueFrom(client.withLease$((images) => concat(
      images.content.write$(child, { digest: digestOf(child), size: child.length }),
      images.content.write$(loose, { digest: digestOf(loose), size: loose.length }),
      // the parent is a GC root (as an image record would make it), and its gc.ref label keeps the child
      images.content.write$(parent, { digest: digestOf(parent), size: parent.length, labels }),
    ), { sync: true }));
    expect((await client.content.info(digestOf(parent))).labels).to.deep.equal(labels);
    expect((await client.content.info(digestOf(child))).size).to.equal(child.length);
    expect(await client.content.info(digestOf(loose)).catch((e: unknown) => e)).to.be.instanceOf(NotFoundError);
  });

  it('withLease$ deletes its lease when fn completes, when fn fails (the error passes through) and when the consumer unsubscribes', async () => {
    const client = await testClient();
    const seen: Lease[] = [];
    const note = (lease: Lease): void => void seen.push(lease);
    expect(await lastValueFrom(client.withLease$((_, lease) => (note(lease), client.leases.list$().pipe(map((ls) => ls.map((l) => l.id))))))).to.deep.equal([seen[0]!.id]);
    expect(await client.leases.list()).to.deep.equal([]);

    const boom = new Error('boom');
    const failed = await lastValueFrom(client.withLease$((_, lease) => (note(lease), throwError(() => boom)))).catch((e: unknown) => e);
    expect(failed).to.equal(boom);
    expect(await client.leases.list()).to.deep.equal([]);

    let inside = false;
    const subscription = client.withLease$((_, lease) => (note(lease), NEVER.pipe(tap({ subscribe: () => (inside = true) })))).subscribe();
    await until(async () => inside, 'fn running');
    expect((await client.leases.list()).map((l) => l.id)).to.deep.equal([seen[2]!.id]);
    subscription.unsubscribe();
    await until(async () => (await client.leases.list()).length === 0, 'the lease deleted after unsubscription');
  });
});
