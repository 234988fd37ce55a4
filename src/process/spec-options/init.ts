/**
 * Container option: a minimal init as the container's PID 1 (`docker run --init`), bound in read-only from the
 * host, so that orphaned processes are reaped and signals reach the command.
 * @module
 */
import { statSync } from 'node:fs';
import { invalidArgument } from '../../client/errors.js';
import type { OciSpec } from '../oci-spec.js';
import { elfLinking } from './static-binary.js';

/** The init `init: true` binds: tini, statically linked, from Debian's `tini` package. */
export const defaultInitPath = '/usr/bin/tini-static';

/**
 * Where the init appears in the container: the path `docker run --init` uses, so that what a process sees of its
 * PID 1 (`ps`, /proc/1/cmdline) is what it sees under Docker, and no file of an image is shadowed.
 */
export const initTarget = '/sbin/docker-init';

/** The host binary of {@link InitOptions.init}, when it is not the default. */
export interface InitBinary {
  /** The init on the host (absolute): a statically linked executable taking `-- CMD [ARGS...]`, as tini does. */
  readonly path: string;
}

/** Container options: an init process. */
export interface InitOptions {
  /**
   * Run a minimal init as the container's PID 1, with the container's command as its child (`docker run --init`;
   * containerd has no `oci.With*` function for it, nerdctl's `run --init` does the same). The init reaps
   * orphaned processes, which a command that does not wait for children (a shell's `exec`, most servers) leaves
   * as zombies, and forwards the signals it gets (SIGTERM from a stop) to the command, which as PID 1 would
   * ignore any it has no handler for. `true` binds {@link defaultInitPath} (Debian's `tini` package, tini being
   * Docker's init too); `{ path }` names another static init on the host (e.g. catatonit, dumb-init). The binary
   * is bound read-only at {@link initTarget} and the command becomes `[initTarget, '--', ...args]`; execs are
   * not affected. The init is PID 1 only in the container's own pid namespace: joined to another's (`pid`
   * namespace option) it is an ordinary process and reaps nothing. Default: none, the command is PID 1.
   *
   * @throws InvalidArgumentError naming the option and the path when the binary is missing, not an executable
   * file, or dynamically linked (the container may have no loader or libc to run it), before anything is sent.
   */
  readonly init?: boolean | InitBinary;
}

/** Applies {@link InitOptions} to `spec` (after its args are final), after checking them. */
export function applyInit(spec: OciSpec, options: InitOptions, call: string): void {
  const { init } = options;
  if (init === undefined || init === false) return;
  let path: string;
  if (init === true) path = defaultInitPath;
  else if (typeof init === 'object' && init !== null && typeof init.path === 'string' && init.path.startsWith('/') && !init.path.includes('\0')) path = init.path;
  else throw invalidArgument(call, `init must be true, false or { path: an absolute host path }, got ${JSON.stringify(init)}`);
  const option = init === true ? 'init' : 'init.path';
  checkInitBinary(path, option, call);
  spec.mounts = [...spec.mounts.filter((m) => m.destination !== initTarget), { destination: initTarget, type: 'bind', source: path, options: ['rbind', 'ro'] }];
  spec.process.args = [initTarget, '--', ...spec.process.args];
}

function checkInitBinary(path: string, option: string, call: string): void {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    const hint = path === defaultInitPath ? ": install Debian's tini package (it holds tini-static), or name another static init with init: { path }" : '';
    throw invalidArgument(call, `${option}: no init binary at ${path} on this host${hint}`);
  }
  if (!stat.isFile() || (stat.mode & 0o111) === 0) throw invalidArgument(call, `${option}: ${path} is not an executable file`);
  let linking;
  try {
    linking = elfLinking(path);
  } catch (error) {
    throw invalidArgument(call, `${option}: ${path} cannot be read: ${(error as Error).message}`);
  }
  if (linking === 'not-elf') throw invalidArgument(call, `${option}: ${path} is not an ELF executable: init takes a static binary such as tini-static`);
  if (linking === 'dynamic') throw invalidArgument(call, `${option}: ${path} is dynamically linked; the container may have no loader or libc for it: use a static init (tini-static)`);
}
