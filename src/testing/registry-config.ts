/**
 * The configuration file of a private registry (the distribution registry 2.8, Debian's `docker-registry`),
 * written as JSON, which its YAML reader takes as it is: storage in our folder, one address on 127.0.0.1, a
 * fixed upload secret (an upload begun before a restart stays valid after it), and the auth asked for.
 * @module
 */

/** How a private registry authenticates its clients. */
export type RegistryAuthConfig =
  | { readonly kind: 'none' }
  | { readonly kind: 'htpasswd'; readonly file: string }
  | { readonly kind: 'token'; readonly realm: string; readonly service: string; readonly issuer: string; readonly certificateFile: string };

/** What {@link registryConfig} needs. */
export interface RegistryConfigInput {
  /** The port to listen on, at 127.0.0.1. */
  readonly port: number;
  /** The storage folder (the filesystem driver's root). */
  readonly storage: string;
  /** The HTTP secret that signs upload state. */
  readonly secret: string;
  /** The auth. */
  readonly auth: RegistryAuthConfig;
  /** The log level (`error`, `warn`, `info`, `debug`); `info` logs one line per request. */
  readonly logLevel: string;
}

/** The registry's configuration as the text of its config file. */
export function registryConfig(input: RegistryConfigInput): string {
  const auth =
    input.auth.kind === 'htpasswd' ? { htpasswd: { realm: 'rx-containerd-registry', path: input.auth.file } }
    : input.auth.kind === 'token' ? { token: { realm: input.auth.realm, service: input.auth.service, issuer: input.auth.issuer, rootcertbundle: input.auth.certificateFile } }
    : undefined;
  const config = {
    version: '0.1',
    log: { level: input.logLevel, formatter: 'text', accesslog: { disabled: input.logLevel !== 'info' && input.logLevel !== 'debug' } },
    storage: { filesystem: { rootdirectory: input.storage }, delete: { enabled: true }, maintenance: { uploadpurging: { enabled: false } } },
    http: { addr: `127.0.0.1:${input.port}`, secret: input.secret },
    ...(auth === undefined ? {} : { auth }),
  };
  return JSON.stringify(config, null, 2) + '\n';
}
