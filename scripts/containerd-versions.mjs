// The containerd release lines the suite runs on, and where their binaries come from: the machine's own
// containerd when it is of that line, else Debian's package of the suite that carries the line, fetched with
// apt-get into a private cache (a private sources list and lists folder; nothing is installed system-wide).
//
//   node scripts/containerd-versions.mjs fetch 1.7 2   fetch what is missing, print what is there
//   node scripts/containerd-versions.mjs resolve 1.7   print {"line","binDir","version","source"} as JSON
//
// The cache: $RXC_CONTAINERD_CACHE, else $XDG_CACHE_HOME/rx-containerd, else ~/.cache/rx-containerd; one folder
// per line (containerd-1.7/usr/bin/{containerd,containerd-shim-runc-v2,ctr}). It survives `npm ci` and fresh
// clones on one machine; delete a line's folder to fetch that line's newest package again.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Release line -> the Debian suite whose `containerd` package is of that line. */
export const lines = {
  '1.6': 'bookworm',
  '1.7': 'trixie',
  '2': 'sid',
};

/** The lines `npm test` covers: the whole suite on the first, the daemon-facing specs on the others. */
export const matrix = ['1.6', '1.7', '2'];

const keyring = '/usr/share/keyrings/debian-archive-keyring.gpg';
const mirror = 'http://deb.debian.org/debian';

export function cacheRoot() {
  if (process.env.RXC_CONTAINERD_CACHE) return process.env.RXC_CONTAINERD_CACHE;
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'rx-containerd');
}

/** The upstream version a `containerd --version` prints ("1.7.24~ds1" -> "1.7.24"), or undefined. */
export function binaryVersion(binary) {
  const run = spawnSync(binary, ['--version'], { encoding: 'utf8' });
  if (run.status !== 0) return undefined;
  const match = / v?(\d+\.\d+\.\d+)/.exec(run.stdout);
  return match?.[1];
}

/** Whether `version` ("1.7.24") is of release line `line` ("1.7", "2"). */
export function ofLine(version, line) {
  return version === line || version.startsWith(`${line}.`);
}

function onPath(name) {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    if (dir !== '' && existsSync(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

function checkLine(line) {
  if (!(line in lines)) throw new Error(`RXC_CONTAINERD=${line}: not a known containerd line; use one of ${matrix.join(', ')} or a folder holding a containerd binary`);
}

function cached(line) {
  const dir = join(cacheRoot(), `containerd-${line}`);
  const binDir = join(dir, 'usr', 'bin');
  const containerd = join(binDir, 'containerd');
  if (!existsSync(join(dir, 'debian-version')) || !existsSync(containerd)) return undefined;
  const version = binaryVersion(containerd);
  return version === undefined ? undefined : { line, binDir, version, source: `Debian ${lines[line]} ${readFileSync(join(dir, 'debian-version'), 'utf8').trim()}` };
}

/**
 * Where the binaries of `line` are, without fetching: `binDir` undefined means the machine's PATH already has a
 * containerd of that line. A value holding a slash is taken as a folder with a `containerd` binary (and its shim).
 */
export function resolve(line) {
  if (line.includes('/')) {
    const version = binaryVersion(join(line, 'containerd'));
    if (version === undefined) throw new Error(`RXC_CONTAINERD=${line}: no runnable containerd in that folder`);
    return { line: version.split('.').slice(0, 2).join('.'), binDir: line, version, source: line };
  }
  checkLine(line);
  const system = onPath('containerd');
  const systemVersion = system && binaryVersion(system);
  if (systemVersion && ofLine(systemVersion, line)) return { line, binDir: undefined, version: systemVersion, source: system };
  return cached(line);
}

/** Fetches the lines that are neither on the machine nor in the cache (one apt-get update for all). */
export function fetchMissing(wanted, log = (m) => console.log(m)) {
  wanted.forEach(checkLine);
  const missing = wanted.filter((line) => resolve(line) === undefined);
  if (missing.length === 0) return;
  const t0 = Date.now();
  mkdirSync(cacheRoot(), { recursive: true });
  const work = mkdtempSync(join(cacheRoot(), 'fetch-'));
  try {
    const suites = [...new Set(missing.map((line) => lines[line]))];
    mkdirSync(join(work, 'lists', 'partial'), { recursive: true });
    mkdirSync(join(work, 'cache', 'archives', 'partial'), { recursive: true });
    mkdirSync(join(work, 'parts'));
    writeFileSync(join(work, 'sources.list'), suites.map((s) => `deb [signed-by=${keyring}] ${mirror} ${s} main\n`).join(''));
    const apt = [
      '-q', '-o', `Dir::Etc::SourceList=${join(work, 'sources.list')}`, '-o', `Dir::Etc::SourceParts=${join(work, 'parts')}`,
      '-o', `Dir::State::Lists=${join(work, 'lists')}`, '-o', `Dir::Cache=${join(work, 'cache')}`,
      '-o', 'APT::Sandbox::User=root',
    ];
    const run = (args) => execFileSync('apt-get', [...apt, ...args], { cwd: work, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
    let t = Date.now();
    const took = () => `${((Date.now() - t) / 1000).toFixed(1)} s`;
    run(['update']);
    log(`containerd ${missing.join(', ')}: apt-get update of ${suites.join(', ')} took ${took()}`);
    t = Date.now();
    run(['download', ...missing.map((line) => `containerd/${lines[line]}`)]); // one call: apt reads its lists once
    log(`containerd ${missing.join(', ')}: apt-get download took ${took()}`);
    const debs = readdirSync(work).filter((f) => f.startsWith('containerd_') && f.endsWith('.deb'));
    for (const line of missing) {
      const deb = debs.find((f) => ofLine(decodeURIComponent(f.split('_')[1]).replace(/^\d+:/, ''), line));
      if (deb === undefined) throw new Error(`apt-get download containerd/${lines[line]} gave no containerd ${line}.x (got ${debs.join(', ') || 'nothing'})`);
      const debianVersion = decodeURIComponent(deb.split('_')[1]);
      const staging = join(work, `containerd-${line}`);
      t = Date.now();
      execFileSync('dpkg-deb', ['-x', join(work, deb), staging]);
      rmSync(join(work, deb));
      for (const unused of ['usr/share', 'usr/bin/containerd-shim', 'usr/bin/containerd-shim-runc-v1', 'lib', 'etc']) {
        rmSync(join(staging, unused), { recursive: true, force: true });
      }
      const version = binaryVersion(join(staging, 'usr', 'bin', 'containerd'));
      if (version === undefined || !ofLine(version, line)) {
        throw new Error(`Debian ${lines[line]}'s containerd is ${version ?? 'not runnable here'}, not of line ${line}`);
      }
      writeFileSync(join(staging, 'debian-version'), `${debianVersion}\n`);
      try {
        renameSync(staging, join(cacheRoot(), `containerd-${line}`));
      } catch (error) {
        if (resolve(line) === undefined) throw error; // else another run put it there first
      }
      log(`containerd ${line}: Debian ${lines[line]}'s ${debianVersion} unpacked in ${took()} into ${join(cacheRoot(), `containerd-${line}`)}`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  log(`containerd ${missing.join(', ')}: fetch took ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [command, ...args] = process.argv.slice(2);
  try {
    if (command === 'fetch') {
      fetchMissing(args.length > 0 ? args : matrix.slice(1), (m) => console.error(m));
      for (const line of args) console.log(JSON.stringify(resolve(line)));
    } else if (command === 'resolve' && args.length === 1) {
      fetchMissing(args[0].includes('/') ? [] : args, (m) => console.error(m));
      const found = resolve(args[0]);
      if (found === undefined) throw new Error(`containerd ${args[0]}: not found after fetching`);
      console.log(JSON.stringify(found));
    } else {
      console.error('usage: containerd-versions.mjs fetch LINE... | resolve LINE');
      process.exit(2);
    }
  } catch (error) {
    console.error(`containerd-versions: ${error instanceof Error ? error.message : String(error)}`);
    if (error?.stderr) console.error(String(error.stderr));
    process.exit(1);
  }
}
