/**
 * A new container's `log` option made into labels: checked (InvalidArgumentError naming the field), its folder
 * made and proved writable (LogFolderError), all before the daemon is asked, so a container that could not log
 * is never created.
 * @module
 */
import { mergeMap, type Observable } from 'rxjs';
import { invalidArgument } from '../../client/error-mapping.js';
import { validateId } from '../../client/validate.js';
import { prepareLogFolder$ } from './log-folder.js';
import { checkLogOptions, logLabels, type LogOptions } from './log-options.js';

/** The part of a container's options this step reads and writes. */
interface WithLogOptions {
  readonly log?: LogOptions | true;
  readonly labels?: Readonly<Record<string, string>>;
  readonly terminal?: boolean;
}

/** Checks `options.log`, prepares its folder, then creates with the log's labels added and `log` taken out. */
export function withLog$<O extends WithLogOptions, R>(namespace: string, id: string, options: O, call: string, create$: (options: O) => Observable<R>): Observable<R> {
  validateId(id, 'container id', call);
  const { log, ...rest } = options;
  const location = checkLogOptions(log!, namespace, id, call);
  if (options.terminal === true) throw invalidArgument(call, 'log and terminal cannot go together: the shim logs a terminal without telling stdout from stderr');
  return prepareLogFolder$(location.dir, call).pipe(
    mergeMap(() => create$({ ...rest, labels: { ...rest.labels, ...logLabels(location) } } as unknown as O)),
  );
}
