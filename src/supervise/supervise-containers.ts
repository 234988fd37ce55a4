/**
 * Container-aware supervisors: `superviseContainer` (one child) and `containerSupervisor` (a tree) know the
 * containers they supervise, label them as theirs, and, started anew after the supervising process died, adopt
 * them: running tasks are watched as they are (not restarted, their FIFOs re-attached), exits that happened
 * meanwhile go to the restart policy with the daemon's exit code and time, and restart counts and backoff
 * continue from the containers' labels. A supervisor's name is claimed in the namespace through containerd
 * (claim.ts): a second supervisor of the same name gets {@link SupervisorClaimedError} and starts nothing.
 * @module
 */
import {
  asyncScheduler, filter, forkJoin, map, type Observable, Observable as RxObservable, type SchedulerLike, Subscription,
  take, tap,
} from 'rxjs';
import type { Client } from '../process/client.js';
import type { Task } from '../process/task.js';
import { errorMessage } from '../proto/error-message.js';
import type { Resume } from './adopted.js';
import { claim$, forgetClaim$ } from './claim.js';
import { checkMs, checkObject, checkString, outOfRange, wrongType } from './check.js';
import { type ContainerChild, ContainerChildRuntime } from './container-child.js';
import type { SupervisorEvent, SupervisorEventBody } from './events.js';
import { checkSupervise, checkSupervisor } from './options.js';
import type { RunMessage } from './run.js';
import { StopRequest } from './stop-request.js';
import { type SupervisePolicy, supervised$ } from './supervise.js';
import type { SupervisorSpec, WorkerSpec } from './tree-spec.js';
import { tree$ } from './tree-run.js';

export { ContainerLeftAloneError, type ContainerChild } from './container-child.js';
export { SupervisorClaimedError } from './claim.js';

/** What every container-aware supervisor takes besides its children. */
export interface AdoptionOptions {
  /**
   * The supervisor's name: its claim in the namespace and the owner label of its containers. A supervisor
   * started anew with the same name adopts them. Letters, digits, `.`, `_` and `-`, at most 64.
   */
  readonly name: string;
  /**
   * Lets go without stopping anything when it emits: the processes keep running, their IO is detached, the
   * claim released, and the supervisor completes with `stopped` (cause `'detached'`), for the next supervisor of
   * this name to adopt (a deploy).
   */
  readonly detach?: Observable<unknown>;
  /** How long a claim held by another process is tried again before {@link SupervisorClaimedError}, in ms. Default 2000. */
  readonly claimWaitMs?: number;
}

/** `superviseContainer`'s options: `supervise`'s policy, the container, the name. */
export interface ContainerSupervisePolicy extends Omit<SupervisePolicy<Task>, 'cleanup'>, AdoptionOptions {
  /** The container supervised: found by its id, or created from these options with the owner's labels. */
  readonly container: ContainerChild;
}

/** A child of a container-aware tree: a worker whose process is its container's task. */
export interface ContainerWorkerSpec extends Omit<WorkerSpec<Task>, 'start' | 'cleanup'> {
  /** Its container: found by its id, or created from these options with the owner's labels. */
  readonly container: ContainerChild;
}

/** `containerSupervisor`'s spec: a tree (without subtrees) of container workers, and the name. */
export interface ContainerSupervisorSpec extends Omit<SupervisorSpec, 'children'>, AdoptionOptions {
  /** The workers, started in this order and stopped in the reverse order. */
  readonly children: readonly ContainerWorkerSpec[];
}

/**
 * Supervises one container's tasks as `supervise` does, under the name `policy.name`, adopting what an earlier
 * supervisor of that name left: emits `adopted` (running: ready as `started` is; stopped: its `exited` follows),
 * or `left-alone` for a container whose labels are not its own (never signalled nor deleted), then the usual
 * events. The container is made when missing and deleted once the supervisor ends (a stop or the policy), not on
 * `detach`. Errors with {@link SupervisorClaimedError} before touching anything when another process holds the name;
 * otherwise never errors, as `supervise`. Bad options throw at the call (TypeError, RangeError).
 *
 * @example
 * ```ts
 * superviseContainer(client, {
 *   name: 'cache', restart: 'always',
 *   container: { id: 'cache', rootfs, args: ['/bin/sh', '-c', 'exec sleep 3600'] },
 * }).subscribe(e => console.log(e.type)); // a new process of 'cache' later: adopted, not restarted
 * ```
 */
export function superviseContainer(client: Client, policy: ContainerSupervisePolicy, scheduler: SchedulerLike = asyncScheduler): Observable<SupervisorEvent> {
  checkAdoption(policy, 'options');
  checkContainer(policy.container, 'options.container');
  const { name, container, detach: _detach, claimWaitMs: _wait, ...rest } = policy;
  const runtime = new ContainerChildRuntime(client, name, name, container, String(rest.restart ?? 'on-failure'));
  const checked: SupervisePolicy<Task> = { ...rest, cleanup: () => runtime.cleanup$() };
  checkSupervise(() => runtime.start(), checked, scheduler);
  return adopting$(client, policy, [runtime], scheduler, (stop, resumes) =>
    supervised$(() => runtime.start(), checked, scheduler, stop, resumes.get(name) as Resume<Task> | undefined));
}

/**
 * Supervises a tree of containers as `supervisor` does, under the name `spec.name`, adopting what an earlier
 * supervisor of that name left, child by child (see {@link superviseContainer}); events carry the child's id.
 * Each child's container is made when missing and deleted once the child is finished for good.
 *
 * @example
 * ```ts
 * containerSupervisor(client, {
 *   name: 'shop', strategy: 'one-for-one',
 *   children: [
 *     { id: 'db', container: { id: 'shop-db', rootfs, args: ['/bin/sleep', '3600'] } },
 *     { id: 'api', container: { id: 'shop-api', rootfs, args: ['/bin/sleep', '3600'] }, restart: 'transient' },
 *   ],
 * }).subscribe(e => console.log(e.child, e.type));
 * ```
 */
export function containerSupervisor(client: Client, spec: ContainerSupervisorSpec, scheduler: SchedulerLike = asyncScheduler): Observable<SupervisorEvent> {
  checkAdoption(spec, 'spec');
  if (!Array.isArray(spec.children)) wrongType('spec.children', 'a non-empty array of container worker specs', spec.children);
  const ids = new Set<string>();
  spec.children.forEach((child, i) => {
    checkObject(child, `spec.children[${i}]`);
    if ('children' in child) wrongType(`spec.children[${i}]`, 'a container worker spec (subtrees are not supported here)', child);
    checkContainer(child.container, `spec.children[${i}].container`);
    if (ids.has(child.container.id)) outOfRange(`spec.children[${i}].container.id`, 'unique among the children', child.container.id);
    ids.add(child.container.id);
  });
  const { name, detach: _detach, claimWaitMs: _wait, children, ...tree } = spec;
  const runtimes = children.map(child => new ContainerChildRuntime(client, name, child.id, child.container, String(child.restart ?? 'permanent')));
  const checked: SupervisorSpec = {
    ...tree,
    children: children.map(({ container: _container, ...child }, i) => ({
      ...child, start: () => runtimes[i]!.start(), cleanup: () => runtimes[i]!.cleanup$(),
    })),
  };
  checkSupervisor(checked, scheduler);
  return adopting$(client, spec, runtimes, scheduler, (stop, resumes) => tree$({ ...checked, stop: undefined } as SupervisorSpec, scheduler, stop, resumes).pipe(
    filter((message): message is Extract<RunMessage, { kind: 'event' }> => message.kind === 'event'),
    map(message => message.event),
  ));
}

/**
 * Claims the name, resumes every child, runs the supervision; ends the claim when it is over. Unsubscribing
 * stops the processes gracefully in the background (as `supervise`), `stop` too, `detach` lets go of them.
 */
function adopting$(
  client: Client,
  options: AdoptionOptions & { readonly stop?: Observable<unknown> },
  runtimes: readonly ContainerChildRuntime[],
  scheduler: SchedulerLike,
  run: (stop: StopRequest, resumes: ReadonlyMap<string, Resume>) => Observable<SupervisorEvent>,
): Observable<SupervisorEvent> {
  const single = runtimes.length === 1 && runtimes[0]!.child === options.name;
  const stamp = (body: SupervisorEventBody, child: string): SupervisorEvent =>
    ({ ...body, at: scheduler.now(), ...(single ? {} : { child }) }) as SupervisorEvent;
  return new RxObservable<SupervisorEvent>(subscriber => {
    const request = new StopRequest();
    const claim = new Subscription();
    const running = new Subscription();
    let attached = true;
    let over = false;
    const emit = (event: SupervisorEvent): void => { if (attached) subscriber.next(event); };
    const end = (error?: unknown): void => {
      if (over) return;
      over = true;
      running.unsubscribe();
      claim.unsubscribe(); // the stream's end lets the daemon release the claim
      if (!attached) return;
      if (error === undefined) subscriber.complete();
      else subscriber.error(error);
    };
    const begin = (): void => {
      running.add(forkJoin(runtimes.map(r => r.resume$())).subscribe({
        next: found => {
          found.forEach(({ told }, i) => told.forEach(body => emit(stamp(body, runtimes[i]!.child))));
          const resumes = new Map(found.map(({ resume }, i) => [runtimes[i]!.child, resume]));
          for (const r of runtimes) running.add(r.events$.subscribe(body => emit(stamp(body, r.child))));
          running.add(run(request, resumes).pipe(
            tap(event => runtimes.find(r => (single ? event.child === undefined : event.child === r.child))?.observe(event)),
          ).subscribe({
            next: emit,
            error: (error: unknown) => end(error),
            complete: () => {
              // a graceful end: the claim's ingest record goes too
              running.add(forgetClaim$(client.conn, options.name).subscribe());
              end();
            },
          }));
        },
        error: (error: unknown) => end(error),
      }));
    };
    // the claim stays open for the whole supervision; it emits again when taken again after a daemon restart
    let begun = false;
    claim.add(claim$(client.conn, options.name, options.claimWaitMs === undefined ? {} : { waitMs: options.claimWaitMs }).subscribe({
      next: () => {
        if (begun) return;
        begun = true;
        begin();
      },
      error: (error: unknown) => end(error),
    }));
    claim.add(options.stop?.pipe(take(1)).subscribe(() => request.request()) ?? Subscription.EMPTY);
    claim.add(options.detach?.pipe(take(1)).subscribe(() => {
      if (over) return;
      running.unsubscribe(); // nothing is stopped: no stop request reaches the processes
      forkJoin(runtimes.map(r => r.detach$())).subscribe({
        error: (error: unknown) => emit(stamp({ type: 'failed', phase: 'cleanup', error: new Error(`detach: ${errorMessage(error)}`) }, runtimes[0]!.child)),
        complete: () => {
          emit({ type: 'stopped', cause: 'detached', at: scheduler.now() });
          end();
        },
      });
    }) ?? Subscription.EMPTY);
    return () => {
      attached = false;
      if (!begun) end(); // nothing started: the claim goes at once
      else if (!over) request.request(); // the run stops its processes and ends itself, then the claim goes
    };
  });
}

const namePattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

function checkAdoption(options: unknown, path: string): asserts options is AdoptionOptions {
  checkObject(options, path);
  const name = options['name'];
  if (typeof name !== 'string') wrongType(`${path}.name`, 'a string of letters, digits, ., _ and - (at most 64)', name);
  if (!namePattern.test(name)) outOfRange(`${path}.name`, 'a string of letters, digits, ., _ and - (at most 64)', name);
  checkMs(options['claimWaitMs'], `${path}.claimWaitMs`, { timer: true });
}

function checkContainer(container: unknown, path: string): asserts container is ContainerChild {
  checkObject(container, path);
  if (typeof container['id'] !== 'string' || container['id'] === '') wrongType(`${path}.id`, 'a non-empty string', container['id']);
  checkString(container['id'], `${path}.id`);
}
