/**
 * Container option `etcHosts`: the /etc/hosts and /etc/hostname Docker writes for a container with a network
 * namespace of its own (moby's daemon/container_operations.go and libnetwork's etchosts package), their text and
 * the checks of how they go with the other options. The files themselves are written by `newContainer` (see
 * process/etc-files.ts), which turns the option into two bind mounts.
 * @module
 */
import { hostname as hostHostname } from 'node:os';
import { invalidArgument } from '../../client/errors.js';
import type { FilesystemOptions } from './filesystem.js';
import type { NamespacesOptions } from './namespaces.js';

/** Container option: Docker's generated /etc/hosts and /etc/hostname. */
export interface EtcHostsOptions {
  /**
   * Write /etc/hosts and /etc/hostname for the container as Docker does for one with its own network namespace
   * (no `docker run` flag: Docker always does it; nerdctl's `etchosts`): /etc/hosts holds `127.0.0.1 localhost`,
   * `::1 localhost ip6-localhost ip6-loopback`, the usual ip6 lines and the container's hostname (on 127.0.1.1, its
   * only address being loopback), /etc/hostname the hostname. Both are bound read-write from a folder of the client
   * (`<ioDir>/etc-<id>-XXXXXX`, see `ClientOptions.ioDir`), named in the container's `rx-containerd/etc-files`
   * label and removed by `container.delete()` (whichever client deletes it). The hostname is `hostname` (default the
   * container's id), with `domainname` as Docker writes it (`web.example.org web`); with `uts: 'host'`, the host's.
   * Refused with the host's network (use `hostFiles`, the host's files, as Docker gives them there), with a joined
   * one (its owner's names are not the container's), and with `hostFiles` naming `hosts` (two /etc/hosts).
   * Default false: the rootfs's own files.
   */
  readonly etcHosts?: boolean;
}

/** The label of a container that names the folder of its generated /etc/hosts and /etc/hostname. */
export const ETC_FILES_LABEL = 'rx-containerd/etc-files';

/** The names of the files in the folder, as they are bound: /etc/`name`. */
export const ETC_FILE_NAMES = ['hosts', 'hostname'] as const;

/** What {@link etcHostsPlan} gives: the text of each file. */
export interface EtcFilesText {
  /** The /etc/hosts text. */
  readonly hosts: string;
  /** The /etc/hostname text. */
  readonly hostname: string;
}

/**
 * Whether `options` asks for the generated files, checked against the options they go with: InvalidArgumentError
 * naming `etcHosts` and the option it contradicts.
 */
export function wantsEtcHosts(options: EtcHostsOptions & FilesystemOptions & NamespacesOptions & { readonly hostNetwork?: boolean }, call: string): boolean {
  const { etcHosts } = options;
  if (etcHosts === undefined || etcHosts === false) return false;
  if (etcHosts !== true) throw invalidArgument(call, `etcHosts must be a boolean, got ${JSON.stringify(etcHosts)}`);
  if (options.hostNetwork === true || options.network === 'host') {
    throw invalidArgument(call, "etcHosts: the container shares the host's network: use hostFiles for the host's /etc/hosts, as Docker gives it with --network host");
  }
  if (options.network !== undefined) {
    throw invalidArgument(call, `etcHosts: the container joins another network namespace (${JSON.stringify(options.network)}), whose names are not its own: use mounts or hostFiles`);
  }
  const hostFiles = options.hostFiles;
  if (hostFiles === true || (typeof hostFiles === 'object' && hostFiles !== null && hostFiles.hosts === true)) {
    throw invalidArgument(call, 'etcHosts and hostFiles.hosts both give /etc/hosts: choose one');
  }
  return true;
}

/**
 * The text of the files for a container named `hostname` (and `domainname`), as Docker writes them for a
 * container whose only address is loopback: libnetwork's default records, then the container's name.
 *
 * @example
 * ```ts
 * etcFilesText('web', 'example.org').hostname // 'web\n'
 * ```
 */
export function etcFilesText(hostname: string, domainname: string | undefined, call: string): EtcFilesText {
  if (typeof hostname !== 'string' || hostname === '' || Buffer.byteLength(hostname) > 64 || /[\0\s#]/.test(hostname)) {
    throw invalidArgument(call, `hostname must be 1-64 bytes without spaces or '#' for etcHosts, got ${JSON.stringify(hostname)}`);
  }
  const names = domainname === undefined ? hostname : `${hostname}.${domainname} ${hostname}`;
  const hosts = [
    '127.0.0.1\tlocalhost',
    '::1\tlocalhost ip6-localhost ip6-loopback',
    'fe00::0\tip6-localnet',
    'ff00::0\tip6-mcastprefix',
    'ff02::1\tip6-allnodes',
    'ff02::2\tip6-allrouters',
    `127.0.1.1\t${names}`,
    '',
  ].join('\n');
  return { hosts, hostname: `${hostname}\n` };
}

/** The hostname the files name: the host's with `uts: 'host'`, else `hostname`, else the container's id. */
export function etcHostname(id: string, options: { readonly hostname?: string; readonly uts?: 'host' }): string {
  return options.uts === 'host' ? hostHostname() : options.hostname ?? id;
}
