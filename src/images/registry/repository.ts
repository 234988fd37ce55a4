/**
 * A repository in a registry, as the distribution API addresses it, and the auth scopes asked for it.
 * @module
 */

/** A registry host and a repository path in it: what an {@link ImageReference} also is. */
export interface Repository {
  /** The registry host as referenced: `127.0.0.1:5000`, `ghcr.io`, `docker.io`. */
  readonly domain: string;
  /** The repository path: `app`, `library/busybox`. */
  readonly path: string;
}

/** The scope to read `repository`: `repository:PATH:pull`. */
export function pullScope(repository: Repository): string {
  return `repository:${repository.path}:pull`;
}

/** The scope to write `repository`: `repository:PATH:pull,push`. */
export function pushScope(repository: Repository): string {
  return `repository:${repository.path}:pull,push`;
}
