/**
 * Registry credentials: a user name and password given by the caller, or read from a Docker `config.json`'s
 * `auths` (its entries keyed by registry, each with a base64 `auth` of `user:password`, or `username` and
 * `password` fields), as `docker login` writes them and containerd's tools read them.
 * @module
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { status as GrpcStatus } from '@grpc/grpc-js';
import { InvalidArgumentError, invalidArgument } from '../../client/errors.js';

/** A user name and password for basic auth, or for a token endpoint. */
export interface RegistryCredentials {
  /** The user name. */
  readonly username: string;
  /** The password, or an access token that the registry takes as one. */
  readonly password: string;
}

/** One registry's entry in a Docker config's `auths`. */
export interface DockerAuthEntry {
  /** base64 of `user:password`, as `docker login` writes it. */
  readonly auth?: string;
  /** The user, when written apart. */
  readonly username?: string;
  /** The password, when written apart. */
  readonly password?: string;
}

/** A Docker `config.json` as far as credentials go. */
export interface DockerConfig {
  /** Credentials by registry: `"ghcr.io"`, `"https://index.docker.io/v1/"`, `"127.0.0.1:5000"`. */
  readonly auths?: Readonly<Record<string, DockerAuthEntry>>;
}

/** Where credentials come from: for each registry host, the credentials to use, or none (anonymous). */
export type CredentialSource = (host: string) => RegistryCredentials | undefined;

/** The keys Docker uses for Docker Hub in `auths`. */
const DOCKER_HUB_KEYS = ['https://index.docker.io/v1/', 'index.docker.io', 'docker.io', 'registry-1.docker.io'];

/** An `auths` key reduced to its host: `https://ghcr.io/v1/` -> `ghcr.io`. */
function keyHost(key: string): string {
  return key.replace(/^[a-z]+:\/\//i, '').replace(/\/.*$/, '');
}

/**
 * The credentials a Docker config holds for registry `host` (a reference's domain), or undefined.
 * @throws InvalidArgumentError when the entry's `auth` is not base64 of `user:password`.
 *
 * @example
 * ```ts
 * dockerConfigCredentials({ auths: { 'ghcr.io': { auth: btoa('me:tok') } } }, 'ghcr.io')  // { username: 'me', password: 'tok' }
 * ```
 */
export function dockerConfigCredentials(config: DockerConfig, host: string, call = 'dockerConfigCredentials'): RegistryCredentials | undefined {
  const auths = config.auths ?? {};
  const wanted = host === 'docker.io' ? DOCKER_HUB_KEYS.map(keyHost) : [host];
  const key = Object.keys(auths).find((k) => wanted.includes(keyHost(k)));
  if (key === undefined) return undefined;
  const entry = auths[key]!;
  if (typeof entry.auth === 'string' && entry.auth !== '') {
    const text = Buffer.from(entry.auth, 'base64').toString('utf8');
    const colon = text.indexOf(':');
    if (colon <= 0) throw invalidArgument(call, `Docker config: the "auth" of ${JSON.stringify(key)} is not base64 of user:password`);
    return { username: text.slice(0, colon), password: text.slice(colon + 1) };
  }
  if (typeof entry.username === 'string' && typeof entry.password === 'string') return { username: entry.username, password: entry.password };
  return undefined;
}

/** Docker's default config file: `$DOCKER_CONFIG/config.json`, else `~/.docker/config.json`. */
export function defaultDockerConfigPath(): string {
  return join(process.env['DOCKER_CONFIG'] ?? join(homedir(), '.docker'), 'config.json');
}

/**
 * Reads a Docker config file. Without `path`, Docker's default file ({@link defaultDockerConfigPath}), whose
 * absence is an empty config (no `docker login` yet); a `path` given must be there.
 * @throws InvalidArgumentError naming the file when a given one is missing or cannot be read (Node's error as
 * `cause`), or when it is not JSON.
 */
export function readDockerConfig(path?: string, call = 'readDockerConfig'): DockerConfig {
  const file = path ?? defaultDockerConfigPath();
  const refused = (message: string, cause: unknown): InvalidArgumentError =>
    new InvalidArgumentError({ code: GrpcStatus.INVALID_ARGUMENT, daemonMessage: message, call, cause });
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && path === undefined) return {};
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a directory, not a file' : (error as Error).message;
    throw refused(`dockerConfig ${JSON.stringify(file)} cannot be read: ${why}`, error);
  }
  try {
    return JSON.parse(text) as DockerConfig;
  } catch (error) {
    throw refused(`dockerConfig ${JSON.stringify(file)} is not JSON: ${(error as Error).message}`, error);
  }
}
