import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Containers, Events, Namespaces, Tasks, Version, type Method } from '../../src/proto/services.js';

const run = promisify(execFile);
const builtSrc = fileURLToPath(new URL('../../src/', import.meta.url));

/**
 * Run in a child: records every .proto path the process opens or reads, imports the entry named by its first
 * argument, then makes one call's codec encode (the first use of the wire layer). Prints what was read at each
 * step, and the error of the first use if it threw.
 */
const TRACED_IMPORT = `
import fs from 'node:fs';
const reads = [];
const spy = (target, name) => {
  const original = target[name];
  target[name] = function (path, ...rest) {
    if (String(path).endsWith('.proto')) reads.push(String(path));
    return original.call(this, path, ...rest);
  };
};
for (const name of ['readFileSync', 'openSync', 'readFile', 'open', 'createReadStream', 'existsSync', 'statSync']) spy(fs, name);
for (const name of ['readFile', 'open']) spy(fs.promises, name);
const [entry, services] = process.argv.slice(1);
await import(entry);
const atImport = reads.splice(0);
let error;
try {
  const { Tasks } = await import(services);
  Tasks.kill.request.encode({ containerId: 'web', signal: 9 });
} catch (e) {
  error = e instanceof Error ? e.message : String(e);
}
process.stdout.write(JSON.stringify({ atImport, atFirstUse: reads, error }));
`;

interface Trace {
  readonly atImport: readonly string[];
  readonly atFirstUse: readonly string[];
  readonly error?: string;
}

async function tracedImport(src: string, entry: string): Promise<Trace> {
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', TRACED_IMPORT, join(src, entry), join(src, 'proto/services.js')]);
  return JSON.parse(stdout) as Trace;
}

describe('proto: the .proto files are read at first use, not at import', () => {
  for (const entry of ['index.js', 'testing/index.js']) {
    it(`importing ${entry} reads no .proto file; the first encode reads them all`, async () => {
      const trace = await tracedImport(builtSrc, entry);
      expect(trace.atImport).to.deep.equal([]);
      expect(trace.error).to.equal(undefined);
      expect(trace.atFirstUse.map((p) => p.slice(p.lastIndexOf('/') + 1))).to.include.members(['tasks.proto', 'types.proto']);
    });
  }

  it('a missing .proto file does not break the import, and fails the first use naming the folder and the fix', async () => {
    const copy = mkdtempSync(join(builtSrc, '..', '.lazy-load-'));
    try {
      const src = join(copy, 'src');
      cpSync(builtSrc, src, { recursive: true });
      rmSync(join(src, 'proto', 'tasks.proto'));
      const trace = await tracedImport(src, 'index.js');
      expect(trace.atImport).to.deep.equal([]);
      expect(trace.error).to.match(/^rx-containerd: cannot load the \.proto files from .*\/proto\/ \(.*tasks\.proto.*\); they are copied next to the compiled code by scripts\/copy-protos\.mjs$/);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });

  it('every method descriptor resolves at first use to its messages; Subscribe alone streams', () => {
    const tables: ReadonlyArray<Readonly<Record<string, Method<object, object>>>> = [Version, Namespaces, Containers, Tasks, Events];
    const streams: string[] = [];
    for (const table of tables) {
      for (const m of Object.values(table)) {
        expect(m.request.encode({}).length, m.path).to.equal(0);
        expect(m.response.decode(new Uint8Array(0)), m.path).to.be.an('object');
        if (m.requestStream || m.responseStream) streams.push(`${m.path} ${m.requestStream} ${m.responseStream}`);
      }
    }
    expect(streams).to.deep.equal(['/containerd.services.events.v1.Events/Subscribe false true']);
  });
});
