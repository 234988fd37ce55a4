/**
 * What feeds `rx-containerd top`: a listing of the namespace each time the event stream is live (at start and
 * after an outage), the events in between, each new container's labels, and a resource sampler on each running
 * task, folded into rows by `top-rows.ts`.
 * @module
 */
import {
  catchError,
  connect,
  defaultIfEmpty,
  defer,
  distinctUntilChanged,
  EMPTY,
  filter,
  ignoreElements,
  map,
  merge,
  mergeMap,
  type Observable,
  type OperatorFunction,
  pairwise,
  share,
  startWith,
  Subject,
  switchMap,
  takeUntil,
  tap,
} from 'rxjs';
import type { Envelope } from '../proto/events.js';
import { topRows, type TaskSample, type TopInput, type TopRow } from './top-rows.js';

/** Samples of one running task, every `intervalMs`, until it ends or the subscriber leaves. */
export type SampleSource = (containerId: string, intervalMs: number) => Observable<TaskSample>;

/** Where the view's data comes from: the daemon in the command, fakes in a marble test. */
export interface TopSources {
  /** The namespace's event stream (shared, hot). */
  readonly events$: Observable<Envelope>;
  /** Emits each time the event stream is live: at start and after each outage. */
  readonly live$: Observable<unknown>;
  /** The namespace's containers and their tasks, as rows, once. */
  listing$(): Observable<readonly TopRow[]>;
  /** A container's labels, once (EMPTY when it is gone). */
  labels$(containerId: string): Observable<Readonly<Record<string, string>>>;
  /** Resource samples of a running task. */
  readonly sample: SampleSource;
}

/**
 * The inputs of the fold: on each `live$`, a `listing-asked` then the listing; every event; and after a
 * `/containers/create`, the new container's labels (the event carries none).
 */
export function topInputs$(sources: TopSources): Observable<TopInput> {
  const events$ = sources.events$.pipe(map((envelope): TopInput => ({ kind: 'event', envelope })));
  const labels$ = sources.events$.pipe(
    mergeMap((e) => (e.event.type === 'ContainerCreate' ? labelsOf(sources, e.event.id) : EMPTY)),
  );
  const listings$ = sources.live$.pipe(
    switchMap(() =>
      merge(
        [{ kind: 'listing-asked' } as const],
        sources.listing$().pipe(map((rows): TopInput => ({ kind: 'listing', rows }))),
      ),
    ),
  );
  return merge(events$, labels$, listings$);
}

function labelsOf(sources: TopSources, id: string): Observable<TopInput> {
  return sources.labels$(id).pipe(
    map((labels): TopInput => ({ kind: 'labels', id, labels })),
    catchError(() => EMPTY), // deleted meanwhile: its /containers/delete removes the row
  );
}

/**
 * A sampler on each running task of the rows, from its start (a new pid is a new sampler) until it no longer
 * runs; a sampler's failure (the task ended between two samples) ends that sampler only.
 *
 * ```text
 * rows:     a---b---c       (a: web running, pid 42; b: web and db running; c: db only)
 * samplers: web from a, db from b; web's ends at c
 * ```
 */
export function samplesOfRunning(sample: SampleSource, intervalMs: number): OperatorFunction<readonly TopRow[], TaskSample> {
  return (rows$) => {
    const running$ = rows$.pipe(
      map((rows) => rows.filter((r) => r.status === 'running' && r.pid !== null).map((r) => `${r.pid}:${r.id}`)),
      distinctUntilChanged((a, b) => a.length === b.length && a.every((k) => b.includes(k))),
      share(),
    );
    return running$.pipe(
      startWith([] as string[]),
      pairwise(),
      mergeMap(([before, now]) => now.filter((k) => !before.includes(k))),
      mergeMap((key) => {
        const id = key.slice(key.indexOf(':') + 1);
        return sample(id, intervalMs).pipe(
          // until the task no longer runs, or the rows end
          takeUntil(running$.pipe(filter((keys) => !keys.includes(key)), defaultIfEmpty(undefined))),
          catchError(() => EMPTY),
        );
      }),
    );
  };
}

/**
 * The view's rows, after each change: the inputs folded, with the samples of each running task fed back in.
 * Unsubscribing ends the listing, the event subscription and every sampler.
 */
export function topView$(sources: TopSources, intervalMs: number): Observable<readonly TopRow[]> {
  return defer(() => {
    const samples = new Subject<TaskSample>();
    return merge(topInputs$(sources), samples.pipe(map((sample): TopInput => ({ kind: 'sample', sample })))).pipe(
      topRows(),
      // both subscribed before the inputs start: the sampler sees the first rows too
      connect((rows$) => merge(rows$, rows$.pipe(samplesOfRunning(sources.sample, intervalMs), tap((s) => samples.next(s)), ignoreElements()))),
    );
  });
}
