/**
 * Running the built rx-containerd command line in a spec: a child process with its output collected, Ctrl-C
 * as a terminal sends it, and a wait for a condition.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const mainJs = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

/** A CLI process being run. */
export interface CliRun {
  readonly child: ChildProcess;
  stdout: string;
  stderr: string;
  /** Its exit code (null when a signal ended it). */
  readonly exited: Promise<number | null>;
}

const children = new Set<ChildProcess>();

/** Options of {@link cli}. */
export interface CliOptions {
  /** In a process group of its own, as a terminal runs a command (see {@link ctrlC}). */
  readonly group?: boolean;
  /** Written to its stdin, then closed; without it, stdin is /dev/null. */
  readonly input?: string;
  readonly env?: NodeJS.ProcessEnv;
}

/** Runs the CLI with `args`. */
export function cli(args: readonly string[], options: CliOptions = {}): CliRun {
  const child = spawn(process.execPath, [mainJs, ...args], {
    stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    detached: options.group === true,
    env: options.env ?? process.env,
  });
  children.add(child);
  child.on('exit', () => children.delete(child));
  if (options.input !== undefined) child.stdin!.end(options.input);
  const run: CliRun = {
    child,
    stdout: '',
    stderr: '',
    exited: new Promise((resolve) => child.on('exit', (code) => resolve(code))),
  };
  child.stdout!.on('data', (c: Buffer) => (run.stdout += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (run.stderr += c.toString()));
  return run;
}

/** Runs the CLI to its end; resolves the run with its exit code. */
export async function cliDone(args: readonly string[], options: CliOptions = {}): Promise<CliRun & { code: number | null }> {
  const run = cli(args, options);
  return Object.assign(run, { code: await run.exited });
}

/** A terminal's Ctrl-C: SIGINT to the whole foreground process group of a command run with `group`. */
export function ctrlC(run: CliRun): void {
  process.kill(-run.child.pid!, 'SIGINT');
}

/** Resolves once `check()` holds; fails after `ms`. */
export async function until(check: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Kills every CLI still running (a failed test leaves none behind); for an afterEach hook. */
export function killLeftovers(): void {
  for (const child of children) child.kill('SIGKILL');
}
