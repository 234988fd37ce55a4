/**
 * The process part of a container's spec made from an image config and a caller's overrides, as containerd's
 * `oci.WithImageConfig` / `WithImageConfigArgs` and then `WithEnv`, `WithProcessArgs` and `WithUser` make it.
 * @module
 */
import { invalidArgument } from '../client/errors.js';
import type { ImageConfig } from './oci-types.js';
import { resolveUserIn, withImageGroups, type EtcFiles, type OciUser, type UserSpec } from './user-lookup.js';

/** What a caller changes of what the image says. */
export interface ImageProcessOptions {
  /** Replaces the image's Cmd; the Entrypoint stays in front (as `docker run IMAGE args…`). */
  readonly args?: readonly string[];
  /** Replaces the image's Entrypoint (`[]` drops it), as `docker run --entrypoint`. */
  readonly entrypoint?: readonly string[];
  /**
   * Added to the image's Env by name: an entry replaces the image's variable of the same name where it stands,
   * a new one goes at the end; `NAME` alone (no `=`) removes it. `NAME=value` strings or a record.
   */
  readonly env?: readonly string[] | Readonly<Record<string, string>>;
  /** Replaces the image's WorkingDir (absolute). */
  readonly cwd?: string;
  /** Replaces the image's User; resolved against the image's /etc/passwd and /etc/group. */
  readonly user?: UserSpec;
}

/** The process an image runs by default, with a caller's overrides applied. */
export interface ImageProcess {
  /** Entrypoint then Cmd (or the caller's args in place of Cmd). */
  readonly args: string[];
  /** PATH by default, then the image's Env, then the caller's, merged by name. */
  readonly env: string[];
  /** The working directory: the caller's, the image's WorkingDir, or `/`. */
  readonly cwd: string;
  /** The uid, gid and additional gids, from the caller's user or the image's User (root when neither). */
  readonly user: OciUser;
  /** The image's StopSignal (e.g. `SIGQUIT`), when it has one: what a graceful stop should send. */
  readonly stopSignal?: string;
}

/** The PATH containerd gives a process whose image sets none (`oci.defaultUnixEnv`). */
export const DEFAULT_PATH = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/**
 * The process a container of an image runs: args = Entrypoint + Cmd (`args` replace Cmd, `entrypoint` the
 * Entrypoint); env = containerd's default PATH, replaced or extended by the image's Env, then by the caller's,
 * by variable name, keeping the order; cwd = WorkingDir or `/`; the user resolved against `etc`, the image's
 * /etc/passwd and /etc/group (a name: its uid and gid; a uid with no entry: gid 0; none: root), with the
 * additional gids of every group listing that user, as containerd's `WithAdditionalGIDs` adds them; the
 * StopSignal.
 *
 * @param etc - the text of the image's /etc/passwd and /etc/group (read from its snapshot); absent files are empty.
 * @throws InvalidArgumentError when the result has no args (neither Entrypoint, Cmd nor `args`), an env entry
 * is malformed, cwd is not absolute, or the user names a user or group that `etc` does not have (named).
 *
 * @example
 * ```ts
 * imageProcess(config, { args: ['-c', 'echo hi'], env: { GREETING: 'hi' } }, { passwd, group })
 * // { args: ['/bin/sh', '-c', 'echo hi'], env: ['PATH=…', 'GREETING=hi'], cwd: '/', user: { uid: 0, … } }
 * ```
 */
export function imageProcess(config: ImageConfig, options: ImageProcessOptions = {}, etc: EtcFiles = {}, call = 'newContainer'): ImageProcess {
  const run = config.config ?? {};
  const args = [...(options.entrypoint ?? run.Entrypoint ?? []), ...(options.args ?? run.Cmd ?? [])];
  if (args.length === 0) {
    throw invalidArgument(call, 'the image has neither Entrypoint nor Cmd: give the args to run');
  }
  const env = mergeEnv(mergeEnv([DEFAULT_PATH], run.Env ?? []), toEnvList(options.env, call));
  const cwd = options.cwd ?? (run.WorkingDir || '/');
  if (!cwd.startsWith('/')) throw invalidArgument(call, `invalid cwd ${JSON.stringify(cwd)}: an absolute path`);
  const user = options.user ?? (run.User || 'root');
  return {
    args,
    env,
    cwd,
    user: withImageGroups(resolveUserIn(user, etc, call), etc),
    ...(run.StopSignal ? { stopSignal: run.StopSignal } : {}),
  };
}

/**
 * `base` with `overrides` applied as containerd's `replaceOrAppendEnvValues` does: `NAME=value` replaces the
 * entry of that name where it stands, or is appended; `NAME` alone removes it.
 */
export function mergeEnv(base: readonly string[], overrides: readonly string[]): string[] {
  const nameOf = (e: string): string => (e.includes('=') ? e.slice(0, e.indexOf('=')) : e);
  const result = [...base];
  for (const entry of overrides) {
    const at = result.findIndex((e) => nameOf(e) === nameOf(entry));
    if (!entry.includes('=')) {
      if (at >= 0) result.splice(at, 1);
    } else if (at >= 0) {
      result[at] = entry;
    } else {
      result.push(entry);
    }
  }
  return result;
}

function toEnvList(env: ImageProcessOptions['env'], call: string): string[] {
  if (env === undefined) return [];
  const list = Array.isArray(env) ? (env as readonly string[]) : Object.entries(env).map(([k, v]) => `${k}=${v}`);
  for (const e of list) {
    if (typeof e !== 'string' || !/^[^=\0]+(=[^\0]*)?$/.test(e)) {
      throw invalidArgument(call, `invalid env entry ${JSON.stringify(e)}: use 'NAME=value' (or 'NAME' to remove it)`);
    }
  }
  return [...list];
}
