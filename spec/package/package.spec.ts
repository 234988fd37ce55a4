import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const script = `${repo}scripts/check-package.mjs`;

interface PackageCheck {
  strayFiles(files: string[]): string[];
  requireLoadsEsm(version: string): boolean;
}
const check = (): Promise<PackageCheck> => import(script) as Promise<PackageCheck>;

describe('the npm package', function () {
  this.timeout(120_000);

  it('publishes only the built code, its types, the .proto files and the papers; loads with import and require()', () => {
    const run = spawnSync(process.execPath, [script], { cwd: repo, encoding: 'utf8' });
    expect(run.status, `${run.stdout}${run.stderr}`).to.equal(0);
    expect(run.stdout).to.match(/none stray/);
  });

  it('the review names every stray file: source maps, tarballs, specs, sources', async () => {
    const { strayFiles } = await check();
    const files = ['package.json', 'LICENSE', 'dist/index.js', 'dist/index.d.ts', 'dist/proto/tasks.proto',
      'dist/index.js.map', 'rx-containerd-0.1.0.tgz', 'build/spec/x.spec.js', 'src/index.ts'];
    expect(strayFiles(files)).to.deep.equal(['dist/index.js.map', 'rx-containerd-0.1.0.tgz', 'build/spec/x.spec.js', 'src/index.ts']);
  });

  it('expects require() to load the ES module from Node 20.19 and 22.12 on, and ERR_REQUIRE_ESM before', async () => {
    const { requireLoadsEsm } = await check();
    expect(['20.11.0', '20.18.3', '22.11.0'].map(requireLoadsEsm)).to.deep.equal([false, false, false]);
    expect(['20.19.0', '22.12.0', '24.0.0'].map(requireLoadsEsm)).to.deep.equal([true, true, true]);
  });
});
