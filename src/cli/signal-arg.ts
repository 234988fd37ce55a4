/**
 * A signal as the user writes it on the command line: `TERM`, `SIGTERM`, `sigterm` or `15`.
 * @module
 */
import { constants } from 'node:os';
import type { Signal } from '../process/types.js';
import { badValue } from './args.js';

/** The signal names the CLI accepts, for messages and completion. */
export const signalNames: readonly string[] = Object.keys(constants.signals).filter((name) => name !== 'SIGUNUSED');

/** Reads a signal, or throws a UsageError that lists the valid names. */
export function signalArg(value: string): Signal {
  if (/^\d+$/.test(value)) {
    const n = Number(value);
    if (n >= 1 && n <= 64) return n;
  }
  const name = value.toUpperCase().startsWith('SIG') ? value.toUpperCase() : `SIG${value.toUpperCase()}`;
  if (signalNames.includes(name)) return name as NodeJS.Signals;
  return badValue('signal', value, [...signalNames, '1-64']);
}
