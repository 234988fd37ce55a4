/**
 * The daemon's task and container events as typed values, and the envelope that carries them.
 *
 * Every event payload decodes to one member of {@link ContainerdEvent}, discriminated by `type`. A payload
 * whose type_url we do not know arrives as an {@link UnknownEvent}: a value, never an error.
 *
 * @example
 * ```ts
 * client.events$.subscribe(({ topic, event }) => {
 *   if (event.type === 'TaskExit') console.log(topic, event.containerId, event.exitStatus);
 * });
 * ```
 * @module
 */
/** The topics the daemon publishes for tasks and containers. */
export const Topics = {
    TaskCreate: '/tasks/create',
    TaskStart: '/tasks/start',
    TaskDelete: '/tasks/delete',
    TaskExit: '/tasks/exit',
    TaskOOM: '/tasks/oom',
    TaskExecAdded: '/tasks/exec-added',
    TaskExecStarted: '/tasks/exec-started',
    TaskPaused: '/tasks/paused',
    TaskResumed: '/tasks/resumed',
    TaskCheckpointed: '/tasks/checkpointed',
    ContainerCreate: '/containers/create',
    ContainerUpdate: '/containers/update',
    ContainerDelete: '/containers/delete',
};
//# sourceMappingURL=events.js.map