/**
 * Image references (`[domain/]path[:tag][@digest]`) in the normalised form containerd stores image names in, as
 * Docker's reference library (`ParseNormalizedNamed` then `TagNameOnly`) makes it:
 * `busybox` -> `docker.io/library/busybox:latest`.
 * @module
 */
import { invalidArgument } from '../client/errors.js';
import { isDigest } from './digest.js';

const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const DOMAIN = /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\[[0-9a-fA-F:]+\])(?::[0-9]+)?$/;
const TAG = /^[\w][\w.-]{0,127}$/;

/** Whether the first part of a name is a registry host rather than a path component, as Docker decides it. */
function isDomain(part: string): boolean {
  return part === 'localhost' || part.includes('.') || part.includes(':') || part !== part.toLowerCase();
}

/**
 * The normalised form of an image reference: the default registry `docker.io` when none is named, `library/`
 * for a one-part Docker Hub name, `:latest` when there is neither tag nor digest.
 * @throws InvalidArgumentError naming the reference when it is not one (uppercase in the path, an empty part, a
 * bad tag or digest).
 *
 * @example
 * ```ts
 * normalizeReference('busybox:1.36')             // 'docker.io/library/busybox:1.36'
 * normalizeReference('ghcr.io/acme/app')         // 'ghcr.io/acme/app:latest'
 * normalizeReference('localhost:5000/app@sha256:…') // unchanged
 * ```
 */
export function normalizeReference(reference: string, call = 'normalizeReference'): string {
  const bad = (why: string): never => {
    throw invalidArgument(call, `invalid image reference ${JSON.stringify(reference)}: ${why}`);
  };
  if (typeof reference !== 'string' || reference === '') return bad('empty');
  const at = reference.indexOf('@');
  const digest = at >= 0 ? reference.slice(at + 1) : undefined;
  let rest = at >= 0 ? reference.slice(0, at) : reference;
  if (digest !== undefined && !isDigest(digest)) bad(`${JSON.stringify(digest)} is not a digest`);
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  let tag: string | undefined;
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) bad(`${JSON.stringify(tag)} is not a tag`);
  }
  const slash = rest.indexOf('/');
  let domain = 'docker.io';
  let path = rest;
  if (slash >= 0 && isDomain(rest.slice(0, slash))) {
    domain = rest.slice(0, slash);
    path = rest.slice(slash + 1);
  }
  if (domain === 'index.docker.io') domain = 'docker.io';
  if (!DOMAIN.test(domain)) bad(`${JSON.stringify(domain)} is not a registry host`);
  if (path !== path.toLowerCase()) bad('the repository name must be lowercase');
  if (path.split('/').some((c) => !COMPONENT.test(c))) bad('a path component is empty or has characters other than a-z, 0-9, ".", "_" and "-"');
  if (domain === 'docker.io' && !path.includes('/')) path = `library/${path}`;
  const suffix = (tag !== undefined ? `:${tag}` : digest === undefined ? ':latest' : '') + (digest !== undefined ? `@${digest}` : '');
  return `${domain}/${path}${suffix}`;
}
