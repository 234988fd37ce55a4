import { expect } from 'chai';
import { firstValueFrom } from 'rxjs';
import { RegistryAuthError } from '../../src/client/errors.js';
import { RegistryClient } from '../../src/images/registry/registry-client.js';
import { testRegistry, testTokenServer } from '../support/registry.js';
import { countingFetch, pushImage, rejection, testImage } from './registry-images.js';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('registry auth against a real registry', () => {
  describe('basic (htpasswd)', () => {
    it('the right credentials push and resolve: one anonymous 401, then basic auth sent up front', async () => {
      const registry = await testRegistry({ htpasswd: { alice: 's3cret' } });
      const counted = countingFetch();
      const client = new RegistryClient({ username: 'alice', password: 's3cret', fetch: counted.fetch });
      const image = testImage(16);
      await pushImage(client, { domain: registry.host, path: 'app' }, image, '1');
      expect((await firstValueFrom(client.resolve$(`${registry.host}/app:1`))).digest).to.equal(image.manifest.digest);
      expect(counted.requests.filter((r) => r.status === 401)).to.have.length(1);
      expect(counted.requests.slice(1).every((r) => r.auth === 'Basic')).to.equal(true);
    });

    it('credentials from a Docker config\'s auths entry', async () => {
      const registry = await testRegistry({ htpasswd: { bob: 'pw:with:colons' } });
      const auth = Buffer.from('bob:pw:with:colons').toString('base64');
      const client = new RegistryClient({ dockerConfig: { auths: { [`http://${registry.host}`]: { auth } } } });
      await pushImage(client, { domain: registry.host, path: 'app' }, testImage(16), '1');
    });

    it('wrong credentials: a RegistryAuthError naming the registry, after exactly one retry', async () => {
      const registry = await testRegistry({ htpasswd: { alice: 's3cret' } });
      const counted = countingFetch();
      const client = new RegistryClient({ username: 'alice', password: 'wrong', fetch: counted.fetch });
      const error = await rejection(firstValueFrom(client.resolve$(`${registry.host}/app:1`)));
      expect(error).to.be.instanceOf(RegistryAuthError);
      expect(error.message).to.include(`registry ${registry.host} refused access to ${registry.host}/app:1`).and.include('HTTP 401');
      expect(counted.requests.map((r) => [r.method, r.status, r.auth])).to.deep.equal([['HEAD', 401, undefined], ['HEAD', 401, 'Basic']]);
    });

    it('no credentials: a RegistryAuthError saying some are wanted, with no retry', async () => {
      const registry = await testRegistry({ htpasswd: { alice: 's3cret' } });
      const counted = countingFetch();
      const error = await rejection(firstValueFrom(new RegistryClient({ fetch: counted.fetch }).resolve$(`${registry.host}/app:1`)));
      expect(error).to.be.instanceOf(RegistryAuthError);
      expect(error.message).to.include(registry.host).and.include('wants credentials');
      expect(counted.requests).to.have.length(1);
    });
  });

  describe('Bearer tokens (token auth)', () => {
    it('answers the challenge with a token for the scope, and reuses it while it is good', async () => {
      const tokens = await testTokenServer();
      const registry = await testRegistry({ tokenServer: tokens });
      const counted = countingFetch();
      const client = new RegistryClient({ fetch: counted.fetch });
      const image = testImage(16);
      await pushImage(client, { domain: registry.host, path: 'app' }, image, '1');
      await firstValueFrom(client.resolve$(`${registry.host}/app:1`));
      expect(tokens.requests.map((r) => r.scopes)).to.deep.equal([
        ['repository:app:pull,push', 'repository:app:pull'], // the push's scope, and the one the challenge named
        ['repository:app:pull'], // the resolve's scope is its own: fetched up front, the registry's challenge known
      ]);
      const registryRequests = counted.requests.filter((r) => !r.url.startsWith(tokens.realm));
      expect(registryRequests.filter((r) => r.status === 401)).to.have.length(1);
      expect(registryRequests.slice(1).every((r) => r.auth === 'Bearer')).to.equal(true);
    });

    it('with credentials, the token endpoint gets them; wrong ones: a RegistryAuthError naming the registry, no retry storm', async () => {
      const tokens = await testTokenServer({ users: { carol: 'right' } });
      const registry = await testRegistry({ tokenServer: tokens });
      await pushImage(new RegistryClient({ username: 'carol', password: 'right' }), { domain: registry.host, path: 'app' }, testImage(16), '1');
      expect(tokens.requests.every((r) => r.account === 'carol' && r.status === 200)).to.equal(true);
      const counted = countingFetch();
      const error = await rejection(firstValueFrom(new RegistryClient({ username: 'carol', password: 'wrong', fetch: counted.fetch }).resolve$(`${registry.host}/app:1`)));
      expect(error).to.be.instanceOf(RegistryAuthError);
      expect(error.message).to.include(`registry ${registry.host}`).and.include('refused the credentials of user "carol"');
      expect(counted.requests.map((r) => r.status)).to.deep.equal([401, 401]); // the registry's challenge, the token endpoint's refusal
    });

    it('a token past its expires_in is fetched anew before the next request', async () => {
      const tokens = await testTokenServer({ expiresInS: 1 });
      const registry = await testRegistry({ tokenServer: tokens });
      const counted = countingFetch();
      const client = new RegistryClient({ fetch: counted.fetch });
      await pushImage(client, { domain: registry.host, path: 'app' }, testImage(16), '1');
      const before = tokens.requests.length;
      await sleep(1_100);
      await firstValueFrom(client.resolve$(`${registry.host}/app:1`));
      expect(tokens.requests.length).to.equal(before + 1);
      expect(counted.requests.at(-1)).to.include({ method: 'HEAD', status: 200, auth: 'Bearer' });
    });

    it('a token the registry refuses before its announced expiry is replaced once, on the 401', async () => {
      const tokens = await testTokenServer({ expiresInS: 300 });
      const registry = await testRegistry({ tokenServer: tokens });
      const client = new RegistryClient();
      await pushImage(client, { domain: registry.host, path: 'app' }, testImage(16), '1');
      // from now on, tokens announce 300 s but the registry takes them for 3 s only (its leeway is a minute)
      tokens.lifetimeS = -57;
      const counted = countingFetch();
      const watched = new RegistryClient({ fetch: counted.fetch });
      await firstValueFrom(watched.resolve$(`${registry.host}/app:1`));
      await sleep(3_500);
      await firstValueFrom(watched.resolve$(`${registry.host}/app:1`));
      const statuses = counted.requests.filter((r) => !r.url.startsWith(tokens.realm)).map((r) => [r.status, r.auth]);
      expect(statuses).to.deep.equal([[401, undefined], [200, 'Bearer'], [401, 'Bearer'], [200, 'Bearer']]);
    });
  });
});
