import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// build/spec/package/main-entry.spec.js -> build/src
const buildSrc = fileURLToPath(new URL('../../src/', import.meta.url));
const harness = ['testing/daemon.js', 'testing/daemon-cleanup.js', 'testing/daemon-config.js', 'testing/procfs.js', 'testing/rootfs.js'];

/** The modules of build/src/ that a fresh Node loads while it runs `script` (an ES module's text), in order. */
function modulesLoadedBy(script: string): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'rxc-entry-'));
  try {
    // a loader hook that names each module on stderr as Node loads it
    writeFileSync(join(dir, 'hooks.mjs'),
      "import { writeSync } from 'node:fs';\nexport async function load(url, context, next) { writeSync(2, `LOADED ${url}\\n`); return next(url, context); }\n");
    writeFileSync(join(dir, 'register.mjs'), "import { register } from 'node:module';\nregister('./hooks.mjs', import.meta.url);\n");
    writeFileSync(join(dir, 'main.mjs'), script);
    const run = spawnSync(process.execPath, ['--import', join(dir, 'register.mjs'), join(dir, 'main.mjs')], { encoding: 'utf8' });
    expect(run.status, run.stderr).to.equal(0);
    return run.stderr.split('\n').filter((l) => l.startsWith('LOADED file://'))
      .map((l) => fileURLToPath(l.slice('LOADED '.length)))
      .filter((p) => p.startsWith(buildSrc))
      .map((p) => p.slice(buildSrc.length));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('the main entry', () => {
  const index = new URL('../../src/index.js', import.meta.url).href;

  it('loads none of the harness (private daemon, rootfs, /proc scans) when imported', () => {
    const loaded = modulesLoadedBy(`const m = await import(${JSON.stringify(index)});\nif (typeof m.connect !== 'function') process.exit(3);\n`);
    expect(loaded, 'modules loaded').to.include('index.js').and.include('process/client.js');
    expect(loaded.filter((m) => harness.includes(m))).to.deep.equal([]);
  });

  it('its deprecated harness aliases load the harness when called, and only then', () => {
    const loaded = modulesLoadedBy([
      `const m = await import(${JSON.stringify(index)});`,
      "const error = await m.startDaemon({ binary: '/nonexistent/containerd' }).catch((e) => e);",
      "if (!(error instanceof m.DaemonStartError) || error.code !== 'ERR_CONTAINERD_DAEMON_START') process.exit(3);",
    ].join('\n'));
    expect(loaded).to.include('testing/daemon.js');
  });
});
