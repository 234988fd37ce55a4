/**
 * `ctr`, containerd's own client, as the witness of specs: what it reads from the daemon is what the code under
 * test made.
 */
import { execFile } from 'node:child_process';
import { expect } from 'chai';

/** A ctr run: its exit code and output. */
export interface CtrResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** `ctr` against one daemon and namespace. */
export interface Ctr {
  /** Runs `ctr ARGS`; never rejects. */
  run(...args: string[]): Promise<CtrResult>;
  /** Runs `ctr ARGS`, expects exit 0, resolves the output. */
  ok(...args: string[]): Promise<string>;
}

/** `ctr` with `--address address -n namespace`. */
export function ctrOf(address: string, namespace: string): Ctr {
  const run = (...args: string[]): Promise<CtrResult> => new Promise((resolve) => {
    execFile('ctr', ['--address', address, '-n', namespace, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
  return {
    run,
    async ok(...args) {
      const r = await run(...args);
      expect(r.code, `ctr ${args.join(' ')}: ${r.stderr}`).to.equal(0);
      return r.stdout;
    },
  };
}

/** `ctr images check`'s line for `name` says complete and unpacked. */
export async function expectComplete(ctr: Ctr, name: string): Promise<void> {
  const line = (await ctr.ok('images', 'check')).split('\n').find((l) => l.startsWith(`${name} `));
  expect(line, `ctr images check lists ${name}`).to.match(/ complete \(\d+\/\d+\) .* true\s*$/);
}
