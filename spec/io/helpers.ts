/**
 * Helpers for the IO specs: a plain child process plays the shim's part at the other end of the FIFOs.
 */
import { spawn, type ChildProcess, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { lastValueFrom, Observable, reduce } from 'rxjs';

/** A temp directory per test, removed afterwards. */
export async function tempDir(): Promise<{ path: string; remove: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), 'rx-containerd-spec-'));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

/** Runs `sh -c script` with extra env; its own stdio are ordinary pipes. */
export function sh(script: string, env: Record<string, string> = {}): ChildProcessWithoutNullStreams {
  return spawn('sh', ['-c', script], { env: { ...process.env, ...env } });
}

/** Resolves with the exit code. */
export function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve, reject) => {
    if (child.exitCode !== null) return resolve(child.exitCode);
    child.once('error', reject);
    child.once('exit', (code) => resolve(code));
  });
}

/** Resolves when the child prints `line` on its own stdout. */
export function said(child: ChildProcessWithoutNullStreams, line: string): Promise<void> {
  return new Promise((resolve) => {
    let seen = '';
    const onData = (chunk: Buffer): void => {
      seen += chunk.toString();
      if (seen.split('\n').includes(line)) {
        child.stdout.off('data', onData);
        resolve();
      }
    };
    child.stdout.on('data', onData);
  });
}

/** All chunks of an Observable, concatenated. */
export function collect(chunks$: Observable<Buffer>): Promise<Buffer> {
  const gather = reduce((all: Buffer[], chunk: Buffer) => (all.push(chunk), all), []);
  return lastValueFrom(chunks$.pipe(gather)).then((all) => Buffer.concat(all));
}

/** A file of random bytes. */
export async function randomFile(dir: string, name: string, bytes: number): Promise<{ path: string; data: Buffer }> {
  const data = randomBytes(bytes);
  const path = join(dir, name);
  await writeFile(path, data);
  return { path, data };
}

/** Polls `check` until it is true (for things that happen "soon", without asserting on time). */
export async function eventually(check: () => Promise<boolean> | boolean, everyMs = 10): Promise<void> {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, everyMs));
}

/** Everything a Readable gives until its end. */
export async function readAll(readable: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of readable as AsyncIterable<Buffer | string>) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}
