/**
 * Where a process's stdio is made: FIFOs in the client's private folder, opened before the daemon is asked
 * (Tasks.Create waits for readers), or re-attached to an existing process's FIFOs.
 * @module
 */
import { catchError, defer, throwError } from 'rxjs';
import { ioError } from '../client/errors.js';
import { attachProcessIO$, openProcessIO$ } from './io/stdio.js';
/**
 * Opens new stdio for a process (`key` names its FIFO folder), or re-attaches to `attach`'s paths. A failure of
 * the local I/O (folder, mkfifo, open) is an IoError for `call`, Node's error as its `cause`.
 */
export function openIO$(core, key, options, call) {
    const stdio = options.stdio ?? 'pipe';
    return defer(() => options.attach
        ? attachProcessIO$(options.attach, { stdio, stdin: options.stdin ?? true })
        : openProcessIO$(core.ioDir(), key, { stdio, stdin: options.stdin ?? false, terminal: options.terminal ?? false })).pipe(catchError((error) => throwError(() => ioError(call, error))));
}
//# sourceMappingURL=io-setup.js.map