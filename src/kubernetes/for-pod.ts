/**
 * The `forPod` operator: the containers or events of one Kubernetes pod.
 * @module
 */
import { filter, type MonoTypeOperatorFunction } from 'rxjs';
import { isPod, podOf, type PodIdentity, type PodSource } from './pod-identity.js';

/** What {@link forPod} keeps or drops: an item with its pod (from `withPod`, `podExits$`...), or a container. */
export type PodItem = PodAnnotated | PodSource;

/** An item that carries its pod (an event after `withPod`, a pod exit, an OOM kill). */
export interface PodAnnotated {
  /** The pod the item belongs to; undefined for none. */
  readonly pod?: PodIdentity | undefined;
}

/**
 * Keeps the items of pod `name` in Kubernetes namespace `namespace`: events annotated by `withPod`, pod exits and
 * OOM kills (their `pod`), or containers (their CRI labels, through {@link podOf}).
 *
 * ```
 * source:                       -a--b--c--|    a, c of pod shop/web-0; b of another pod or none
 * forPod('shop', 'web-0'):      -a-----c--|
 * ```
 *
 * @example
 * ```ts
 * client.events$.pipe(withPod(client), forPod('shop', 'web-0')).subscribe((e) => console.log(e.topic));
 * from(await client.containers()).pipe(forPod('shop', 'web-0'));
 * ```
 */
export function forPod<T extends PodItem>(namespace: string, name: string): MonoTypeOperatorFunction<T> {
  return filter((item) => isPod('pod' in item ? item.pod : 'labels' in item ? podOf(item) : undefined, namespace, name));
}
