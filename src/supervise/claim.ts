/**
 * The claim of a supervisor's name: at most one supervisor of a name per namespace, held through containerd
 * itself. The claim is a Content.Write stream on the ref `rx-containerd/supervisor/<name>`, opened (a STAT) and
 * kept open: containerd refuses a second writer of a ref while one holds it ("ref ... locked", UNAVAILABLE), and
 * lets go when the stream ends, which is also when the holding process dies (the daemon sees its socket close).
 * Measured here on containerd 1.6.20, 1.7.24 and 2.1.9: a second claim is refused; the ref is free again 35-95 ms
 * after the holder is SIGKILLed; another namespace's claim of the same name is independent. A claim only lasts as
 * long as the daemon: it is taken again after the daemon restarts.
 * @module
 */
import { catchError, concatMap, defer, ignoreElements, map, merge, NEVER, type Observable, retry, throwError, timer } from 'rxjs';
import { nameErrorClass, RxContainerdError } from '../client/error-base.js';
import { UnavailableError } from '../client/errors.js';
import type { CallPort } from '../client/call-port.js';
import { Content } from '../proto/services.js';

/** The ingest ref a supervisor's claim holds. */
export const claimRef = (name: string): string => `rx-containerd/supervisor/${name}`;

/** Another supervisor of the same name holds the claim in this namespace: this one starts nothing. */
export class SupervisorClaimedError extends RxContainerdError {
  /**
   * @param supervisor - the supervisor's name.
   * @param namespace - the containerd namespace.
   * @param daemonMessage - what containerd said (the ref, how long it has been held).
   */
  constructor(readonly supervisor: string, readonly namespace: string, readonly daemonMessage: string) {
    super(`supervisor ${JSON.stringify(supervisor)} is already running in namespace ${namespace}: containerd holds its claim for another process (${daemonMessage})`);
  }
}
nameErrorClass(SupervisorClaimedError, 'SupervisorClaimedError', 'ERR_CONTAINERD_SUPERVISOR_CLAIMED');

/** How a claim is taken. */
export interface ClaimOptions {
  /**
   * How long a held claim is tried again before the error, in ms: a holder that just died is let go by the daemon
   * within ~0.1 s. Default 2000.
   */
  readonly waitMs?: number;
}

const isLocked = (error: unknown): boolean => error instanceof UnavailableError && /locked/.test(error.daemonMessage);

/**
 * Claims supervisor `name` in the port's namespace: emits once the claim is held, and holds it until
 * unsubscribed. Errors with {@link SupervisorClaimedError} when another process holds it for longer than
 * `waitMs`; with the daemon's typed error when the claim cannot be asked for. Once held, a claim the daemon
 * drops (it restarted) is taken again, every second until it is.
 *
 * ```
 * held:    ──h──────────────────────(unsubscribed: released)
 * taken:   ──(locked)──100ms──(locked)── … waitMs ──#SupervisorClaimedError
 * ```
 */
export function claim$(port: CallPort, name: string, options: ClaimOptions = {}): Observable<void> {
  const ref = claimRef(name);
  const waitMs = options.waitMs ?? 2_000;
  const open$ = port.duplex$(Content.write).pipe(
    concatMap(duplex => duplex.exchange$({ action: 'STAT', ref, total: 0, expected: '' })),
    // held from the answer on; the stream stays open until unsubscribed
    concatMap(() => merge(defer(() => [undefined]), NEVER)),
  );
  return defer(() => {
    let held = false;
    const since = Date.now();
    return open$.pipe(
      map(() => { held = true; }),
      retry({
        delay: (error: unknown) => {
          if (held) return timer(1_000); // the daemon went away: take it again when it is back
          if (isLocked(error) && Date.now() - since < waitMs) return timer(100);
          return throwError(() => error);
        },
      }),
    );
  }).pipe(
    catchError((error: unknown) => throwError(() => (isLocked(error) ? new SupervisorClaimedError(name, port.namespace, (error as UnavailableError).daemonMessage) : error))),
  );
}

/** Removes the claim's ingest record after the claim was let go (a graceful end); errors are ignored. */
export function forgetClaim$(port: CallPort, name: string): Observable<never> {
  return port.call$(Content.abort, { ref: claimRef(name) }).pipe(ignoreElements(), catchError(() => []));
}
