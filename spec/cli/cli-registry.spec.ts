import { expect } from 'chai';
import type { Client } from '../../src/process/client.js';
import { buildFixtureImage, FIXTURE_IMAGE_NAME, loadFixtureImage, type FixtureImage } from '../../src/testing/index.js';
import { formatPlatform, hostPlatform } from '../../src/images/platform.js';
import { cliDone } from '../support/cli.js';
import { testClient } from '../support/daemon.js';
import { testRegistry } from '../support/registry.js';

describe('rx-containerd pull, push and run pulling (a real registry, a real daemon)', function () {
  this.timeout(120_000);
  let image: FixtureImage;
  before(async () => {
    image = await buildFixtureImage({ platforms: 'host' });
  });
  after(() => image?.remove());

  /** The CLI against `client`'s namespace. */
  const on = (client: Client, args: string[], input?: string) =>
    cliDone(['-a', client.address, '-n', client.namespace, ...args], input === undefined ? {} : { input });
  /** The digests of the host manifest's config and layers. */
  const blobDigests = (): string[] => [image.hostManifest!.config.digest, ...image.hostManifest!.layers.map((l) => l.descriptor.digest)];

  /** A namespace holding the fixture image, pushed with the CLI to `ref`. */
  async function pushed(ref: string, user?: string): Promise<Client> {
    const source = await testClient();
    await loadFixtureImage(source, image);
    const push = await on(source, ['push', ...(user ? ['--user', user] : []), ref, FIXTURE_IMAGE_NAME]);
    expect(push.code, push.stderr).to.equal(0);
    expect(push.stdout).to.equal(`${image.target.digest}\n`);
    return source;
  }

  it('push then pull into another namespace: the name on stdout, a line per phase and per blob, identical digests', async () => {
    const registry = await testRegistry();
    const ref = `${registry.host}/app:1`;
    await pushed(ref);
    const client = await testClient();
    const pull = await on(client, ['pull', ref]);
    expect(pull.code, pull.stderr).to.equal(0);
    expect(pull.stdout).to.equal(`${ref}\n`);
    const lines = pull.stderr.trim().split('\n');
    expect(lines.filter((l) => !l.startsWith('done '))).to.deep.equal(['resolving', 'fetching', 'unpacking', 'done']);
    expect(lines.filter((l) => l.startsWith('done ')).length).to.equal(blobDigests().length);
    const [pulled] = await client.images([`name==${ref}`]);
    expect(pulled!.target.digest).to.equal(image.target.digest);
    expect(await pulled!.size()).to.be.greaterThan(0);
  });

  it('pull --json: one value per line, ending with done, byte totals equal to the manifest sizes', async () => {
    const registry = await testRegistry();
    const ref = `${registry.host}/app:json`;
    await pushed(ref);
    const client = await testClient();
    const pull = await on(client, ['pull', '--json', '--unpack=false', ref]);
    expect(pull.code, pull.stderr).to.equal(0);
    const values = pull.stdout.trim().split('\n').map((l) => JSON.parse(l) as { type: string; phase: string; digest?: string; bytes?: number; total?: number; image?: { name: string } });
    expect(values.at(-1)).to.deep.include({ type: 'phase', phase: 'done' });
    expect(values.at(-1)!.image!.name).to.equal(ref);
    expect(values.some((v) => v.phase === 'unpacking')).to.equal(false);
    const sizes = new Map([[image.hostManifest!.config.digest, image.hostManifest!.config.size], ...image.hostManifest!.layers.map((l) => [l.descriptor.digest, l.descriptor.size] as const)]);
    const last = new Map(values.filter((v) => v.type === 'blob').map((v) => [v.digest!, v]));
    expect([...last.keys()].sort()).to.deep.equal(blobDigests().sort());
    for (const [digest, v] of last) expect([v.phase, v.bytes, v.total], digest).to.deep.equal(['done', sizes.get(digest), sizes.get(digest)]);
  });

  it('basic auth: --user right pulls (the password also from stdin), wrong exits 1 naming the registry', async () => {
    const registry = await testRegistry({ htpasswd: { alice: 's3cret' } });
    const ref = `${registry.host}/private:1`;
    await pushed(ref, 'alice:s3cret');
    const right = await on(await testClient(), ['pull', '--user', 'alice:s3cret', ref]);
    expect(right.code, right.stderr).to.equal(0);
    const stdin = await on(await testClient(), ['pull', '--user', 'alice', ref], 's3cret\n');
    expect(stdin.code, stdin.stderr).to.equal(0);
    const wrong = await on(await testClient(), ['pull', '--user', 'alice:nope', ref]);
    expect(wrong.code).to.equal(1);
    expect(wrong.stderr).to.include(registry.host);
    const none = await on(await testClient(), ['pull', ref], '');
    expect(none.code).to.equal(1);
    expect(none.stderr).to.include(registry.host);
  });

  it('run localhost:PORT/app:1 pulls what the namespace lacks, then runs it', async () => {
    const registry = await testRegistry();
    const ref = `localhost:${registry.host.split(':')[1]}/app:1`;
    await pushed(ref);
    const client = await testClient();
    const run = await on(client, ['run', ref]);
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout).to.equal(`hello from app in /srv/app on ${formatPlatform(hostPlatform())}\n`);
    expect(run.stderr.split('\n').filter((l) => l.startsWith('done ')).length).to.equal(blobDigests().length);
    expect((await client.images()).map((i) => i.name)).to.deep.equal([ref]);
    const again = await on(client, ['run', ref, 'echo again']);
    expect([again.code, again.stdout, again.stderr]).to.deep.equal([0, 'again\n', '']);
  });

  it('a malformed reference is a usage error (exit 2) before any request', async () => {
    const client = await testClient();
    for (const args of [['pull', 'App:1'], ['push', 'localhost:1/app:1', 'bad ref'], ['pull', '127.0.0.1:1/app:-x']]) {
      const r = await on(client, args);
      expect(r.code, args.join(' ')).to.equal(2);
      expect(r.stderr).to.match(/invalid image reference/);
    }
  });
});
