// `npm test` after the build: the whole suite on containerd 1.6, then the daemon-facing specs on 1.7 and on 2,
// each a mocha run of its own with RXC_CONTAINERD naming the line. Prints the time of each run and ends with
// one line adding them up; exits non-zero when any run failed.
//
// RXC_CONTAINERD=LINE npm test     the whole suite on that one line only
// RXC_CONTAINERD_MATRIX=1.6,1.7    the lines to cover (default 1.6,1.7,2; the first gets the whole suite)
// node scripts/test-matrix.mjs --list    print the daemon-facing spec files; other arguments go to mocha
//
// A spec file is daemon-facing when it imports the harness (spec/support/daemon.ts), directly or through a
// helper: every spec that talks to a daemon gets it from there. The list is read from the built specs' imports,
// so a new spec joins the matrix by using the harness, with no naming rule or list to keep up.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fetchMissing, matrix } from './containerd-versions.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const specRoot = join(root, 'build', 'spec');
const harness = join(specRoot, 'support', 'daemon.js');
const mocha = join(root, 'node_modules', 'mocha', 'bin', 'mocha.js');

function specFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return specFiles(path);
    return entry.name.endsWith('.spec.js') ? [path] : [];
  });
}

/** The relative modules a built file imports (static, side-effect and dynamic imports). */
function importsOf(file) {
  const source = readFileSync(file, 'utf8');
  const found = [];
  for (const m of source.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)['"](\.{1,2}\/[^'"]+)['"]/g)) found.push(resolve(dirname(file), m[1]));
  return found;
}

function reachesHarness(file, seen = new Set()) {
  if (file === harness) return true;
  if (seen.has(file)) return false;
  seen.add(file);
  let imports;
  try {
    imports = importsOf(file);
  } catch {
    return false;
  }
  return imports.some((next) => reachesHarness(next, seen));
}

/**
 * The command line is a thin layer over the library: its specs (a minute and a half of child processes) run on
 * the main line only, as do the docs' examples.
 */
function daemonFacingSpecs() {
  return specFiles(specRoot).filter((file) => reachesHarness(file) && !relative(specRoot, file).startsWith('cli/')).sort();
}

// mocha runs in a process group of its own, so that a Ctrl-C reaches it once, from here: its root hook then
// stops the daemons, shims and mounts it started; we wait for that before leaving.
if (process.argv[2] === '--list') {
  for (const file of daemonFacingSpecs()) console.log(relative(root, file));
  process.exit(0);
}

let child;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    if (!child || child.exitCode !== null || child.signalCode !== null) process.exit(130);
    child.once('exit', () => process.exit(130));
    child.kill(signal);
  });
}

/** mocha adds the files of .mocharc.json's `spec` to those it is given: a list runs with a config of its own. */
function configFor(files) {
  if (files.length === 0) return [];
  const config = { ...JSON.parse(readFileSync(join(root, '.mocharc.json'), 'utf8')), spec: files.map((f) => relative(root, f)) };
  const path = join(root, 'build', '.mocharc.daemon-facing.json');
  writeFileSync(path, JSON.stringify(config, null, 2));
  return ['--config', path];
}

function runMocha(line, files) {
  return new Promise((done) => {
    const t0 = Date.now();
    const counts = { passed: 0, failed: 0, pending: 0 };
    child = spawn(process.execPath, [mocha, ...configFor(files), ...process.argv.slice(2)], {
      cwd: root,
      // the other lines run the stress cases smaller: they check each line's behaviour, the main line the load
      env: { ...process.env, RXC_CONTAINERD: line, ...(files.length > 0 ? { RXC_STRESS: 'light' } : {}) },
      stdio: ['ignore', 'pipe', 'inherit'],
      detached: true,
    });
    let tail = '';
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      tail = (tail + chunk.toString('utf8')).slice(-100_000);
    });
    child.once('exit', (code, signal) => {
      for (const [word, key] of [['passing', 'passed'], ['failing', 'failed'], ['pending', 'pending']]) {
        const m = new RegExp(`^\\s*(\\d+) ${word}`, 'm').exec(tail);
        if (m) counts[key] = Number(m[1]);
      }
      const ok = code === 0;
      if (!ok && counts.failed === 0) counts.failed = 1; // ended before its summary
      done({ line, files, ok, status: signal ?? code, seconds: (Date.now() - t0) / 1000, ...counts });
    });
  });
}

const only = process.env.RXC_CONTAINERD;
const lines = only ? [only] : (process.env.RXC_CONTAINERD_MATRIX?.split(',').map((s) => s.trim()).filter(Boolean) ?? matrix);
const t0 = Date.now();
try {
  fetchMissing(lines.filter((line) => !line.includes('/')));
} catch (error) {
  console.error(`test-matrix: could not get containerd ${lines.join(', ')}: ${error.message}`);
  if (error.stderr) console.error(String(error.stderr));
  console.error('test-matrix: run on fewer lines with RXC_CONTAINERD_MATRIX=1.6 (or RXC_CONTAINERD=1.6)');
  process.exit(1);
}
const fetchSeconds = (Date.now() - t0) / 1000;

const daemonFacing = daemonFacingSpecs();
const results = [];
for (const [i, line] of lines.entries()) {
  const files = i === 0 ? [] : daemonFacing;
  const what = i === 0 ? 'the whole suite' : `the ${files.length} daemon-facing spec files`;
  console.log(`\n=== containerd ${line}: ${what} ===`);
  results.push(await runMocha(line, files));
}

console.log('\n=== containerd versions ===');
console.log(`binaries ready in ${fetchSeconds.toFixed(1)} s`);
for (const r of results) {
  const what = r.files.length === 0 ? 'whole suite' : `${r.files.length} daemon-facing files`;
  console.log(`containerd ${r.line.padEnd(4)} ${what.padEnd(26)} ${r.ok ? 'ok    ' : 'FAILED'} ${r.passed} passed, ${r.failed} failed, ${r.pending} pending, ${r.seconds.toFixed(0)} s`);
}
if (daemonFacing.length > 0 && lines.length > 1) {
  console.log(`daemon-facing: ${daemonFacing.map((f) => relative(specRoot, f)).join(' ')}`);
}
console.log(`total ${((Date.now() - t0) / 1000).toFixed(0)} s`);
const sum = (key) => results.reduce((n, r) => n + r[key], 0);
console.log(`matrix: ${sum('passed')} passed, ${sum('failed')} failed, ${sum('pending')} skipped`);
process.exit(results.every((r) => r.ok) ? 0 : 1);
