/**
 * How late the shared stream delivers. Under a storm of exits (hundreds of shims publishing at once on a
 * saturated machine) the daemon's event path falls seconds behind its answers to Tasks.Wait (docs/wait.md,
 * "Exits at scale"); a pending wait that learns this early can ask Tasks.Wait too and take whichever answers
 * first.
 * @module
 */
import { BehaviorSubject, distinctUntilChanged, type Observable } from 'rxjs';

/**
 * Measures each envelope's lag: its arrival here less the timestamp its publisher gave it, in ms, over the
 * smallest lag seen since the stream last connected (so that a constant offset between this host's clock and
 * a remote daemon's counts as no lag). The fence that proves a new stream live is the first sample, so the
 * baseline is known before any burst. {@link LagMeter.lagging$} turns true when an envelope arrives more than
 * `thresholdMs` later than that, and false when one arrives within it again or the stream is lost.
 *
 * @example
 * ```ts
 * const lag = new LagMeter(1_000, () => Date.now());
 * lag.lagging$.subscribe((late) => console.log(late ? 'the stream is behind' : 'the stream keeps up'));
 * lag.sample(envelope.timestamp); // for each envelope as it arrives
 * ```
 */
export class LagMeter {
  private baseline = Number.POSITIVE_INFINITY;
  private readonly state = new BehaviorSubject(false);
  /** Whether the stream is behind now (the current value first), then each change. */
  readonly lagging$: Observable<boolean> = this.state.pipe(distinctUntilChanged());

  /**
   * @param thresholdMs how much later than the baseline an envelope may come before the stream counts as
   *   behind, in ms; 0 or Infinity: never
   * @param now the clock, in ms since the epoch (the hub's scheduler's)
   */
  constructor(
    private readonly thresholdMs: number,
    private readonly now: () => number,
  ) {}

  /** Whether the stream is behind now. */
  get lagging(): boolean {
    return this.state.value;
  }

  /** An envelope stamped `sentAt` by its publisher arrives now. Envelopes without a timestamp are passed over. */
  sample(sentAt: Date | undefined): void {
    if (!(this.thresholdMs > 0) || this.thresholdMs === Number.POSITIVE_INFINITY) return;
    const sent = sentAt?.getTime() ?? 0;
    if (!(sent > 0)) return; // no timestamp (Go's zero time decodes to the epoch or before)
    const lag = this.now() - sent;
    if (lag < this.baseline) this.baseline = lag;
    const behind = lag - this.baseline > this.thresholdMs;
    if (behind !== this.state.value) this.state.next(behind);
  }

  /** The stream is lost (connecting anew, down, closed): not behind, and the baseline is learned anew. */
  reset(): void {
    this.baseline = Number.POSITIVE_INFINITY;
    if (this.state.value) this.state.next(false);
  }
}
