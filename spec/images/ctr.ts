/** Spec support: `ctr` against the suite's daemon, as a witness of what the daemon holds. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { sharedDaemon } from '../support/daemon.js';

const run = promisify(execFile);

/** The output of `ctr --address <shared daemon> -n namespace ...args`. */
export async function ctr(namespace: string, ...args: string[]): Promise<string> {
  const d = await sharedDaemon();
  const { stdout } = await run('ctr', ['--address', d.address, '-n', namespace, ...args]);
  return stdout;
}
