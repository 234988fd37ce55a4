import { expect } from 'chai';
import { existsSync, readFileSync } from 'node:fs';
import { firstValueFrom } from 'rxjs';
import { RegistryClient } from '../../src/images/registry/registry-client.js';
import { testRegistry, testTokenServer } from '../support/registry.js';
import { pushImage, testImage } from '../images/registry-images.js';

async function status(url: string, headers: Record<string, string> = {}): Promise<{ status: number; challenge: string | null }> {
  const res = await fetch(url, { headers });
  await res.body?.cancel();
  return { status: res.status, challenge: res.headers.get('www-authenticate') };
}

describe('startRegistry (a private docker-registry)', () => {
  it('serves the distribution API on a free port of 127.0.0.1, and stop() ends it and removes its directory', async () => {
    const registry = await testRegistry();
    expect(registry.host).to.match(/^127\.0\.0\.1:\d+$/);
    expect(await status(`${registry.url}/v2/`)).to.deep.equal({ status: 200, challenge: null });
    const pid = registry.pid;
    await registry.stop();
    expect(existsSync(registry.dir)).to.equal(false);
    expect(() => process.kill(pid, 0)).to.throw();
  });

  it('kill() then restart() serves the same storage on the same port', async () => {
    const registry = await testRegistry();
    const client = new RegistryClient();
    const image = testImage(16);
    await pushImage(client, { domain: registry.host, path: 'app' }, image, '1');
    await registry.kill();
    let refused: unknown;
    await fetch(`${registry.url}/v2/`).catch((e: unknown) => (refused = e));
    expect(refused).to.be.instanceOf(Error);
    await registry.restart();
    expect((await firstValueFrom(client.resolve$(`${registry.host}/app:1`))).digest).to.equal(image.manifest.digest);
  });

  it('with htpasswd users, answers 401 with a Basic challenge, and 200 to the right credentials', async () => {
    const registry = await testRegistry({ htpasswd: { alice: 's3cret' } });
    const anonymous = await status(`${registry.url}/v2/`);
    expect(anonymous.status).to.equal(401);
    expect(anonymous.challenge).to.match(/^Basic realm=/);
    const basic = (user: string, password: string): Record<string, string> => ({ authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` });
    expect((await status(`${registry.url}/v2/`, basic('alice', 'wrong'))).status).to.equal(401);
    expect((await status(`${registry.url}/v2/`, basic('alice', 's3cret'))).status).to.equal(200);
  });

  it('with a token endpoint, challenges with Bearer realm, service and scope, and accepts the tokens it issues', async () => {
    const tokens = await testTokenServer();
    const registry = await testRegistry({ tokenServer: tokens });
    const first = await status(`${registry.url}/v2/app/tags/list`);
    expect(first.status).to.equal(401);
    expect(first.challenge).to.equal(`Bearer realm="${tokens.realm}",service="${tokens.service}",scope="repository:app:pull"`);
    const answer = (await (await fetch(`${tokens.realm}?service=${tokens.service}&scope=repository:app:pull`)).json()) as { token: string; expires_in: number };
    expect(answer.expires_in).to.equal(300);
    // 404 NAME_UNKNOWN: past auth, the repository does not exist yet
    expect((await status(`${registry.url}/v2/app/tags/list`, { authorization: `Bearer ${answer.token}` })).status).to.equal(404);
    tokens.lifetimeS = -600;
    const stale = (await (await fetch(`${tokens.realm}?service=${tokens.service}&scope=repository:app:pull`)).json()) as { token: string };
    expect((await status(`${registry.url}/v2/app/tags/list`, { authorization: `Bearer ${stale.token}` })).status).to.equal(401);
    expect(tokens.requests.map((r) => r.scopes)).to.deep.equal([['repository:app:pull'], ['repository:app:pull']]);
  });

  it('corruptBlob() changes the bytes of a stored blob, keeping its size', async () => {
    const registry = await testRegistry();
    const data = Buffer.from('hello registry');
    const { createHash } = await import('node:crypto');
    const digest = `sha256:${createHash('sha256').update(data).digest('hex')}`;
    const post = await fetch(`${registry.url}/v2/app/blobs/uploads/`, { method: 'POST' });
    await post.body?.cancel();
    const location = new URL(post.headers.get('location')!, registry.url);
    location.searchParams.set('digest', digest);
    const put = await fetch(location, { method: 'PUT', body: data, headers: { 'content-type': 'application/octet-stream' } });
    expect(put.status).to.equal(201);
    registry.corruptBlob(digest);
    const stored = readFileSync(registry.blobPath(digest));
    expect(stored.length).to.equal(data.length);
    expect(stored.equals(data)).to.equal(false);
  });
});
