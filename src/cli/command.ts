/**
 * The shape of a command in the CLI's table: its options, its help and its run function. The parser, the help
 * texts and the shell completion scripts are all made from these entries, so they cannot disagree.
 * @module
 */
import type { GlobalOptions } from './args.js';

/** One option of a command, as the parser, `--help` and the completion scripts see it. */
export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  /** One-letter form (`-t`). */
  readonly short?: string;
  /** May be given more than once (each value is kept). */
  readonly multiple?: boolean;
  /** The value's placeholder in the help (`MS`, `DIR`, `FILE`): `DIR`, `FILE` and `PATH` complete as paths. */
  readonly arg?: string;
  /** The only values accepted (checked by the parser, listed in the error and offered by completion). */
  readonly choices?: readonly string[];
  /** Values completion offers without the parser enforcing them (signal names, where numbers are fine too). */
  readonly suggest?: readonly string[];
  /** One line for `--help`. */
  readonly help: string;
  /** Still accepted but left out of `--help` and completion (a deprecated spelling). */
  readonly hidden?: boolean;
}

/** The options of a command, by long name. */
export type OptionTable = Readonly<Record<string, OptionSpec>>;

/** A parsed command line: typed reads of the options, the positionals, the global options. */
export interface Parsed {
  readonly positionals: readonly string[];
  readonly global: GlobalOptions;
  /** The last value of a string option, or undefined. */
  string(name: string): string | undefined;
  /** Every value of a repeatable string option, in order. */
  strings(name: string): string[];
  /** A boolean option: true, false (`--x=false`), or undefined when not given. */
  flag(name: string): boolean | undefined;
}

/** One command of the CLI. */
export interface Command {
  readonly name: string;
  /** What follows `rx-containerd NAME` in the usage line, e.g. `[options] ID`. */
  readonly synopsis: string;
  /** One line for the command list. */
  readonly summary: string;
  /** The paragraph of `NAME --help` between the usage line and the options. */
  readonly description: string;
  readonly options: OptionTable;
  /**
   * For commands that take a command line (`run`, `exec`): how many positionals come before it. Options after
   * them belong to the command line (`exec web ls -l`), as in docker; `--` may still mark its start.
   */
  readonly commandLineAfter?: number;
  /** Runs the command; resolves the exit code. A UsageError exits 2, any other error 1. */
  readonly run: (args: Parsed) => Promise<number>;
}
