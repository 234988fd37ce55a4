/**
 * The life of a container's generated /etc/hosts and /etc/hostname (the `etcHosts` option): written in a folder
 * of the client's IO directory before the container is created, bound into it, named in a label, and removed
 * with the container (by whichever client deletes it), or at once when the creation fails.
 * @module
 */
import { mkdtempSync, rmdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, isAbsolute, join } from 'node:path';
import { defer, Observable, tap } from 'rxjs';
import { ioError } from '../client/errors.js';
import type { Container as ContainerMessage } from '../proto/messages.js';
import { ETC_FILE_NAMES, ETC_FILES_LABEL, etcFilesText, etcHostname, wantsEtcHosts, type EtcHostsOptions } from './spec-options/etc-hosts.js';
import type { ContainerMount, FilesystemOptions } from './spec-options/filesystem.js';
import type { NamespacesOptions } from './spec-options/namespaces.js';

/** The options `withEtcFiles$` reads. */
type EtcOptions = EtcHostsOptions & FilesystemOptions & NamespacesOptions & {
  readonly hostNetwork?: boolean;
  readonly hostname?: string;
  readonly domainname?: string;
  readonly labels?: Readonly<Record<string, string>>;
};

/** The prefix of the folder's name, which the removal checks before it touches anything. */
const FOLDER_PREFIX = 'etc-';

/**
 * Runs `create$` with `options`, after writing the files when `options.etcHosts` asks for them: the options then
 * carry the two bind mounts (before the caller's own, so that a mount of the caller's at /etc/hosts wins) and the
 * {@link ETC_FILES_LABEL} label, and no `etcHosts`. The folder is removed when `create$` fails or is unsubscribed
 * before it emitted. `ioDir()` gives the client's IO directory (made on first use).
 */
export function withEtcFiles$<O extends EtcOptions>(
  ioDir: () => string,
  id: string,
  options: O,
  call: string,
  create$: (options: O) => Observable<ContainerMessage>,
): Observable<ContainerMessage> {
  return defer(() => {
    if (typeof options !== 'object' || options === null || !wantsEtcHosts(options, call)) return create$(options);
    const text = etcFilesText(etcHostname(id, options), options.domainname, call);
    let folder: string;
    try {
      folder = mkdtempSync(join(ioDir(), `${FOLDER_PREFIX}${id.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 80)}-`));
      for (const name of ETC_FILE_NAMES) writeFileSync(join(folder, name), text[name], { mode: 0o644 });
    } catch (error) {
      throw ioError(call, error);
    }
    const mounts: ContainerMount[] = ETC_FILE_NAMES.map((name) => ({ type: 'bind', source: join(folder, name), target: `/etc/${name}` }));
    const { etcHosts: _etcHosts, ...rest } = options;
    const resolved = { ...rest, mounts: [...mounts, ...(options.mounts ?? [])], labels: { ...options.labels, [ETC_FILES_LABEL]: folder } } as unknown as O;
    let created = false;
    return create$(resolved).pipe(
      tap({
        next: () => (created = true),
        finalize: () => {
          if (!created) removeEtcFiles(folder);
        },
      }),
    );
  });
}

/**
 * Removes the folder a container's {@link ETC_FILES_LABEL} names: its two files, then the folder itself, and
 * nothing else (a label naming anything but such a folder is left alone). One already gone is no error.
 */
export function removeEtcFiles(folder: string | undefined): void {
  if (folder === undefined || !isAbsolute(folder) || !basename(folder).startsWith(FOLDER_PREFIX)) return;
  for (const name of ETC_FILE_NAMES) {
    try {
      unlinkSync(join(folder, name));
    } catch {
      // gone already
    }
  }
  try {
    rmdirSync(folder);
  } catch {
    // gone already, or holding something that is not ours: left alone
  }
}
