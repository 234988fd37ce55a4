import { filter } from 'rxjs';
import { containerOf, processOf } from './event-keys.js';
/**
 * Keeps the task events of one process: the init process of `containerId` when `execId` is absent, else that
 * exec. Container events are dropped.
 *
 * ```
 * source:                     -i--x--i--y--|   i = init of 'c', x = exec 'x' of 'c', y = exec 'y' of 'c'
 * forProcess('c'):            -i-----i-----|
 * forProcess('c', 'x'):       ----x--------|
 * ```
 *
 * @example
 * ```ts
 * client.events$.pipe(ofTopic('/tasks/exit'), forProcess('web', 'probe-1')).subscribe(e => console.log(e.event));
 * ```
 */
export function forProcess(containerId, execId) {
    const processId = execId ?? containerId;
    return filter((e) => containerOf(e.event) === containerId && processOf(e.event) === processId);
}
//# sourceMappingURL=for-process.js.map