/**
 * Where a registry's distribution API is: `https://HOST/v2/` by default, plain HTTP for a registry on this
 * machine (`localhost`, 127.0.0.0/8, `[::1]`, with any port) as containerd's resolver does, or for any host when
 * `plainHttp` is set; Docker Hub's API answers at `registry-1.docker.io`, as containerd maps it.
 * @module
 */

/** A registry's API root. */
export interface RegistryEndpoint {
  /** The host as referenced (`docker.io`, `127.0.0.1:5000`): what errors name. */
  readonly host: string;
  /** The API root, ending in `/v2/`: `https://registry-1.docker.io/v2/`, `http://127.0.0.1:5000/v2/`. */
  readonly base: string;
}

/**
 * Whether a host is on this machine: `localhost`, an address of 127.0.0.0/8 or `[::1]`, with or without a port.
 * containerd talks plain HTTP to those unless told otherwise.
 */
export function isLocalHost(host: string): boolean {
  const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.replace(/:\d+$/, '');
  if (name === 'localhost' || name === '[::1]') return true;
  const octets = name.split('.');
  return octets.length === 4 && octets[0] === '127' && octets.every((o) => /^\d{1,3}$/.test(o) && Number(o) <= 255);
}

/**
 * The API root of the registry `host` (a reference's domain).
 * @param plainHttp - true: plain HTTP whatever the host; false: HTTPS even on this machine; absent: plain HTTP
 * for a local host only.
 */
export function registryEndpoint(host: string, plainHttp?: boolean): RegistryEndpoint {
  const scheme = (plainHttp ?? isLocalHost(host)) ? 'http' : 'https';
  const apiHost = host === 'docker.io' ? 'registry-1.docker.io' : host;
  return { host, base: `${scheme}://${apiHost}/v2/` };
}
