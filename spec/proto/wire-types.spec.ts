import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const script = join(repo, 'scripts/wire-types.mjs');

function check(...args: string[]): { status: number | null; stderr: string } {
  const r = spawnSync(process.execPath, [script, '--check', ...args], { cwd: repo, encoding: 'utf8' });
  return { status: r.status, stderr: r.stderr };
}

describe('proto: the generated wire declarations are fresh', () => {
  it('src/proto/generated/wire.d.ts is what protobufjs-cli makes of src/proto/*.proto today', () => {
    const r = check();
    expect(r.stderr).to.equal('');
    expect(r.status).to.equal(0);
  });

  it('a field added to a .proto file makes the check fail, naming the command that regenerates', () => {
    const protos = mkdtempSync(join(tmpdir(), 'rxc-protos-'));
    try {
      cpSync(join(repo, 'src/proto'), protos, { recursive: true, filter: (f) => !f.includes('generated') });
      const tasks = join(protos, 'tasks.proto');
      writeFileSync(tasks, readFileSync(tasks, 'utf8').replace('bool all = 4;', 'bool all = 4;\n  string reason = 5;'));
      const r = check('--protos', protos);
      expect(r.status).to.equal(1);
      expect(r.stderr).to.match(/wire\.d\.ts is stale against src\/proto\/\*\.proto: run `npm run proto:types`/);
    } finally {
      rmSync(protos, { recursive: true, force: true });
    }
  });
});
