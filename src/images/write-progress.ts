/**
 * What a content write tells while it runs, and how often: a progress value per phase, at most every 100 ms or
 * every 4 MiB while bytes flow (plus the first and the last), so that a 200 MB blob makes a few dozen values,
 * not two hundred.
 * @module
 */
import { asyncScheduler, Observable, type MonoTypeOperatorFunction, type SchedulerLike } from 'rxjs';

/**
 * Where a write stands. `exists`: the content store already had the blob (nothing was read from the source);
 * `writing`: bytes are being sent; `committed`: the blob is in the store under its digest.
 */
export type WritePhase = 'exists' | 'writing' | 'committed';

/** One step of a content write ({@link ContentStore.write$}). */
export interface WriteProgress {
  /** The blob's digest; while a blob of unknown digest is being written, `''` until it is committed. */
  readonly digest: string;
  /** The ingest's ref (the name of the write in progress, as `ctr content active` shows it). */
  readonly ref: string;
  /** Where the write stands. */
  readonly phase: WritePhase;
  /** The bytes the daemon has, counted from the start of the blob (a resumed write starts past 0). */
  readonly offset: number;
  /** The blob's size in bytes; while a blob of unknown size is being written, 0 until it is committed. */
  readonly total: number;
}

/** How often {@link throttleProgress} lets a `writing` value through. */
export interface ProgressThrottle {
  /** At most one `writing` value per this many ms (unless `bytes` passed). Default 100. */
  readonly intervalMs?: number;
  /** A `writing` value is let through once the offset has grown by this many bytes since the last one. Default 4 MiB. */
  readonly bytes?: number;
  /** The clock. Default asyncScheduler. */
  readonly scheduler?: SchedulerLike;
}

/**
 * Thins out `writing` values: the first passes, then one whenever `intervalMs` has passed or the offset has
 * grown by `bytes` since the last one let through; every other phase (`exists`, `committed`) always passes.
 * Drops, never delays: the final `committed` value carries the last offset.
 *
 * ```
 * intervalMs 100 (one value every 30 ms):
 * source:  w--w--w--w--w--c|
 * result:  w-----------w--c|
 * ```
 */
export function throttleProgress(options: ProgressThrottle = {}): MonoTypeOperatorFunction<WriteProgress> {
  const intervalMs = options.intervalMs ?? 100;
  const bytes = options.bytes ?? 4 * 1024 * 1024;
  const scheduler = options.scheduler ?? asyncScheduler;
  return (source) =>
    new Observable<WriteProgress>((subscriber) => {
      let lastAt = Number.NEGATIVE_INFINITY;
      let lastOffset = Number.NEGATIVE_INFINITY;
      return source.subscribe({
        next(progress) {
          const now = scheduler.now();
          if (progress.phase === 'writing' && now - lastAt < intervalMs && progress.offset - lastOffset < bytes) return;
          lastAt = now;
          lastOffset = progress.offset;
          subscriber.next(progress);
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => subscriber.complete(),
      });
    });
}
