/**
 * One descriptor per RPC method: its gRPC path and typed codecs, read from the reflected services of our
 * .proto files. The client layer drives grpc-js with them:
 *
 * @example
 * ```ts
 * const m = Tasks.kill;
 * client.makeUnaryRequest(m.path, (r: KillRequest) => m.request.encode(r), (b: Buffer) => m.response.decode(b),
 *   { containerId: 'web', signal: 9 }, metadata, callback);
 * ```
 * @module
 */
import { codec } from './codec.js';
import { lookupService } from './root.js';
/**
 * The descriptor of `service`/`name`; throws if our .proto files lack it. `Req` and `Res` are the
 * caller's promise that the interfaces in messages.ts match the reflected types.
 * @example
 * ```ts
 * const wait = method<M.WaitRequest, M.WaitResponse>('containerd.services.tasks.v1.Tasks', 'Wait');
 * ```
 */
export function method(service, name) {
    const m = lookupService(service).methods[name];
    if (m === undefined)
        throw new Error(`rx-containerd: no method ${service}/${name} in the .proto files`);
    m.resolve();
    const req = m.resolvedRequestType;
    const res = m.resolvedResponseType;
    if (req === null || res === null)
        throw new Error(`rx-containerd: ${service}/${name} has unresolved types`);
    return {
        path: `/${service}/${name}`,
        name,
        service,
        requestStream: m.requestStream === true,
        responseStream: m.responseStream === true,
        request: codec(req.fullName.replace(/^\./, '')),
        response: codec(res.fullName.replace(/^\./, '')),
    };
}
const VERSION = 'containerd.services.version.v1.Version';
const NAMESPACES = 'containerd.services.namespaces.v1.Namespaces';
const CONTAINERS = 'containerd.services.containers.v1.Containers';
const TASKS = 'containerd.services.tasks.v1.Tasks';
const EVENTS = 'containerd.services.events.v1.Events';
/** containerd.services.version.v1.Version: the one call that needs no namespace. */
export const Version = {
    version: method(VERSION, 'Version'),
};
/** containerd.services.namespaces.v1.Namespaces. */
export const Namespaces = {
    get: method(NAMESPACES, 'Get'),
    list: method(NAMESPACES, 'List'),
    create: method(NAMESPACES, 'Create'),
    update: method(NAMESPACES, 'Update'),
    delete: method(NAMESPACES, 'Delete'),
};
/** containerd.services.containers.v1.Containers. */
export const Containers = {
    get: method(CONTAINERS, 'Get'),
    list: method(CONTAINERS, 'List'),
    create: method(CONTAINERS, 'Create'),
    update: method(CONTAINERS, 'Update'),
    delete: method(CONTAINERS, 'Delete'),
};
/** containerd.services.tasks.v1.Tasks. */
export const Tasks = {
    create: method(TASKS, 'Create'),
    start: method(TASKS, 'Start'),
    delete: method(TASKS, 'Delete'),
    deleteProcess: method(TASKS, 'DeleteProcess'),
    get: method(TASKS, 'Get'),
    list: method(TASKS, 'List'),
    kill: method(TASKS, 'Kill'),
    exec: method(TASKS, 'Exec'),
    resizePty: method(TASKS, 'ResizePty'),
    closeIO: method(TASKS, 'CloseIO'),
    pause: method(TASKS, 'Pause'),
    resume: method(TASKS, 'Resume'),
    listPids: method(TASKS, 'ListPids'),
    update: method(TASKS, 'Update'),
    metrics: method(TASKS, 'Metrics'),
    wait: method(TASKS, 'Wait'),
};
/** containerd.services.events.v1.Events; `subscribe` streams raw envelopes (see any.ts toEnvelope). */
export const Events = {
    publish: method(EVENTS, 'Publish'),
    forward: method(EVENTS, 'Forward'),
    subscribe: method(EVENTS, 'Subscribe'),
};
//# sourceMappingURL=services.js.map