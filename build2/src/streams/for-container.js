import { filter } from 'rxjs';
import { containerOf } from './event-keys.js';
/**
 * Keeps the events of one container: its task and exec events and its container events.
 *
 * ```
 * source:              -a--b--a--|     a = an event of container 'a', b = of container 'b'
 * forContainer('a'):   -a-----a--|
 * ```
 *
 * @example
 * ```ts
 * client.events$.pipe(forContainer('web')).subscribe(e => console.log(e.topic));
 * ```
 */
export function forContainer(containerId) {
    return filter((e) => containerOf(e.event) === containerId);
}
//# sourceMappingURL=for-container.js.map