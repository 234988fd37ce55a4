/**
 * One child of a container-aware supervisor: its container (made with the owner's labels when missing, reused
 * across restarts), its tasks, and its restart state kept in the container's labels. At the supervisor's start
 * it reads what an earlier supervisor left (adopt-plan.ts) and turns it into a {@link Resume}.
 * @internal
 * @module
 */
import {
  catchError, concat, concatMap, defer, EMPTY, ignoreElements, map, mergeMap, type Observable, of, ReplaySubject,
  Subject, throwError,
} from 'rxjs';
import { nameErrorClass, RxContainerdError } from '../client/error-base.js';
import { NotFoundError } from '../client/errors.js';
import type { Client } from '../process/client.js';
import type { Container } from '../process/container.js';
import type { ContainerOptions } from '../process/folder-container.js';
import type { ImageContainerOptions } from '../process/image-container.js';
import type { Stdio } from '../process/io-setup.js';
import type { Task } from '../process/task.js';
import { Tasks } from '../proto/services.js';
import { toSnapshot } from '../process/status.js';
import { countLabels, ownerLabels, startedLabels } from './adopt-labels.js';
import { adoptPlan, type AdoptPlan } from './adopt-plan.js';
import type { Adopted, Resume } from './adopted.js';
import type { SupervisorEvent, SupervisorEventBody } from './events.js';
import type { RestartCount } from './restart.js';

/**
 * The container of a supervised child: its id, and how to create it when it does not exist (a rootfs folder's
 * options or an image's, as `client.newContainer` takes them), with the stdio of its tasks.
 */
export type ContainerChild = (ContainerOptions | ImageContainerOptions) & {
  /** The container's id: what the supervisor looks for when it starts anew. */
  readonly id: string;
  /**
   * The stdio of its tasks, as `newTask` takes it, and again when a supervisor started anew re-attaches to a
   * running task's FIFOs. Default `'ignore'`: nothing to read, so nothing blocks while no supervisor runs.
   */
  readonly stdio?: Stdio;
};

/** A container the supervisor found and left alone: its labels are another's, newer, or unreadable. */
export class ContainerLeftAloneError extends RxContainerdError {
  /**
   * @param containerId - the container's id.
   * @param reason - why, naming the label.
   */
  constructor(readonly containerId: string, readonly reason: string) {
    super(`container ${containerId} was left alone: ${reason}`);
  }
}
nameErrorClass(ContainerLeftAloneError, 'ContainerLeftAloneError', 'ERR_CONTAINERD_CONTAINER_LEFT_ALONE');

/** The running side of one child: what the supervisor's runner and its events need. */
export class ContainerChildRuntime {
  /** Events of its own (a failed label write), to merge into the supervisor's. */
  readonly events$ = new Subject<SupervisorEventBody>();
  private count: RestartCount = { attempt: 0, restarts: 0, history: [] };
  private container: Container | undefined;
  private leftAlone: string | undefined;
  private current: Task | undefined;
  /** The last label write, replayed: the next one, and a task's creation, wait for it. */
  private tail$: Observable<void> = of(undefined);

  constructor(
    private readonly client: Client,
    private readonly owner: string,
    /** The child's name: its id in the tree, or the supervisor's name for `superviseContainer`. */
    readonly child: string,
    private readonly spec: ContainerChild,
    private readonly policy: string,
  ) {}

  /** Finds what an earlier supervisor left, and where to resume; emits the events to tell first (left-alone). */
  resume$(): Observable<{ readonly resume: Resume<Task>; readonly told: readonly SupervisorEventBody[] }> {
    return this.plan$().pipe(mergeMap(({ plan, container }) => {
      this.container = container;
      if (plan.kind === 'left-alone') {
        this.leftAlone = plan.reason;
        return of({ resume: { count: this.count }, told: [{ type: 'left-alone', containerId: this.spec.id, reason: plan.reason } as const] });
      }
      if (plan.kind === 'fresh') return of({ resume: { count: this.count }, told: [] });
      this.count = plan.count;
      if (plan.kind === 'new-task') return of({ resume: { count: plan.count }, told: [] });
      return container!.task$({ stdio: this.spec.stdio ?? 'ignore' }).pipe(map(task => {
        this.current = task;
        return { resume: { count: plan.count, adopted: this.adopted(plan, task) }, told: [] };
      }));
    }));
  }

  /** Creates the next task: the container first if need be, the start time recorded. */
  start(): Observable<Task> {
    return this.serial$(() => defer(() => {
      if (this.leftAlone !== undefined) return throwError(() => new ContainerLeftAloneError(this.spec.id, this.leftAlone!));
      return this.ensureContainer$().pipe(
        concatMap(container => container.update$({ labels: startedLabels(Date.now()) })),
        concatMap(container => container.newTask$({ stdio: this.spec.stdio ?? 'ignore' })),
        map(task => (this.current = task)),
      );
    }));
  }

  /** Deletes the container once the child is finished for good (its task is deleted already). */
  cleanup$(): Observable<void> {
    return this.serial$(() => defer(() => (this.container === undefined || this.leftAlone !== undefined ? EMPTY : this.container.delete$())).pipe(
      catchError((error: unknown) => (error instanceof NotFoundError ? EMPTY : throwError(() => error))),
    ));
  }

  /** Lets go of the current task's IO without touching the process (the supervisor detaches). */
  detach$(): Observable<void> {
    return defer(() => this.current?.io.detach$() ?? EMPTY);
  }

  /** Follows the supervisor's events: a restart of this child is recorded in its container's labels at once. */
  observe(event: SupervisorEvent): void {
    if (event.type !== 'backoff') return;
    this.count = { attempt: event.attempt, restarts: this.count.restarts + 1, history: [...this.count.history, event.at] };
    const labels = countLabels(this.count);
    this.serial$(() => defer(() => (this.container === undefined ? EMPTY : this.container.update$({ labels }))).pipe(
      catchError((error: unknown) => {
        this.events$.next({ type: 'failed', phase: 'persist', error });
        return EMPTY;
      }),
    )).subscribe();
  }

  private adopted(plan: Exclude<AdoptPlan, { kind: 'fresh' | 'left-alone' | 'new-task' }>, task: Task): Adopted<Task> {
    const { restarts } = plan.count;
    switch (plan.kind) {
      case 'created': return { state: 'created', process: task };
      case 'running': return { state: 'running', process: task, pid: plan.pid, restarts, ...(plan.startedAt === undefined ? {} : { startedAt: plan.startedAt }) };
      case 'stopped': return { state: 'stopped', process: task, pid: plan.pid, restarts, status: plan.status, ...(plan.startedAt === undefined ? {} : { startedAt: plan.startedAt }) };
    }
  }

  /** The container and its task as the daemon has them now, and the plan they make. */
  private plan$(): Observable<{ plan: AdoptPlan; container: Container | undefined }> {
    const gone = <T>(error: unknown): Observable<T | undefined> => (error instanceof NotFoundError ? of(undefined) : throwError(() => error));
    return this.client.loadContainer$(this.spec.id).pipe(
      catchError(gone<Container>),
      mergeMap(container => {
        if (container === undefined) return of({ plan: adoptPlan(undefined, this.owner, this.child, undefined), container });
        return this.client.conn.call$(Tasks.get, { containerId: this.spec.id }).pipe(
          map(({ process }) => (process == null ? undefined : toSnapshot(process))),
          catchError(gone<ReturnType<typeof toSnapshot>>),
          map(task => ({ plan: adoptPlan(container.labels, this.owner, this.child, task), container })),
        );
      }),
    );
  }

  private ensureContainer$(): Observable<Container> {
    if (this.container !== undefined) return of(this.container);
    const { id, stdio: _stdio, ...options } = this.spec;
    const labels = { ...options.labels, ...ownerLabels(this.owner, this.child, this.policy), ...countLabels(this.count) };
    return this.client.newContainer$(id, { ...options, labels } as ContainerOptions | ImageContainerOptions).pipe(
      map(container => (this.container = container)),
    );
  }

  /** Runs `work` after the writes before it, now (whoever subscribes gets its outcome, replayed). */
  private serial$<T>(work: () => Observable<T>): Observable<T> {
    const result = new ReplaySubject<T>();
    const done = new ReplaySubject<void>(1);
    const before$ = this.tail$;
    this.tail$ = done;
    concat(before$.pipe(ignoreElements()), defer(work)).subscribe({
      next: value => result.next(value),
      error: (error: unknown) => { result.error(error); done.complete(); },
      complete: () => { result.complete(); done.complete(); },
    });
    return result.asObservable();
  }
}
