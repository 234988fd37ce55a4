/**
 * Where the shim's logging binary comes from: `RXC_LOGGER` when set (a prebuilt `rxc-logger`), else a build of
 * our C source (logger-source.ts) cached per machine under `$RXC_CACHE_DIR`, else `$XDG_CACHE_HOME/rx-containerd`,
 * else `~/.cache/rx-containerd`, named after the source's digest (a new version of the library builds anew). The
 * first use compiles it (`$CC`, `cc` or `gcc`, about 0.3 s); later ones find it there. No Node process runs per
 * container: the shim starts the binary itself.
 * @module
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { access, chmod, constants, mkdir, rename, rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { defer, from, type Observable } from 'rxjs';
import { LoggerUnavailableError } from '../../client/log-error-classes.js';
import { LOGGER_SOURCE } from './logger-source.js';

/** The environment variable naming a prebuilt logger binary, used as is. */
export const LOGGER_ENV = 'RXC_LOGGER';

/** The folder the logger is built into: `$RXC_CACHE_DIR`, `$XDG_CACHE_HOME/rx-containerd` or `~/.cache/rx-containerd`. */
export function loggerCacheDir(): string {
  const env = process.env;
  return env['RXC_CACHE_DIR'] ?? join(env['XDG_CACHE_HOME'] ?? join(homedir(), '.cache'), 'rx-containerd');
}

/** The path the logger of this version of the library has in the cache (built or not). */
export function cachedLoggerPath(): string {
  const digest = createHash('sha256').update(LOGGER_SOURCE).update(process.arch).digest('hex').slice(0, 12);
  return join(loggerCacheDir(), `rxc-logger-${digest}`);
}

let building: Promise<string> | undefined;

/**
 * The logger binary's absolute path: `RXC_LOGGER`, or the cached build, compiled now if missing. Emits it once.
 * LoggerUnavailableError when `RXC_LOGGER` is not an executable file, or when no compiler could build it.
 */
export function loggerBinary$(): Observable<string> {
  return defer(() => from(loggerBinary()));
}

/** The Promise twin of {@link loggerBinary$}: the logger binary's path, built into the cache on first use. */
export function loggerBinary(): Promise<string> {
  const env = process.env[LOGGER_ENV];
  if (env !== undefined && env !== '') {
    const given = resolve(env); // the shim runs it from its own working directory
    return access(given, constants.X_OK).then(
      () => given,
      (error: unknown) => Promise.reject(new LoggerUnavailableError(`${LOGGER_ENV}=${given} is not an executable file`, error)),
    );
  }
  building ??= build().finally(() => {
    building = undefined;
  });
  return building;
}

async function build(): Promise<string> {
  const target = cachedLoggerPath();
  try {
    await access(target, constants.X_OK);
    return target;
  } catch {
    // not built yet
  }
  await mkdir(loggerCacheDir(), { recursive: true }).catch((error: unknown) => {
    throw new LoggerUnavailableError(`cannot make the logger's cache folder ${loggerCacheDir()}`, error);
  });
  // built beside its final name, then renamed: two processes building at once both end with a whole binary
  const temp = `${target}.${process.pid}.tmp`;
  const compilers = [process.env['CC'], 'cc', 'gcc'].filter((c): c is string => c !== undefined && c !== '');
  const failures: string[] = [];
  for (const cc of compilers) {
    try {
      await compile(cc, temp);
      await chmod(temp, 0o755);
      await rename(temp, target);
      return target;
    } catch (error) {
      await rm(temp, { force: true });
      const e = error as NodeJS.ErrnoException & { stderr?: string };
      failures.push(e.code === 'ENOENT' ? `${cc}: not found` : `${cc}: ${(e.stderr ?? e.message).trim()}`);
    }
  }
  throw new LoggerUnavailableError(
    `no logger binary: set ${LOGGER_ENV} to a built rxc-logger, or install a C compiler to build it into ${loggerCacheDir()} (${failures.join('; ')})`,
  );
}

function compile(cc: string, output: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = execFile(cc, ['-O2', '-x', 'c', '-o', output, '-'], { timeout: 60_000 }, (error, _stdout, stderr) => {
      if (error) reject(Object.assign(error, { stderr }));
      else resolve();
    });
    child.stdin?.on('error', () => undefined); // a missing compiler closes the pipe: the callback reports it
    child.stdin?.end(LOGGER_SOURCE);
  });
}
