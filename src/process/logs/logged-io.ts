/**
 * The stdio of a task whose container logs: no FIFOs of ours, its stdout and stderr given to the shim's logging
 * binary (`binary://` stdio, which containerd runs beside the process; `file://` loses lines of stderr). Before
 * the daemon is asked: the options checked, the folder proved writable, the logger found or built.
 * @module
 */
import { forkJoin, map, mergeMap, type Observable, defer } from 'rxjs';
import { invalidArgument } from '../../client/error-mapping.js';
import type { ClientCore } from '../core.js';
import { openIO$, type ProcessIO, type StdioOptions, type StdioPaths } from '../io-setup.js';
import { prepareLogFolder$ } from './log-folder.js';
import { loggerUri, type LogLocation } from './log-options.js';
import { loggerBinary$ } from './logger-binary.js';

/** The stdio of a logging task: `io` (nothing to read: the output is in the log) and the paths the daemon gets. */
export interface LoggedIO {
  /** Our side: empty output streams, no stdin. */
  readonly io: ProcessIO;
  /** The paths for Tasks.Create: no stdin, stdout and stderr to the logger. */
  readonly paths: StdioPaths;
}

/** Whether a stdio path the daemon reports is a logging binary's, not a FIFO. */
export function isLoggerPath(path: string): boolean {
  return path.startsWith('binary://');
}

/**
 * The stdio of a new task of a logging container. `stdio` may be left out or be `'ignore'`: anything else is an
 * InvalidArgumentError (the output goes to the log; read it with `logs$`). A terminal is refused too: the shim
 * logs a terminal's output without telling its streams apart.
 */
export function loggedIO$(core: ClientCore, containerId: string, log: LogLocation, options: StdioOptions & { readonly terminal?: boolean }, call: string): Observable<LoggedIO> {
  return defer(() => {
    if (options.stdio !== undefined && options.stdio !== 'ignore') {
      throw invalidArgument(call, `container ${containerId} logs its output to ${log.dir}: stdio must be left out or 'ignore' (read the output with logs$), got ${JSON.stringify(options.stdio)}`);
    }
    if (options.stdin === true) throw invalidArgument(call, `container ${containerId} logs its output: it has no stdin to give`);
    if (options.terminal) throw invalidArgument(call, `container ${containerId} logs its output: a terminal is not supported with log`);
    return forkJoin([prepareLogFolder$(log.dir, call), loggerBinary$()]).pipe(
      mergeMap(([, logger]) =>
        openIO$(core, containerId, { stdio: 'ignore' }, call).pipe(
          map((io) => {
            const uri = loggerUri(logger, log);
            return { io, paths: { stdin: '', stdout: uri, stderr: uri, terminal: false } };
          }),
        ),
      ),
    );
  });
}
