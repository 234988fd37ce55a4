/**
 * A container's stop signal: what its image's config names (`StopSignal`), recorded on the container as a
 * label by whoever made it from the image (us, `ctr run`, nerdctl, the Go client), and what a graceful stop
 * sends when the caller names no signal.
 * @module
 */
import { constants } from 'node:os';
import type { Signal } from '../proto/vocabulary.js';

/** containerd's label for the stop signal of a container made from an image (`oci.WithImageStopSignal`). */
export const STOP_SIGNAL_LABEL = 'io.containerd.image.config.stop-signal';

/** The stop signal containerd records when the image names none. */
export const DEFAULT_STOP_SIGNAL = 'SIGTERM';

/**
 * The signal `text` names, read as containerd's `ParseSignal` reads it: a number (1 to 64), or a name with or
 * without `SIG`, in any case (`SIGQUIT`, `quit`). Undefined for anything else, including names Node does not
 * know on this platform (`SIGRTMIN+3`).
 */
export function parseStopSignal(text: string | undefined): Signal | undefined {
  if (text === undefined || text === '') return undefined;
  if (/^\d+$/.test(text)) {
    const n = Number(text);
    return n >= 1 && n <= 64 ? n : undefined;
  }
  const upper = text.toUpperCase();
  const name = upper.startsWith('SIG') ? upper : `SIG${upper}`;
  return name in constants.signals ? (name as NodeJS.Signals) : undefined;
}

/** The stop signal a container's labels record, if any (and readable). */
export function stopSignalOf(labels: Readonly<Record<string, string>>): Signal | undefined {
  return parseStopSignal(labels[STOP_SIGNAL_LABEL]);
}
