/**
 * The `withPod` operator: each event with the pod of its container, from the container's CRI labels.
 * @module
 */
import { catchError, concatMap, map, Observable, of, type OperatorFunction } from 'rxjs';
import { Fleet } from '../fleet/fleet.js';
import type { Client } from '../process/client.js';
import type { Envelope } from '../proto/events.js';
import { containerOf } from '../streams/event-keys.js';
import { podOf, type PodIdentity } from './pod-identity.js';

/** An event with the pod of its container: undefined for a container of no pod, or an event of no container. */
export type PodEnvelope<T extends Envelope = Envelope> = T & {
  /** The pod the event's container belongs to, from its CRI labels. */
  readonly pod: PodIdentity | undefined;
};

/**
 * Adds `pod` to each event: the pod of the event's container, read once per container from its labels
 * (Containers.Get on `source`, the client the events come from, or a fleet: the event's `node`'s client) and
 * kept until its `/containers/delete`. Events keep their order: an event of a container not seen before waits
 * for that one lookup; every later event of it costs a map lookup. A container that cannot be read (gone, or
 * its daemon away) has no pod, and is asked again at its next event.
 *
 * ```
 * source:          -c---s---x---d-|      c /containers/create, s /tasks/start, x /tasks/exit, d /containers/delete
 * withPod(client): --c--s---x---d-|      each with { pod }; one Containers.Get, at c
 * ```
 *
 * @example
 * ```ts
 * client.events$.pipe(withPod(client), forPod('shop', 'web-0'), ofTopic('/tasks/exit')).subscribe(...);
 * ```
 */
export function withPod<T extends Envelope & { readonly node?: string }>(source: Client | Fleet): OperatorFunction<T, PodEnvelope<T>> {
  return (events$) =>
    new Observable<PodEnvelope<T>>((subscriber) => {
      // per subscription: its own cache, dropped with it
      const pods = new Map<string, PodIdentity | null>();
      const lookup$ = (e: T, id: string, key: string): Observable<PodIdentity | undefined> => {
        const cached = pods.get(key);
        if (cached !== undefined) return of(cached ?? undefined);
        const client = source instanceof Fleet ? (e.node !== undefined && source.nodes.includes(e.node) ? source.node(e.node) : undefined) : source;
        if (client === undefined) return of(undefined);
        return client.loadContainer$(id).pipe(
          map((c) => {
            const pod = podOf(c);
            pods.set(key, pod ?? null);
            return pod;
          }),
          catchError(() => of(undefined)),
        );
      };
      return events$
        .pipe(
          concatMap((e) => {
            const id = containerOf(e.event);
            if (id === undefined || id === '') return of({ ...e, pod: undefined });
            const key = e.node === undefined ? id : `${e.node}\u0000${id}`;
            if (e.topic === '/containers/update') pods.delete(key); // its labels may have changed
            return lookup$(e, id, key).pipe(
              map((pod) => {
                if (e.topic === '/containers/delete') pods.delete(key);
                return { ...e, pod };
              }),
            );
          }),
        )
        .subscribe(subscriber);
    });
}
