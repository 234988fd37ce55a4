/**
 * How `pull`, `push` and `run` show a registry transfer: a bar per blob on a terminal (cli-progress's MultiBar,
 * on stderr), plain lines elsewhere (a line per phase, a line per blob once it is settled), or one JSON line per
 * progress value on stdout for machines.
 * @module
 */
import { MultiBar, Presets, type SingleBar } from 'cli-progress';
import { lastValueFrom, tap, type Observable } from 'rxjs';
import type { PullProgress } from '../images/pull-progress.js';
import type { PushProgress } from '../images/push-progress.js';
import { bytes, shortDigest } from './format.js';

/** A value of a pull or a push. */
export type TransferProgress = PullProgress | PushProgress;

/** Where the progress goes: bars on a terminal, plain lines, JSON lines on stdout. */
export type TransferMode = 'bars' | 'lines' | 'json';

/** Shows the values of one transfer; `end()` once it is over (done or failed). */
export interface TransferView {
  next(value: TransferProgress): void;
  end(): void;
}

/** The mode for a command: JSON when asked, bars when stderr is a terminal, else lines. */
export function transferMode(json: boolean): TransferMode {
  return json ? 'json' : process.stderr.isTTY === true ? 'bars' : 'lines';
}

/** The blob phases after which nothing more comes for that blob. */
const settled = new Set(['done', 'exists', 'mounted']);

/** A view of a transfer in `mode`. */
export function transferView(mode: TransferMode): TransferView {
  if (mode === 'json') return { next: (p) => console.log(progressJson(p)), end: () => undefined };
  if (mode === 'lines') return { next: (p) => plainLine(p), end: () => undefined };
  return barsView();
}

/** `fetching`, or `done    sha256:0123456789ab  1.2 MiB  layer`: the line of a value worth one, else none. */
export function progressLine(p: TransferProgress): string | undefined {
  if (p.type === 'phase') return p.phase;
  return settled.has(p.phase) ? `${p.phase.padEnd(8)} ${shortDigest(p.digest)}  ${bytes(p.total)}  ${kind(p.mediaType)}` : undefined;
}

function plainLine(p: TransferProgress): void {
  const line = progressLine(p);
  if (line !== undefined) process.stderr.write(`${line}\n`);
}

/** A blob's kind in a line: `config`, `layer` or `manifest`. */
function kind(mediaType: string): string {
  return /config/.test(mediaType) ? 'config' : /manifest|index/.test(mediaType) ? 'manifest' : 'layer';
}

/** A value as JSON: an image by its name and target, as `import --json` writes it. */
function progressJson(p: TransferProgress): string {
  if (p.type === 'phase' && p.phase === 'done' && 'image' in p) return JSON.stringify({ type: 'phase', phase: 'done', image: { name: p.image.name, target: p.image.target } });
  return JSON.stringify(p);
}

/** A bar per blob, the phases logged above the bars. */
function barsView(): TransferView {
  const multi = new MultiBar({
    stream: process.stderr,
    format: '{kind} {digest} [{bar}] {sent}/{size} {phase}',
    hideCursor: false, // a Ctrl-C that ends us mid-pull must not leave the terminal without its cursor
    clearOnComplete: false,
    autopadding: true,
    barsize: 30,
    fps: 10,
  }, Presets.shades_classic);
  const bars = new Map<string, SingleBar>();
  return {
    next: (p) => {
      if (p.type === 'phase') {
        multi.log(`${p.phase}\n`);
        return;
      }
      const payload = { kind: kind(p.mediaType).padEnd(6), digest: shortDigest(p.digest), sent: bytes(p.bytes), size: bytes(p.total), phase: p.phase };
      const bar = bars.get(p.digest);
      if (bar === undefined) bars.set(p.digest, multi.create(Math.max(p.total, 1), settled.has(p.phase) ? p.total : p.bytes, payload));
      else bar.update(settled.has(p.phase) ? p.total : p.bytes, payload);
    },
    end: () => multi.stop(),
  };
}

/** Runs a transfer, showing each value in `view`; resolves its last value (the `done` phase). */
export async function followTransfer<T extends TransferProgress>(values$: Observable<T>, view: TransferView): Promise<T> {
  try {
    return await lastValueFrom(values$.pipe(tap((p) => view.next(p))));
  } finally {
    view.end();
  }
}
