import { expect } from 'chai';
import { gzipSync } from 'node:zlib';
import { DigestMismatchError, ImageArchiveError, ImageFormatError, InvalidArgumentError } from '../../src/client/errors.js';
import { archiveEntries } from '../../src/images/archive-entries.js';
import { blobMeter, type ArchiveBlob } from '../../src/images/blob-meter.js';
import { digestOf } from '../../src/images/digest.js';
import { planDockerSave, type DockerSaveFiles } from '../../src/images/docker-save-plan.js';
import { MediaTypes } from '../../src/images/media-types.js';
import { chunked, json, tarOf, type TarFile } from './archive-support.js';

const layer0 = new Uint8Array(5000).fill(7); // a plain "tar" (its bytes are what matter here)
const layer1 = gzipSync(Buffer.from('second layer'));
const config = json({ architecture: 'arm64', os: 'linux', variant: 'v8', rootfs: { type: 'layers', diff_ids: [digestOf(layer0), digestOf('second layer')] } });
const configName = `${digestOf(config).slice(7)}.json`;
const save = (entries: unknown): TarFile => ['manifest.json', json(entries)];

/** Reads an archive as the importer will: every file measured while it streams, links noted. */
async function measured(files: readonly TarFile[]): Promise<DockerSaveFiles> {
  const blobs = new Map<string, ArchiveBlob>();
  const links = new Map<string, string>();
  let manifestJson: Uint8Array | undefined;
  for await (const e of archiveEntries(chunked(await tarOf(files)), { memoryLimit: 1024 })) {
    if (e.type === 'link') {
      links.set(e.name, e.target!);
      continue;
    }
    const meter = blobMeter();
    for await (const chunk of e.body) meter.update(chunk);
    blobs.set(e.name, { ...meter.result(), ...(e.bytes ? { bytes: e.bytes } : {}) });
    if (e.name === 'manifest.json') manifestJson = e.bytes;
  }
  return { manifestJson: manifestJson!, files: blobs, links };
}

const classic = (repoTags: unknown = ['busybox:latest', 'registry.test/acme/box:1']): TarFile[] => [
  ['l0/VERSION', '1.0'], ['l0/layer.tar', layer0], ['l1/layer.tar', layer1], [configName, config],
  save([{ Config: configName, RepoTags: repoTags, Layers: ['l0/layer.tar', 'l1/layer.tar'] }]),
];

describe('images/docker-save-plan: a Docker schema 2 manifest for each image of a docker save archive', () => {
  it('makes the manifest from what was measured: Docker config type, each layer\'s digest, size and type by its compression', async () => {
    const [image] = planDockerSave(await measured(classic()));
    expect(image!.manifest).to.deep.equal({
      schemaVersion: 2,
      mediaType: MediaTypes.dockerManifest,
      config: { mediaType: MediaTypes.dockerConfig, digest: digestOf(config), size: config.length },
      layers: [
        { mediaType: MediaTypes.dockerLayer, digest: digestOf(layer0), size: layer0.length },
        { mediaType: MediaTypes.dockerLayerGzip, digest: digestOf(layer1), size: layer1.length },
      ],
    });
  });

  it('serialises the manifest as Go does (field order, no spaces); its target carries the config\'s platform', async () => {
    const [image] = planDockerSave(await measured(classic()));
    const text = new TextDecoder().decode(image!.manifestBytes);
    expect(text).to.match(/^\{"schemaVersion":2,"mediaType":"application\/vnd\.docker\.distribution\.manifest\.v2\+json","config":\{"mediaType":/);
    expect(image!.target).to.deep.equal({
      mediaType: MediaTypes.dockerManifest, digest: digestOf(image!.manifestBytes), size: image!.manifestBytes.length,
      platform: { architecture: 'arm64', os: 'linux', variant: 'v8' },
    });
  });

  it('names the image by its RepoTags, normalised as containerd does; none for an untagged image', async () => {
    expect(planDockerSave(await measured(classic()))[0]!.names).to.deep.equal(['docker.io/library/busybox:latest', 'registry.test/acme/box:1']);
    expect(planDockerSave(await measured(classic(null)))[0]!.names).to.deep.equal([]);
  });

  it('the caller\'s name replaces the RepoTags of an archive of one image, and is refused for several', async () => {
    const files = await measured(classic());
    expect(planDockerSave(files, { name: 'mine' })[0]!.names).to.deep.equal(['docker.io/library/mine:latest']);
    const two = await measured([...classic().slice(0, 4), save([1, 2].map(() => ({ Config: configName, RepoTags: [], Layers: ['l0/layer.tar', 'l1/layer.tar'] })))]);
    expect(() => planDockerSave(two, { name: 'mine' })).to.throw(InvalidArgumentError, 'archive of 2 images');
  });

  it('follows a layer.tar that is a link to another (old docker save)', async () => {
    const files = await measured([['l0/layer.tar', layer0], ['l1/layer.tar', { symlink: '../l0/layer.tar' }], [configName, config],
      save([{ Config: configName, RepoTags: [], Layers: ['l0/layer.tar', 'l1/layer.tar'] }])]);
    const [image] = planDockerSave(files);
    expect(image!.manifest.layers.map((l) => l.digest)).to.deep.equal([digestOf(layer0), digestOf(layer0)]);
  });

  it('reads Docker 25\'s blobs/sha256 paths, and checks a file named by its digest against its bytes', async () => {
    const path = (b: Uint8Array): string => `blobs/sha256/${digestOf(b).slice(7)}`;
    const files = await measured([[path(layer0), layer0], [path(layer1), layer1], [path(config), config],
      save([{ Config: path(config), RepoTags: ['app:1'], Layers: [path(layer0), path(layer1)] }])]);
    expect(planDockerSave(files)[0]!.manifest.config.digest).to.equal(digestOf(config));
    const lying = await measured([[path(layer0), layer1], [path(layer1), layer1], [path(config), config],
      save([{ Config: path(config), RepoTags: [], Layers: [path(layer0), path(layer1)] }])]);
    expect(() => planDockerSave(lying)).to.throw(DigestMismatchError).with.property('expectedDigest', digestOf(layer0));
  });

  it('a layer the archive does not hold: missing-blob naming its path', async () => {
    const files = await measured([[configName, config], save([{ Config: configName, RepoTags: [], Layers: ['l0/layer.tar', 'gone/layer.tar'] }]), ['l0/layer.tar', layer0]]);
    expect(() => planDockerSave(files)).to.throw(ImageArchiveError, 'gone/layer.tar').with.property('problem', 'missing-blob');
  });

  it('a manifest.json that is not a list of {Config, RepoTags, Layers}: malformed', async () => {
    for (const bad of [{}, [{ Config: 1, Layers: [] }], [{ Config: 'c', Layers: 'l' }], [{ Config: 'c', Layers: [], RepoTags: 'x' }]]) {
      const files = await measured([save(bad)]);
      expect(() => planDockerSave(files), JSON.stringify(bad)).to.throw(ImageArchiveError).with.property('entry', 'manifest.json');
    }
  });

  it('a config that is not an image config, or whose diff ids do not count the layers', async () => {
    const notConfig = await measured([['c.json', '{"os":"linux"}'], ['l0/layer.tar', layer0], save([{ Config: 'c.json', RepoTags: [], Layers: ['l0/layer.tar'] }])]);
    expect(() => planDockerSave(notConfig)).to.throw(ImageFormatError, 'field "architecture" is missing');
    const short = await measured([['l0/layer.tar', layer0], [configName, config], save([{ Config: configName, RepoTags: [], Layers: ['l0/layer.tar'] }])]);
    expect(() => planDockerSave(short)).to.throw(ImageArchiveError, '2 diff ids for 1 layers').with.property('entry', configName);
  });

  it('a config too large to be kept in memory: too-large', async () => {
    const files = await measured(classic());
    const { bytes: _kept, ...config } = files.files.get(configName)!;
    const withoutBytes = new Map(files.files).set(configName, config);
    expect(() => planDockerSave({ ...files, files: withoutBytes })).to.throw(ImageArchiveError).with.property('problem', 'too-large');
  });
});
