/**
 * Image references as containerd parses them (Docker's reference grammar, `ParseNormalizedNamed`, then
 * `ParseDockerRef` for what a pull asks): `[domain/]path[:tag][@digest]`, with Docker Hub (`docker.io`) as the
 * default domain, `library/` before a one-part Docker Hub path, `latest` when neither tag nor digest is given,
 * and a digest that pins the content (a tag beside it is dropped from the canonical name, as `ParseDockerRef`
 * drops it). {@link normalizeReference} gives the name containerd stores an imported image under.
 * @module
 */
import { invalidArgument } from '../client/errors.js';
import { isDigest } from './digest.js';

/** An image reference taken apart and normalised. */
export interface ImageReference {
  /** The registry host, with its port: `docker.io`, `ghcr.io`, `127.0.0.1:5000`, `[::1]:5000`, `localhost`. */
  readonly domain: string;
  /** The repository path in the registry: `library/busybox`, `acme/app`. */
  readonly path: string;
  /** `domain/path`: what containerd calls the locator. */
  readonly name: string;
  /** The tag written, or `latest` when neither tag nor digest was; `undefined` for a digest alone. */
  readonly tag: string | undefined;
  /** The digest written (`sha256:…`): it pins the content, whatever the tag says. */
  readonly digest: string | undefined;
  /** What the registry is asked for: the digest when there is one, else the tag. */
  readonly object: string;
  /** The normalised reference, the name an image record gets: `name@digest`, else `name:tag`. */
  readonly canonical: string;
}

const DEFAULT_DOMAIN = 'docker.io';
const NAME_MAX = 255;
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = new RegExp(`^(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[0-9a-fA-F:.]+\\])(?::[0-9]{1,5})?$`);
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[_.]|__|-+)[a-z0-9]+)*$/;
const TAG = /^\w[\w.-]{0,127}$/;

/**
 * Parses and normalises an image reference, as containerd (Docker's `ParseDockerRef`) does.
 *
 * @example
 * ```ts
 * parseReference('busybox').canonical                        // 'docker.io/library/busybox:latest'
 * parseReference('127.0.0.1:5000/app:1.0')                   // { domain: '127.0.0.1:5000', path: 'app', tag: '1.0', … }
 * parseReference('ghcr.io/acme/app:1.0@sha256:…').object     // 'sha256:…' (the digest pins it)
 * ```
 *
 * @param call - names the operation in the error.
 * @throws InvalidArgumentError naming the reference and what is wrong with it (empty, uppercase in the path, a
 * bad tag, digest or host, a name over 255 characters, a bare 64-hex id), before any request is made.
 */
export function parseReference(text: string, call = 'parseReference'): ImageReference {
  const bad = (why: string): never => {
    throw invalidArgument(call, `invalid image reference ${JSON.stringify(text)}: ${why}`);
  };
  if (typeof text !== 'string' || text === '') return bad('it is empty');
  let rest = text;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!isDigest(digest)) bad(`${JSON.stringify(digest)} is not a digest (sha256: and 64 lowercase hex characters)`);
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/') && !rest.endsWith(']')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) bad(`${JSON.stringify(tag)} is not a tag (up to 128 of a-z A-Z 0-9 _ . -, not starting with . or -)`);
  }
  if (/^[a-f0-9]{64}$/.test(rest)) bad('a 64-character hexadecimal string is an image id, not a repository name');
  const { domain, path } = splitDomain(rest);
  if (!DOMAIN.test(domain)) bad(`${JSON.stringify(domain)} is not a registry host`);
  if (path !== path.toLowerCase()) bad('the repository name must be lowercase');
  const component = path.split('/').find((c) => !PATH_COMPONENT.test(c));
  if (component !== undefined) {
    bad(component === '' ? 'a part of the repository path is empty' : `${JSON.stringify(component)} is not a repository path component (a-z 0-9 separated by . _ __ or -)`);
  }
  const name = `${domain}/${path}`;
  if (name.length > NAME_MAX) bad(`the repository name is longer than ${NAME_MAX} characters`);
  if (tag === undefined && digest === undefined) tag = 'latest';
  return {
    domain, path, name, tag, digest,
    object: digest ?? tag!,
    canonical: digest !== undefined ? `${name}@${digest}` : `${name}:${tag!}`,
  };
}

/**
 * The domain and path of a name, as Docker splits them: the first part is a host when it holds a `.` or a `:`,
 * is `localhost`, or has an uppercase letter; otherwise the whole name is a Docker Hub path.
 */
function splitDomain(name: string): { domain: string; path: string } {
  const slash = name.indexOf('/');
  const first = slash < 0 ? '' : name.slice(0, slash);
  const isHost = slash >= 0 && (first.includes('.') || first.includes(':') || first === 'localhost' || first !== first.toLowerCase());
  let domain = isHost ? first : DEFAULT_DOMAIN;
  let path = isHost ? name.slice(slash + 1) : name;
  if (domain === 'index.docker.io') domain = DEFAULT_DOMAIN;
  if (domain === DEFAULT_DOMAIN && !path.includes('/')) path = `library/${path}`;
  return { domain, path };
}

/**
 * The normalised form of an image reference, the name containerd stores an image under: the default registry
 * `docker.io` when none is named, `library/` for a one-part Docker Hub name, `:latest` when there is neither tag
 * nor digest; a tag and a digest written together are both kept.
 * @throws InvalidArgumentError naming the reference when it is not one (see {@link parseReference}).
 *
 * @example
 * ```ts
 * normalizeReference('busybox:1.36')             // 'docker.io/library/busybox:1.36'
 * normalizeReference('ghcr.io/acme/app')         // 'ghcr.io/acme/app:latest'
 * normalizeReference('localhost:5000/app@sha256:…') // unchanged
 * ```
 */
export function normalizeReference(reference: string, call = 'normalizeReference'): string {
  const ref = parseReference(reference, call);
  return `${ref.name}${ref.tag === undefined ? '' : `:${ref.tag}`}${ref.digest === undefined ? '' : `@${ref.digest}`}`;
}
