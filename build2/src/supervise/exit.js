/**
 * Reading an exit status: a code above 128 is a death by signal 128 + N, as the daemon reports it.
 * @module
 */
import { constants } from 'node:os';
const signalNames = new Map(Object.entries(constants.signals).map(([name, n]) => [n, name]));
/**
 * The signal that killed the process, when the code says so (137 → 'SIGKILL'); undefined otherwise.
 *
 * @example
 * ```ts
 * exitSignal({ code: 143, exitedAt }); // 'SIGTERM'
 * ```
 */
export function exitSignal(status) {
    return status.code > 128 ? signalNames.get(status.code - 128) : undefined;
}
/**
 * A short human description of an exit, for reasons and logs.
 *
 * @example
 * ```ts
 * describeExit({ code: 137, exitedAt }); // 'killed by SIGKILL (137)'
 * describeExit({ code: 1, exitedAt });   // 'exited with code 1'
 * ```
 */
export function describeExit(status) {
    const signal = exitSignal(status);
    return signal === undefined ? `exited with code ${status.code}` : `killed by ${signal} (${status.code})`;
}
/** The message of anything thrown, for reasons. @internal */
export function messageOf(error) {
    return error instanceof Error ? error.message : String(error);
}
//# sourceMappingURL=exit.js.map