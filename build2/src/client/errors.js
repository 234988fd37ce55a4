/**
 * Typed errors. Every failure of a daemon call is one of these classes, all `instanceof ContainerdError`,
 * carrying the gRPC code, the daemon's own message and the call that failed, so callers branch on data.
 *
 * @example
 * ```ts
 * try { await container.delete(); }
 * catch (e) { if (e instanceof FailedPreconditionError) await task.delete({ kill: true }); }
 * ```
 * @module
 */
import { status as GrpcStatus } from '@grpc/grpc-js';
/**
 * Marks every rx-containerd error with the names of its classes, so that `instanceof` holds across two
 * installed copies of the library (each has its own classes; `Symbol.for` is shared by the whole process).
 */
const BRAND = Symbol.for('rx-containerd.ContainerdError');
/** The base of all rx-containerd errors. `cause` keeps the original error. */
export class ContainerdError extends Error {
    code;
    daemonMessage;
    call;
    constructor(details, message) {
        super(message ?? `${shortCall(details.call)}: ${details.daemonMessage}`, details.cause === undefined ? undefined : { cause: details.cause });
        // `name` lives on each prototype (minifiers rename classes); a subclass without one is named after itself
        if (!Object.prototype.hasOwnProperty.call(new.target.prototype, 'name'))
            this.name = new.target.name;
        this.code = details.code;
        this.daemonMessage = details.daemonMessage;
        this.call = details.call;
        Object.defineProperty(this, BRAND, { value: classNames(new.target.prototype), enumerable: false });
    }
    /**
     * True for errors of this class made by this copy of the library, and for errors whose class has the same
     * name made by another copy (two versions installed side by side).
     */
    static [Symbol.hasInstance](value) {
        if (Function.prototype[Symbol.hasInstance].call(this, value))
            return true;
        const names = typeof value === 'object' && value !== null ? value[BRAND] : undefined;
        return Array.isArray(names) && names.includes(ownName(this.prototype));
    }
    /** The gRPC code's name, e.g. 'NOT_FOUND'. */
    get codeName() {
        return GrpcStatus[this.code] ?? String(this.code);
    }
}
/** A class's own name: the one on its prototype, else its constructor's. */
function ownName(proto) {
    return Object.prototype.hasOwnProperty.call(proto, 'name') ? proto.name : proto.constructor.name;
}
/** The names along an error's prototype chain, down to ContainerdError: its brand. */
function classNames(proto) {
    const names = [];
    for (let p = proto; p !== null && p !== Error.prototype; p = Object.getPrototypeOf(p))
        names.push(ownName(p));
    return Object.freeze(names);
}
/** A container, task or process that does not exist (or a process that already finished). */
export class NotFoundError extends ContainerdError {
}
/** An id that is taken. */
export class AlreadyExistsError extends ContainerdError {
}
/** The state forbids the call (delete a running process, exec in a stopped or paused task, ...). */
export class FailedPreconditionError extends ContainerdError {
}
/** A bad id, signal, spec or argument; raised before any call when the client can tell. */
export class InvalidArgumentError extends ContainerdError {
}
/** The process may not run what it was asked to: a file without execute permission, or a folder. */
export class PermissionDeniedError extends ContainerdError {
}
/** The daemon is not there; the message names the address tried. */
export class UnavailableError extends ContainerdError {
}
/** The call was cancelled. */
export class CanceledError extends ContainerdError {
}
/** The call's deadline passed. */
export class DeadlineExceededError extends ContainerdError {
}
/**
 * The client could not make or open a process's stdio on this host (its FIFO folder, the FIFOs, their ends):
 * `cause` is Node's error (with its `code`, e.g. 'EACCES') or mkfifo's.
 */
export class IoError extends ContainerdError {
}
/** Anything else the daemon said. */
export class UnknownError extends ContainerdError {
}
/**
 * A process that never ran has no exit: its start failed (an exec whose binary is missing), or it was deleted
 * before it was started. The daemon reports such a process with Go's zero exit time, which is no exit. Raised by
 * `wait$()` and by `delete()` (whose deletion itself succeeded). A FailedPreconditionError: the process's state
 * forbids an exit status.
 */
export class NotStartedError extends FailedPreconditionError {
}
/**
 * The exit of a process is unknown: it vanished while the event stream was down, and no delete of it was seen.
 * containerd 1.7 and later remove, when they start, the task of any process that exited while they were down,
 * without an exit event; its exit status is lost. Code 15 (DATA_LOSS): the daemon no longer has it. Never a
 * made-up exit code.
 */
export class ExitUnknownError extends ContainerdError {
    containerId;
    processId;
    pid;
    daemonVersion;
    observed;
    constructor(details, call = 'wait') {
        const pid = details.pid === undefined ? '' : ` (pid ${details.pid})`;
        const version = details.daemonVersion === undefined ? 'containerd of unknown version' : `containerd ${details.daemonVersion}`;
        super({
            code: GrpcStatus.DATA_LOSS,
            daemonMessage: `the exit of process ${details.processId} of container ${details.containerId}${pid} is unknown: it vanished while the event stream was down and no delete of it was seen (${version}; ${details.observed})`,
            call,
        });
        this.containerId = details.containerId;
        this.processId = details.processId;
        this.pid = details.pid;
        this.daemonVersion = details.daemonVersion;
        this.observed = details.observed;
    }
}
for (const [name, cls] of Object.entries({
    ContainerdError, NotFoundError, AlreadyExistsError, FailedPreconditionError, InvalidArgumentError, PermissionDeniedError,
    UnavailableError, CanceledError, DeadlineExceededError, IoError, UnknownError, NotStartedError, ExitUnknownError,
})) {
    Object.defineProperty(cls.prototype, 'name', { value: name, writable: true, enumerable: false, configurable: true });
}
const byCode = {
    [GrpcStatus.NOT_FOUND]: NotFoundError,
    [GrpcStatus.ALREADY_EXISTS]: AlreadyExistsError,
    [GrpcStatus.FAILED_PRECONDITION]: FailedPreconditionError,
    [GrpcStatus.INVALID_ARGUMENT]: InvalidArgumentError,
    [GrpcStatus.OUT_OF_RANGE]: InvalidArgumentError,
    [GrpcStatus.PERMISSION_DENIED]: PermissionDeniedError,
    [GrpcStatus.UNAVAILABLE]: UnavailableError,
    [GrpcStatus.CANCELLED]: CanceledError,
    [GrpcStatus.DEADLINE_EXCEEDED]: DeadlineExceededError,
};
/**
 * runc and the shim report many precise conditions as UNKNOWN with a text; these map them to the class the
 * condition means. Checked in order; the first match wins.
 */
const byText = [
    // the daemon's own context ran out or was cancelled while it waited on the shim
    [/context deadline exceeded/i, DeadlineExceededError],
    [/context canceled/i, CanceledError],
    // the task's or process's state forbids the call (runc and the shim, 1.6: "cannot exec in a stopped state",
    // "cannot start a paused process", "cannot delete a paused process", "cannot update a stopped container",
    // "cannot pause task in created state", "cannot resume a running process", ...)
    [/cannot (delete|start|exec|pause|resume|update|kill) (a|an|in a|task in) \w+ (process|container|state)|cannot start an already running container|container (is )?not running|container is not paused|is not paused|is already paused|cannot pause|cannot resume|container .* is not in created state/i, FailedPreconditionError],
    [/process already finished|not found|no such process|does not exist/i, NotFoundError],
    [/executable file not found|no such file or directory/i, NotFoundError],
    [/already exists/i, AlreadyExistsError],
    // exec of a file without execute permission, or of a folder
    [/permission denied/i, PermissionDeniedError],
    // a cwd that is a file; a limit runc or the kernel refuses
    [/invalid argument|invalid signal|not a directory|wrong rlimit|unable to set memory limit/i, InvalidArgumentError],
];
/** Error classes by the name a caller would use, for `instanceof`-free checks. */
export const ErrorClasses = {
    NotFoundError,
    AlreadyExistsError,
    FailedPreconditionError,
    InvalidArgumentError,
    PermissionDeniedError,
    UnavailableError,
    CanceledError,
    DeadlineExceededError,
    IoError,
    UnknownError,
    NotStartedError,
    ExitUnknownError,
};
/**
 * Turns what grpc-js reported into the typed error for `call`. `address` names the daemon in an
 * {@link UnavailableError}'s message.
 *
 * @example
 * ```ts
 * toContainerdError({ code: 5, details: 'container "x": not found' }, '/containerd.services.containers.v1.Containers/Get')
 * // NotFoundError
 * ```
 */
export function toContainerdError(error, call, address) {
    if (error instanceof ContainerdError)
        return error;
    const e = (typeof error === 'object' && error !== null ? error : { message: String(error) });
    const code = typeof e.code === 'number' ? e.code : GrpcStatus.UNKNOWN;
    const daemonMessage = typeof e.details === 'string' && e.details !== '' ? e.details : typeof e.message === 'string' ? e.message : String(error);
    let cls = byCode[code] ?? UnknownError;
    if (code === GrpcStatus.UNKNOWN || code === GrpcStatus.INTERNAL) {
        cls = byText.find(([re]) => re.test(daemonMessage))?.[1] ?? UnknownError;
    }
    if (cls === UnavailableError && address !== undefined) {
        return new UnavailableError({ code, daemonMessage, call, cause: error }, `${shortCall(call)}: containerd is not reachable at ${address}: ${daemonMessage}`);
    }
    return new cls({ code, daemonMessage, call, cause: error });
}
/** An error the client raises itself, before any call reaches the daemon. */
export function invalidArgument(call, message) {
    return new InvalidArgumentError({ code: GrpcStatus.INVALID_ARGUMENT, daemonMessage: message, call });
}
/**
 * A failure of the client's own I/O for `call` (making FIFOs, opening them) as an {@link IoError}, the original
 * error kept as `cause`; a ContainerdError passes through.
 */
export function ioError(call, error) {
    if (error instanceof ContainerdError)
        return error;
    const message = error instanceof Error ? error.message : String(error);
    return new IoError({ code: GrpcStatus.UNKNOWN, daemonMessage: `stdio: ${message}`, call, cause: error });
}
/** A precondition the client checks itself, before any call reaches the daemon. */
export function failedPrecondition(call, message) {
    return new FailedPreconditionError({ code: GrpcStatus.FAILED_PRECONDITION, daemonMessage: message, call });
}
function shortCall(call) {
    const slash = call.lastIndexOf('/');
    const dot = call.lastIndexOf('.', slash);
    return slash > 0 && dot >= 0 ? call.slice(dot + 1).replace('/', '.') : call;
}
//# sourceMappingURL=errors.js.map