/**
 * Pod exits and OOM kills as Observables: the exits of pods' containers (their init processes) and the
 * `/tasks/oom` events of their cgroups, each with the pod, from a client's or a fleet's events.
 * @module
 */
import { defer, filter, map, type Observable } from 'rxjs';
import type { Fleet } from '../fleet/fleet.js';
import type { Client } from '../process/client.js';
import type { Envelope, TaskExit, TaskOOM } from '../proto/events.js';
import { signalOfExitCode } from '../proto/exit-status.js';
import { ofTopic } from '../streams/of-topic.js';
import type { PodIdentity } from './pod-identity.js';
import { withPod, type PodEnvelope } from './with-pod.js';

/** A pod's container exited: its init process, as its `/tasks/exit` event says. */
export interface PodExit {
  /** The pod, from the container's CRI labels. */
  readonly pod: PodIdentity;
  /** The containerd container id. */
  readonly containerId: string;
  /** The exit code, 0 to 255 (128 + N for a death by signal N). */
  readonly code: number;
  /** The signal's name when the code is 128 + N of a Linux signal N (`'SIGKILL'` for 137). */
  readonly signal?: NodeJS.Signals;
  /** When it exited, as the daemon recorded it. */
  readonly exitedAt: Date;
  /** The container's cgroup hit its memory limit before the exit (a `/tasks/oom` came first): Kubernetes' `OOMKilled`. */
  readonly oomKilled: boolean;
  /** The node, for a fleet's events. */
  readonly node?: string;
}

/** A pod's container hit its memory limit (`/tasks/oom`); the kernel killed a process of it. */
export interface PodOom {
  /** The pod, from the container's CRI labels. */
  readonly pod: PodIdentity;
  /** The containerd container id. */
  readonly containerId: string;
  /** When the daemon published the event. */
  readonly at: Date;
  /** The node, for a fleet's events. */
  readonly node?: string;
}

type Tagged = Envelope & { readonly node?: string };

/** The `/tasks/exit` and `/tasks/oom` events of pods' containers, with their pods. */
function podTaskEvents$(source: Client | Fleet): Observable<PodEnvelope<Tagged> & { readonly pod: PodIdentity }> {
  const events$: Observable<Tagged> = source.events$;
  return events$.pipe(
    ofTopic('/tasks/exit', '/tasks/oom'),
    withPod(source),
    filter((e): e is PodEnvelope<Tagged> & { readonly pod: PodIdentity } => e.pod !== undefined),
  );
}

/**
 * The exits of pods' containers (init processes only: an exec's exit is not the container's), each with its
 * pod and `oomKilled` when the container's cgroup reported an OOM before it. Hot, as `events$`; containers of no
 * pod are left out. With a fleet, each exit carries its `node`.
 *
 * @example
 * ```ts
 * podExits$(client).pipe(forPod('shop', 'web-0')).subscribe((x) => console.log(x.pod.container, x.code, x.oomKilled));
 * ```
 */
export function podExits$(source: Client | Fleet): Observable<PodExit> {
  return defer(() => {
    const oomed = new Set<string>(); // per subscriber: the containers whose OOM came and whose exit has not
    return podTaskEvents$(source).pipe(
      map((e): PodExit | undefined => {
        const key = `${e.node ?? ''}\u0000${containerIdOf(e.event as TaskExit | TaskOOM)}`;
        if (e.event.type === 'TaskOOM') {
          oomed.add(key);
          return undefined;
        }
        const exit = e.event as TaskExit;
        if (exit.id !== exit.containerId) return undefined;
        const oomKilled = oomed.delete(key);
        const signal = signalOfExitCode(exit.exitStatus);
        return {
          pod: e.pod,
          containerId: exit.containerId,
          code: exit.exitStatus,
          ...(signal ? { signal } : {}),
          exitedAt: exit.exitedAt ?? e.timestamp,
          oomKilled,
          ...(e.node !== undefined ? { node: e.node } : {}),
        };
      }),
      filter((x): x is PodExit => x !== undefined),
    );
  });
}

/**
 * The OOM kills of pods' containers (`/tasks/oom`: the container's cgroup hit its memory limit), each with its
 * pod. Hot, as `events$`; with a fleet, each carries its `node`.
 */
export function oomKills$(source: Client | Fleet): Observable<PodOom> {
  return podTaskEvents$(source).pipe(
    filter((e) => e.event.type === 'TaskOOM'),
    map((e) => ({ pod: e.pod, containerId: (e.event as TaskOOM).containerId, at: e.timestamp, ...(e.node !== undefined ? { node: e.node } : {}) })),
  );
}

function containerIdOf(event: TaskExit | TaskOOM): string {
  return event.containerId;
}
