import { filter } from 'rxjs';
/**
 * Keeps envelopes whose topic is one of `topics`. A topic ending in '/' matches as a prefix.
 *
 * ```
 * source:                    -c--t--e--x-|      c=/containers/create t=/tasks/start e=/tasks/exit x=/images/create
 * ofTopic('/tasks/'):        ----t--e----|
 * ofTopic('/tasks/exit'):    -------e----|
 * ```
 *
 * @example
 * ```ts
 * client.events$.pipe(ofTopic('/tasks/exit', '/containers/')).subscribe(e => console.log(e.topic));
 * ```
 */
export function ofTopic(...topics) {
    const exact = new Set(topics.filter((t) => !t.endsWith('/')));
    const prefixes = topics.filter((t) => t.endsWith('/'));
    return filter((e) => exact.has(e.topic) || prefixes.some((p) => e.topic.startsWith(p)));
}
//# sourceMappingURL=of-topic.js.map