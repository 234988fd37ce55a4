import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { extract } from 'tar-stream';
import { formatPlatform, hostPlatform } from '../../src/images/platform.js';
import {
  buildFixtureImage, FIXTURE_FILES, FIXTURE_IMAGE_NAME, foreignPlatform, OCI_MEDIA_TYPES, writeArchiveWithCorruptBlob,
  writeDockerArchive, writeNotATarArchive, writeOciArchive, writeTruncatedArchive, type FixtureImage,
} from '../../src/testing/index.js';

interface Entry { readonly type: string; readonly uid: number; readonly mode: number; readonly linkname: string; readonly data: Buffer }

/** The entries of a tar, by name (directories without their trailing `/`). */
async function tarEntries(bytes: Buffer): Promise<Map<string, Entry>> {
  const entries = new Map<string, Entry>();
  const reader = extract();
  const done = (async () => {
    for await (const entry of reader) {
      const chunks: Buffer[] = [];
      for await (const chunk of entry) chunks.push(chunk as Buffer);
      const h = entry.header;
      entries.set(h.name.replace(/\/$/, ''), { type: h.type, uid: h.uid, mode: h.mode, linkname: h.linkname ?? '', data: Buffer.concat(chunks) });
    }
  })();
  reader.end(bytes);
  await done;
  return entries;
}

const sha256 = (bytes: Buffer): string => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
const blob = (image: FixtureImage, digest: string): Buffer => readFileSync(join(image.dir, 'blobs', 'sha256', digest.slice(7)));
const json = (image: FixtureImage, digest: string): any => JSON.parse(blob(image, digest).toString('utf8'));

describe('the fixture image builder', function () {
  this.timeout(60_000);
  let image: FixtureImage;
  let work: string;
  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'rxc-image-spec-'));
    image = await buildFixtureImage();
  });
  after(() => {
    image.remove();
    rmSync(work, { recursive: true, force: true });
  });

  it('gives the same digests and the same archive bytes when built twice (reproducible tar and gzip)', async () => {
    const options = { extraLayers: [{ files: { 'opt/note.txt': 'note' } }, { randomBytes: 100_000, seed: 3 }] };
    const [a, b] = [await buildFixtureImage(options), await buildFixtureImage(options)];
    try {
      expect(a.dir).to.not.equal(b.dir);
      expect(a.blobs).to.deep.equal(b.blobs);
      expect(a.blobs.map((d) => sha256(blob(a, d.digest)))).to.deep.equal(a.blobs.map((d) => d.digest));
      for (const write of [writeOciArchive, writeDockerArchive]) {
        const [fa, fb] = [await write(a, join(work, 'a.tar')), await write(b, join(work, 'b.tar'))];
        expect(sha256(readFileSync(fa))).to.equal(sha256(readFileSync(fb)));
      }
    } finally {
      a.remove();
      b.remove();
    }
  });

  it("lists this machine's platform and the other one in its index, each manifest with a config of its own platform", () => {
    const index = json(image, image.index!.digest);
    expect(image.target).to.deep.equal(image.index);
    expect(index.mediaType).to.equal(OCI_MEDIA_TYPES.index);
    const platforms = [hostPlatform(), foreignPlatform()];
    expect(index.manifests.map((m: any) => formatPlatform(m.platform))).to.deep.equal(platforms.map(formatPlatform));
    expect(image.hostManifest).to.equal(image.manifests[0]);
    const configs = image.manifests.map((m) => json(image, json(image, m.descriptor.digest).config.digest));
    expect(configs.map((c) => `${c.os}/${c.architecture}`)).to.deep.equal(platforms.map((p) => `${p.os}/${p.architecture}`));
    expect(configs[0].config.Env).to.include(`FIXTURE_PLATFORM=${formatPlatform(platforms[0]!)}`);
    expect(image.manifests[0]!.config.digest).to.not.equal(image.manifests[1]!.config.digest);
  });

  it('writes a config with Entrypoint, Cmd, Env, WorkingDir, User, Labels, StopSignal, ExposedPorts, diff ids and history', () => {
    const config = json(image, image.hostManifest!.config.digest);
    expect(config.config).to.include({ WorkingDir: '/srv/app', User: 'app', StopSignal: 'SIGINT' });
    expect(config.config.Entrypoint).to.deep.equal(['/bin/sh', '-c']);
    expect(config.config.Cmd).to.have.length(1);
    expect(config.config.Env[0]).to.match(/^PATH=/);
    expect(config.config.ExposedPorts).to.deep.equal({ '8080/tcp': {} });
    expect(config.config.Labels).to.have.property('org.opencontainers.image.title');
    expect(config.rootfs).to.deep.equal({ type: 'layers', diff_ids: image.layers.map((l) => l.diffId) });
    expect(config.history).to.have.length(2);
  });

  it('gives diff ids that are the sha256 of the uncompressed layer tars, and gzip headers with mtime 0 and OS byte 255', () => {
    for (const layer of image.layers) {
      const gz = blob(image, layer.descriptor.digest);
      expect(layer.descriptor.mediaType).to.equal(OCI_MEDIA_TYPES.layerGzip);
      expect([...gz.subarray(0, 10)]).to.deep.equal([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255]);
      const tar = gunzipSync(gz);
      expect(sha256(tar)).to.equal(layer.diffId);
      expect(tar.length).to.equal(layer.uncompressedSize);
      expect(gz.length).to.equal(layer.descriptor.size);
    }
  });

  it('makes a busybox base layer with applets, users and groups, and a second layer with a whiteout, an opaque folder and a new file', async () => {
    const base = await tarEntries(gunzipSync(blob(image, image.layers[0]!.descriptor.digest)));
    expect(base.get('bin/busybox')!.mode).to.equal(0o755);
    for (const applet of ['sh', 'echo', 'cat', 'id', 'env', 'pwd', 'sleep', 'ls']) expect(base.get(`bin/${applet}`)).to.include({ type: 'symlink', linkname: 'busybox' });
    expect(base.get('etc/passwd')!.data.toString()).to.include('app:x:1000:1000:app:/home/app:/bin/sh').and.include(':65534:65534:');
    expect(base.get('etc/group')!.data.toString()).to.include('staff:x:50:app');
    expect(base.get('home/app')).to.include({ type: 'directory', uid: 1000 });
    expect(base.get('tmp')!.mode).to.equal(0o1777);
    expect(base.get('etc/motd')!.data.toString()).to.equal(FIXTURE_FILES.motd);
    const changes = await tarEntries(gunzipSync(blob(image, image.layers[1]!.descriptor.digest)));
    expect([...changes.keys()].filter((n) => n.includes('.wh.'))).to.deep.equal(['etc/.wh.motd', 'srv/data/.wh..wh..opq']);
    expect(changes.get('srv/app/hello.txt')!.data.toString()).to.equal(FIXTURE_FILES.hello);
    expect(changes.get('srv/data/new.txt')!.data.toString()).to.equal(FIXTURE_FILES.newData);
  });

  it('writes an OCI layout whose index.json names the target with io.containerd.image.name and the tag as ref.name', async () => {
    const entries = await tarEntries(readFileSync(await writeOciArchive(image, join(work, 'oci.tar'))));
    expect(JSON.parse(entries.get('oci-layout')!.data.toString())).to.deep.equal({ imageLayoutVersion: '1.0.0' });
    const layout = JSON.parse(entries.get('index.json')!.data.toString());
    expect(layout.manifests).to.deep.equal([{
      ...image.target,
      annotations: { 'io.containerd.image.name': FIXTURE_IMAGE_NAME, 'org.opencontainers.image.ref.name': 'latest' },
    }]);
    const blobs = [...entries.keys()].filter((n) => n.startsWith('blobs/sha256/'));
    expect(blobs.sort()).to.deep.equal(image.blobs.map((b) => `blobs/sha256/${b.digest.slice(7)}`).sort());
    expect([...entries.values()].every((e) => e.uid === 0)).to.equal(true);
  });

  it('writes a docker save archive: manifest.json with the config <hex>.json, RepoTags as Docker prints them, <id>/layer.tar uncompressed, repositories', async () => {
    const entries = await tarEntries(readFileSync(await writeDockerArchive(image, join(work, 'docker.tar'))));
    const [manifest] = JSON.parse(entries.get('manifest.json')!.data.toString());
    const configHex = image.hostManifest!.config.digest.slice(7);
    expect(manifest.Config).to.equal(`${configHex}.json`);
    expect(manifest.RepoTags).to.deep.equal(['rxc-fixture:latest']);
    expect(sha256(entries.get(manifest.Config)!.data)).to.equal(image.hostManifest!.config.digest);
    expect(manifest.Layers.map((l: string) => sha256(entries.get(l)!.data))).to.deep.equal(image.layers.map((l) => l.diffId));
    const top = image.layers.at(-1)!.diffId.slice(7);
    expect(JSON.parse(entries.get('repositories')!.data.toString())).to.deep.equal({ 'rxc-fixture': { latest: top } });
  });

  it("points index.json at the single manifest for platforms: 'host', and has no manifest for this machine for 'foreign'", async () => {
    const host = await buildFixtureImage({ platforms: 'host', names: ['example.com/a/b:1', 'docker.io/library/c:2'] });
    const foreign = await buildFixtureImage({ platforms: 'foreign' });
    try {
      expect(host.index).to.equal(undefined);
      const { platform: _platform, ...manifest } = host.manifests[0]!.descriptor;
      expect(host.target).to.deep.equal(manifest);
      const layout = JSON.parse(readFileSync(join(host.dir, 'index.json'), 'utf8'));
      expect(layout.manifests.map((m: any) => m.annotations['org.opencontainers.image.ref.name'])).to.deep.equal(['1', '2']);
      expect(foreign.hostManifest).to.equal(undefined);
      expect(json(foreign, foreign.index!.digest).manifests.map((m: any) => formatPlatform(m.platform))).to.deep.equal([formatPlatform(foreignPlatform())]);
    } finally {
      host.remove();
      foreign.remove();
    }
  });

  it('takes config overrides into every platform config, and extra layers on top with their history', async () => {
    const custom = await buildFixtureImage({
      config: { Cmd: ['exit 7'], Env: ['A=1'], User: '1000:50', StopSignal: 'SIGTERM' },
      extraLayers: [{ files: { 'opt/x/y.txt': 'y' }, gzip: false }],
    });
    try {
      for (const m of custom.manifests) {
        const config = json(custom, m.config.digest);
        expect(config.config).to.deep.include({ Cmd: ['exit 7'], Env: ['A=1'], User: '1000:50', StopSignal: 'SIGTERM', WorkingDir: '/srv/app' });
        expect(config.history).to.have.length(3);
      }
      const extra = custom.layers[2]!;
      expect(extra.descriptor.mediaType).to.equal(OCI_MEDIA_TYPES.layer);
      expect(extra.diffId).to.equal(extra.descriptor.digest);
      expect([...(await tarEntries(blob(custom, extra.descriptor.digest))).keys()]).to.deep.equal(['opt', 'opt/x', 'opt/x/y.txt']);
    } finally {
      custom.remove();
    }
  });

  it('streams a random layer of exactly N seeded bytes: the same seed gives the same digest, another seed another', async () => {
    const build = (seed: number) => buildFixtureImage({ platforms: 'host', extraLayers: [{ randomBytes: 3_000_001, seed }] });
    const [a, b, c] = [await build(5), await build(5), await build(6)];
    try {
      const file = (await tarEntries(blob(a, a.layers[2]!.descriptor.digest))).get('data/random-5.bin')!;
      expect(file.data.length).to.equal(3_000_001);
      expect(a.layers[2]!.diffId).to.equal(b.layers[2]!.diffId);
      expect(a.layers[2]!.diffId).to.not.equal(c.layers[2]!.diffId);
    } finally {
      for (const i of [a, b, c]) i.remove();
    }
  });

  it('makes bad archives: cut short, not a tar, and one blob whose bytes do not match its digest (named)', async () => {
    const good = await writeOciArchive(image, join(work, 'good.tar'));
    const cut = await writeTruncatedArchive(good, join(work, 'cut.tar'));
    expect(statSync(cut).size).to.equal(Math.floor(statSync(good).size / 2));
    expect(readFileSync(cut).equals(readFileSync(good).subarray(0, statSync(cut).size))).to.equal(true);
    expect(statSync(await writeTruncatedArchive(good, join(work, 'cut100.tar'), 100)).size).to.equal(100);
    await expectRejected(tarEntries(readFileSync(await writeNotATarArchive(join(work, 'junk.tar')))));
    const corrupt = await writeArchiveWithCorruptBlob(image, join(work, 'corrupt.tar'));
    expect(corrupt.digest).to.equal(image.layers.at(-1)!.descriptor.digest);
    const entries = await tarEntries(readFileSync(corrupt.file));
    for (const b of image.blobs) {
      const bytes = entries.get(`blobs/sha256/${b.digest.slice(7)}`)!.data;
      expect(bytes.length).to.equal(b.size);
      expect(sha256(bytes) === b.digest).to.equal(b.digest !== corrupt.digest);
    }
    await expectRejected(writeArchiveWithCorruptBlob(image, join(work, 'x.tar'), `sha256:${'0'.repeat(64)}`), RangeError);
  });

  it('refuses a bad option with a TypeError naming it', async () => {
    await expectRejected(buildFixtureImage({ platforms: 'both' as never }), TypeError, /platforms/);
    await expectRejected(buildFixtureImage({ names: [] }), TypeError, /names/);
    await expectRejected(buildFixtureImage({ extraLayers: [{ randomBytes: -1 }] }), TypeError, /extraLayers\[0\]\.randomBytes/);
  });
});

async function expectRejected(promise: Promise<unknown>, type: new (...a: never[]) => Error = Error, message?: RegExp): Promise<void> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).to.be.instanceOf(type);
  if (message) expect((error as Error).message).to.match(message);
}
