/**
 * The `log` option of a container (Docker's `--log-driver` with `--log-opt max-size`/`max-file`): where its
 * tasks' output is written on this host, rotated at what size, how many files kept. Checked at the call
 * (InvalidArgumentError naming the field and the value) and recorded in the container's labels, so that any
 * client, and a supervisor started after a restart, finds the files from the container alone.
 * @module
 */
import { invalidArgument } from '../../client/error-mapping.js';
import { isAbsolute, join } from 'node:path';

/** Where a container's output is logged, and how the files turn over. */
export interface LogOptions {
  /**
   * The folder of this container's log files (absolute): `output.log`, then `output.log.1` (the newest rotated)
   * to `output.log.<keep - 1>`, and `logger.pid` while the logger runs. Default
   * `/var/log/rx-containerd/<namespace>/<container id>`. Made if missing; it must be writable on this host.
   */
  readonly dir?: string;
  /** Rotate `output.log` before it passes this many bytes (Docker's `max-size`). At least 4096; default 10 MiB. */
  readonly maxBytes?: number;
  /** How many files to keep, the current one included (Docker's `max-file`). 1 to 1000; default 5. */
  readonly keep?: number;
}

/** A container's log settings, complete: what its labels say. */
export interface LogLocation {
  /** The folder of the log files. */
  readonly dir: string;
  /** The rotation size, in bytes. */
  readonly maxBytes: number;
  /** The number of files kept, the current one included. */
  readonly keep: number;
}

/** The label holding the log folder; its presence is what makes a container's tasks log. */
export const LOG_DIR_LABEL = 'rx-containerd/log.dir';
/** The label holding the rotation size, in bytes. */
export const LOG_MAX_BYTES_LABEL = 'rx-containerd/log.max-bytes';
/** The label holding the number of files kept. */
export const LOG_KEEP_LABEL = 'rx-containerd/log.keep';

/** The folder under which containers log when their `log.dir` is not given. */
export const DEFAULT_LOG_ROOT = '/var/log/rx-containerd';
/** The default rotation size: 10 MiB. */
export const DEFAULT_LOG_MAX_BYTES = 10 * 1024 * 1024;
/** The default number of files kept. */
export const DEFAULT_LOG_KEEP = 5;

/** The name of the file being written; rotated ones add `.1`, `.2`... */
export const LOG_FILE = 'output.log';
/** The file holding the logger's pid while it runs. */
export const LOGGER_PID_FILE = 'logger.pid';

/** Checks `log` and completes it with its defaults. InvalidArgumentError naming the bad field. */
export function checkLogOptions(log: LogOptions | true, namespace: string, id: string, call: string): LogLocation {
  if (log === true) log = {};
  if (typeof log !== 'object' || log === null) throw invalidArgument(call, `log must be an object { dir?, maxBytes?, keep? } or true, got ${String(log)}`);
  const { dir, maxBytes, keep } = log;
  if (dir !== undefined && (typeof dir !== 'string' || !isAbsolute(dir) || dir.includes('\0'))) {
    throw invalidArgument(call, `log.dir must be an absolute path, got ${JSON.stringify(dir)}`);
  }
  if (maxBytes !== undefined && !(Number.isSafeInteger(maxBytes) && maxBytes >= 4096)) {
    throw invalidArgument(call, `log.maxBytes must be an integer of at least 4096 bytes, got ${String(maxBytes)}`);
  }
  if (keep !== undefined && !(Number.isInteger(keep) && keep >= 1 && keep <= 1000)) {
    throw invalidArgument(call, `log.keep must be an integer from 1 to 1000 (files, the current one included), got ${String(keep)}`);
  }
  return {
    dir: dir ?? join(DEFAULT_LOG_ROOT, namespace, id),
    maxBytes: maxBytes ?? DEFAULT_LOG_MAX_BYTES,
    keep: keep ?? DEFAULT_LOG_KEEP,
  };
}

/** The labels that record a container's log settings. */
export function logLabels(log: LogLocation): Record<string, string> {
  return { [LOG_DIR_LABEL]: log.dir, [LOG_MAX_BYTES_LABEL]: String(log.maxBytes), [LOG_KEEP_LABEL]: String(log.keep) };
}

/** A container's log settings read from its labels; undefined when it does not log (or its labels are not ours to read). */
export function logLocation(labels: Readonly<Record<string, string>>): LogLocation | undefined {
  const dir = labels[LOG_DIR_LABEL];
  if (dir === undefined || !isAbsolute(dir)) return undefined;
  const maxBytes = Number(labels[LOG_MAX_BYTES_LABEL] ?? DEFAULT_LOG_MAX_BYTES);
  const keep = Number(labels[LOG_KEEP_LABEL] ?? DEFAULT_LOG_KEEP);
  return {
    dir,
    maxBytes: Number.isSafeInteger(maxBytes) && maxBytes >= 4096 ? maxBytes : DEFAULT_LOG_MAX_BYTES,
    keep: Number.isInteger(keep) && keep >= 1 && keep <= 1000 ? keep : DEFAULT_LOG_KEEP,
  };
}

/** The stdio URI the shim is given: `binary://<logger>?dir=…&max=…&keep=…` (containerd passes the query as arguments). */
export function loggerUri(logger: string, log: LogLocation): string {
  const query = new URLSearchParams({ dir: log.dir, max: String(log.maxBytes), keep: String(log.keep) });
  return `binary://${encodeURI(logger)}?${query.toString()}`;
}
