#!/usr/bin/env node
/**
 * Reviews what `npm pack` would publish and tries the packed package as a user would.
 *
 * 1. Every file in the tarball matches the allow-list below; anything else (a stray build folder, a tarball,
 *    a source map without its source, a spec) fails the check, with the files named.
 * 2. The tarball, unpacked into a temp node_modules beside this repository's dependencies, loads with
 *    `import` (both entry points) and with `require()`: on Node >= 20.19 require() loads the ES module, on
 *    older Node it fails with Node's own ERR_REQUIRE_ESM, which says to use import().
 *
 * Usage: node scripts/check-package.mjs [--no-build]   (exits 1 with the reasons when a check fails)
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** What the package may contain: the built code, its types, the .proto files it loads, and the package's papers. */
export const allowed = [
  /^package\.json$/,
  /^README\.md$/,
  /^LICENSE$/,
  /^CHANGELOG\.md$/,
  /^dist\/.+\.js$/,
  /^dist\/.+\.d\.ts$/,
  /^dist\/proto\/[a-z0-9_]+\.proto$/,
];

/** The files `npm pack` would publish, as paths inside the package. */
export function packedFiles() {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  return JSON.parse(out)[0].files.map((f) => f.path).sort();
}

/** The published files that the allow-list does not cover. */
export function strayFiles(files) {
  return files.filter((f) => !allowed.some((re) => re.test(f)));
}

/** Packs the package and unpacks it as `node_modules/rx-containerd` in a temp folder; returns that folder. */
function install() {
  const dir = mkdtempSync(join(tmpdir(), 'rxc-pack-'));
  const tgz = execFileSync('npm', ['pack', '--ignore-scripts', '--pack-destination', dir], { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim().split('\n').pop();
  const modules = join(dir, 'node_modules');
  mkdirSync(join(modules, 'rx-containerd'), { recursive: true });
  execFileSync('tar', ['-xzf', join(dir, tgz), '-C', join(modules, 'rx-containerd'), '--strip-components=1']);
  const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'));
  for (const dep of [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {})]) {
    const target = join(modules, dep);
    mkdirSync(dirname(target), { recursive: true });
    symlinkSync(join(repo, 'node_modules', dep), target);
  }
  return dir;
}

/** Runs node with `args` in `dir`; returns { ok, output }. */
function tryNode(dir, args) {
  try {
    return { ok: true, output: execFileSync(process.execPath, args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }) };
  } catch (e) {
    return { ok: false, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

/** Whether this Node loads ES modules with require() (Node 20.19+, 22.12+). */
export function requireLoadsEsm(version = process.versions.node) {
  const [major, minor] = version.split('.').map(Number);
  return major > 22 || (major === 22 && minor >= 12) || (major === 20 && minor >= 19);
}

function main() {
  const problems = [];
  if (!process.argv.includes('--no-build')) execFileSync('npm', ['run', 'build', '--silent'], { cwd: repo, stdio: 'inherit' });
  const files = packedFiles();
  const stray = strayFiles(files);
  if (stray.length > 0) problems.push(`stray files in the package:\n  ${stray.join('\n  ')}`);
  for (const must of ['LICENSE', 'CHANGELOG.md', 'README.md', 'dist/index.js', 'dist/testing/index.js', 'dist/cli/main.js']) {
    if (!files.includes(must)) problems.push(`the package lacks ${must}`);
  }
  const dir = install();
  try {
    const esm = tryNode(dir, ['--input-type=module', '-e', "const m = await import('rx-containerd'); const t = await import('rx-containerd/testing'); console.log(typeof m.connect, typeof t.fakeEnvelope)"]);
    if (!esm.ok || esm.output.trim() !== 'function function') problems.push(`import failed:\n${esm.output}`);
    const cjs = tryNode(dir, ['-e', "console.log(typeof require('rx-containerd').connect)"]);
    if (requireLoadsEsm()) {
      if (!cjs.ok || !cjs.output.includes('function')) problems.push(`require() failed on Node ${process.versions.node}:\n${cjs.output}`);
    } else if (cjs.ok || !cjs.output.includes('ERR_REQUIRE_ESM')) {
      problems.push(`require() on Node ${process.versions.node} should fail with ERR_REQUIRE_ESM:\n${cjs.output}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (problems.length > 0) {
    console.error(`check-package: ${problems.length} problem(s)\n${problems.join('\n')}`);
    process.exit(1);
  }
  console.log(`check-package: ${files.length} files, none stray; import and require() behave as documented`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
