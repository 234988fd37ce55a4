/**
 * The options and the result of `client.run`, and their checks: a bad option is a TypeError naming the option,
 * the value and what it takes, before anything is made (as execa does).
 * @module
 */
import type { DevicesOptions } from './spec-options/devices.js';
import type { FilesystemOptions } from './spec-options/filesystem.js';
import type { InitOptions } from './spec-options/init.js';
import type { NamespacesOptions } from './spec-options/namespaces.js';
import type { ResourcesOptions } from './spec-options/resources.js';
import type { SecurityOptions } from './spec-options/security.js';
import type { ProcessOptions } from './oci-spec.js';

/**
 * What `run` runs on: a rootfs directory, as its path or as `{ rootfs }`. The object form is where other sources
 * join (an image, once images are supported) without a change to the call.
 */
export type RunTarget =
  | string
  | {
      /** The rootfs directory. */
      readonly rootfs: string;
    };

/** Options of `client.run`. Every field is optional. */
export interface RunOptions
  extends Pick<ProcessOptions, 'env' | 'cwd' | 'user' | 'terminal'>, ResourcesOptions, FilesystemOptions, NamespacesOptions, DevicesOptions, SecurityOptions, InitOptions {
  /** Written to the process's stdin, which is then closed (the process reads EOF). Without it, stdin is /dev/null. */
  readonly input?: string | Uint8Array;
  /** The container's (and task's) id. Default `run-` and 12 random hex digits. */
  readonly id?: string;
  /** Labels of the container. */
  readonly labels?: Readonly<Record<string, string>>;
  /** Kill the process (SIGKILL) this many milliseconds after the call, delete everything, and fail with RunError `'timeout'`. */
  readonly timeoutMs?: number;
  /** Aborting it kills the process (SIGKILL), deletes everything, and fails the run with RunError `'abort'`. */
  readonly signal?: AbortSignal;
  /** Fail on a non-zero exit (RunError `'exit'`). Default true; false gives it as a result. Timeouts and aborts always fail. */
  readonly reject?: boolean;
  /** `'utf8'` (default): stdout and stderr as strings, one final newline trimmed; `'buffer'`: the bytes as they came. */
  readonly encoding?: 'utf8' | 'buffer';
}

/** What a run gives: the exit and the whole output, as execa's result. */
export interface RunResult<Output extends string | Buffer = string | Buffer> {
  /** The container's (and task's) id; both are deleted by now. */
  readonly id: string;
  /** The process's exit code, 0 to 255. */
  readonly exitCode: number;
  /** The signal's name when the exit code is 128 + N of a signal (137: 'SIGKILL'); undefined otherwise. */
  readonly signal: NodeJS.Signals | undefined;
  /** What the process wrote to stdout: a string trimmed of one final newline, or a Buffer with `encoding: 'buffer'`. */
  readonly stdout: Output;
  /** Empty with `terminal: true` (a terminal has one output stream). */
  readonly stderr: Output;
  /** From the call until the container was deleted, in milliseconds. */
  readonly durationMs: number;
}

/** A run's options, checked. */
export interface CheckedRun {
  readonly rootfs: string;
  readonly process: ProcessOptions;
  readonly input: Buffer | undefined;
  readonly timeoutMs: number | undefined;
}

/** Checks `run`'s arguments; throws a TypeError naming the first bad one. */
export function checkRunOptions(target: RunTarget, args: readonly string[], options: RunOptions): CheckedRun {
  const rootfs = typeof target === 'string' ? target : typeof target === 'object' && target !== null ? target.rootfs : undefined;
  if (typeof rootfs !== 'string' || rootfs === '') throw new TypeError(`run's first argument must be a rootfs path or { rootfs: string }; got ${show(target)}`);
  if (!Array.isArray(args) || args.length === 0 || !args.every((a) => typeof a === 'string')) {
    throw new TypeError(`run's args must be a non-empty array of strings; got ${show(args)}`);
  }
  if (typeof options !== 'object' || options === null) throw new TypeError(`run's options must be an object; got ${show(options)}`);
  const { input, timeoutMs, signal, reject, encoding, id } = options;
  if (input !== undefined && typeof input !== 'string' && !(input instanceof Uint8Array)) want('input', input, 'a string, a Buffer or a Uint8Array');
  if (timeoutMs !== undefined && !(typeof timeoutMs === 'number' && Number.isFinite(timeoutMs) && timeoutMs > 0)) want('timeoutMs', timeoutMs, 'a positive number of milliseconds');
  if (signal !== undefined && !(signal instanceof AbortSignal)) want('signal', signal, 'an AbortSignal');
  if (reject !== undefined && typeof reject !== 'boolean') want('reject', reject, 'a boolean');
  if (encoding !== undefined && encoding !== 'utf8' && encoding !== 'buffer') want('encoding', encoding, "'utf8' or 'buffer'");
  if (id !== undefined && typeof id !== 'string') want('id', id, 'a string');
  const process: ProcessOptions = {
    args,
    ...(options.env === undefined ? {} : { env: options.env }),
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
    ...(options.user === undefined ? {} : { user: options.user }),
    ...(options.terminal === undefined ? {} : { terminal: options.terminal }),
  };
  return { rootfs, process, input: input === undefined ? undefined : Buffer.from(input), timeoutMs };
}

/** The output as the result gives it: strings with one final newline trimmed (as execa), or the bytes. */
export function runOutput(out: readonly [Buffer, Buffer], encoding: 'utf8' | 'buffer' | undefined): { stdout: string | Buffer; stderr: string | Buffer } {
  if (encoding === 'buffer') return { stdout: out[0], stderr: out[1] };
  return { stdout: trimFinalNewline(out[0].toString('utf8')), stderr: trimFinalNewline(out[1].toString('utf8')) };
}

function trimFinalNewline(s: string): string {
  if (s.endsWith('\r\n')) return s.slice(0, -2);
  return s.endsWith('\n') ? s.slice(0, -1) : s;
}

function want(option: string, value: unknown, wanted: string): never {
  throw new TypeError(`run's option ${option} must be ${wanted}; got ${show(value)}`);
}

function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(show).join(', ')}]`;
  return typeof value === 'object' && value !== null ? `an object (${value.constructor?.name ?? 'Object'})` : String(value);
}
