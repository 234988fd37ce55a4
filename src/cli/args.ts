/**
 * Command-line parsing shared by every command: the global options, the command's own options from its table
 * entry, and one-line errors that name what is accepted.
 *
 * node:util's parseArgs splits the words (its tokens); the checks are ours, for two things it does not do: a
 * boolean written `--rm=false`, and stopping at the start of a command line (`exec web ls -l`, where `-l` is
 * the command's). Its own error texts are also replaced by ours, which list the valid options or values.
 * @module
 */
import { parseArgs } from 'node:util';
import { defaultAddress, defaultNamespace } from '../client/connection.js';
import { environmentTls, type TlsOptions } from '../client/tls-options.js';
import type { Command, OptionSpec, OptionTable, Parsed } from './command.js';

/** Options every command takes. */
export interface GlobalOptions {
  readonly address: string;
  readonly namespace: string;
  /** TLS of a tcp:// address: --tls-* over $CONTAINERD_TLS_*. */
  readonly tls?: TlsOptions;
  /** --insecure: plain text to a tcp:// address. */
  readonly insecure?: boolean;
}

/** The options every command takes, before or after its name. */
export const globalOptions: OptionTable = {
  address: { type: 'string', short: 'a', arg: 'ADDRESS', help: 'containerd socket path, unix://PATH or tcp://HOST:PORT (default $CONTAINERD_ADDRESS or /run/containerd/containerd.sock)' },
  'tls-ca': { type: 'string', arg: 'FILE', help: "CA of a tcp:// daemon's certificate, PEM (default $CONTAINERD_TLS_CA)" },
  'tls-cert': { type: 'string', arg: 'FILE', help: 'client certificate for a tcp:// daemon, PEM (default $CONTAINERD_TLS_CERT)' },
  'tls-key': { type: 'string', arg: 'FILE', help: 'key of --tls-cert, PEM (default $CONTAINERD_TLS_KEY)' },
  'tls-server-name': { type: 'string', arg: 'NAME', help: "name the daemon's certificate must carry (default $CONTAINERD_TLS_SERVER_NAME, else the host)" },
  insecure: { type: 'boolean', help: 'talk plain text to a tcp:// daemon (anyone on the path can read and drive it)' },
  namespace: { type: 'string', short: 'n', arg: 'NS', help: "namespace (default $CONTAINERD_NAMESPACE or 'default')" },
  help: { type: 'boolean', short: 'h', help: 'this help' },
};

/** A mistake in the command line: printed as one line, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Throws a UsageError for a value not among `valid`: `unknown signal "SIGFOO" (valid: SIGTERM, SIGKILL, ...)`. */
export function badValue(what: string, value: string, valid: readonly string[]): never {
  throw new UsageError(`unknown ${what} ${JSON.stringify(value)} (valid: ${valid.join(', ')})`);
}

/** `--grace` and the like: a whole number from `min` to `max`, or a UsageError naming the option and the range. */
export function wholeNumber(option: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n) || n < min || n > max) {
    throw new UsageError(`--${option} takes a whole number from ${min} to ${max}, not ${JSON.stringify(value)}`);
  }
  return n;
}

/** Parses `argv` (the words after the command's name) against the command's options and the global ones. */
export function parse(argv: readonly string[], command: Pick<Command, 'name' | 'options' | 'commandLineAfter'>): Parsed {
  const table: OptionTable = { ...globalOptions, ...command.options };
  const options = Object.fromEntries(Object.entries(table).map(([name, o]) => [name, { type: o.type, ...(o.short ? { short: o.short } : {}) }]));
  const { tokens } = parseArgs({ args: [...argv], options, strict: false, allowPositionals: true, tokens: true });
  const strings = new Map<string, string[]>();
  const flags = new Map<string, boolean>();
  const positionals: string[] = [];
  for (const token of tokens) {
    if (token.kind === 'option-terminator') {
      positionals.push(...argv.slice(token.index + 1));
      break;
    }
    if (token.kind === 'positional') {
      if (command.commandLineAfter !== undefined && positionals.length === command.commandLineAfter) {
        positionals.push(...argv.slice(token.index)); // the command line starts here: its options are its own
        break;
      }
      positionals.push(token.value);
      continue;
    }
    const spec = table[token.name];
    if (spec === undefined) throw unknownOption(token.rawName, command.name, table);
    if (spec.type === 'boolean') flags.set(token.name, booleanValue(token.rawName, token.value));
    else strings.set(token.name, [...(strings.get(token.name) ?? []), stringValue(token.rawName, token.value, spec)]);
  }
  const last = (name: string): string | undefined => strings.get(name)?.at(-1);
  return {
    positionals,
    global: globalOf(last, flags),
    string: last,
    strings: (name) => strings.get(name) ?? [],
    flag: (name) => flags.get(name),
  };
}

/** The global options: the address and namespace, and for a network address its TLS (flags over environment). */
function globalOf(last: (name: string) => string | undefined, flags: ReadonlyMap<string, boolean>): GlobalOptions {
  const address = last('address') ?? defaultAddress();
  const given = Object.fromEntries(
    ([['ca', 'tls-ca'], ['cert', 'tls-cert'], ['key', 'tls-key'], ['serverName', 'tls-server-name']] as const)
      .map(([field, flag]) => [field, last(flag)] as const)
      .filter(([, v]) => v !== undefined),
  ) as TlsOptions;
  // the environment's TLS files go with a network address only (a socket needs none)
  const network = /^(tcp|dns|ipv4|ipv6):/i.test(address);
  const tls = { ...(network ? environmentTls() : {}), ...given };
  const insecure = flags.get('insecure');
  return {
    address,
    namespace: last('namespace') ?? defaultNamespace(),
    ...(Object.keys(tls).length > 0 ? { tls } : {}),
    ...(insecure !== undefined ? { insecure } : {}),
  };
}

function unknownOption(raw: string, commandName: string, table: OptionTable): UsageError {
  const known = Object.entries(table).filter(([, o]) => !o.hidden).map(([name]) => `--${name}`);
  return new UsageError(`unknown option ${raw} for ${commandName} (valid: ${known.join(', ')})`);
}

function booleanValue(raw: string, value: string | undefined): boolean {
  if (value === undefined || value === 'true') return true;
  if (value === 'false') return false;
  return badValue(`value for ${raw}`, value, ['true', 'false']);
}

function stringValue(raw: string, value: string | undefined, spec: OptionSpec): string {
  if (value === undefined) throw new UsageError(`${raw} needs a value${spec.arg ? ` (${spec.arg})` : ''}`);
  if (spec.choices && !spec.choices.includes(value)) badValue(`value for ${raw}`, value, spec.choices);
  return value;
}

/** The usage line and option list of `rx-containerd NAME --help`, made from the command's table entry. */
export function helpText(command: Command): string {
  const options = optionLines(command.options);
  return [`Usage: rx-containerd ${command.name} ${command.synopsis}`.trimEnd(), '', command.description, ...(options ? [options] : []), '', globalHelp].join('\n');
}

/** The global options as `--help` shows them. */
export const globalHelp = `Global options:\n${optionLines(globalOptions)}`;

function optionLines(table: OptionTable): string {
  return Object.entries(table)
    .filter(([, o]) => !o.hidden)
    .map(([name, o]) => {
      const left = `${o.short ? `-${o.short}, ` : '    '}--${name}${o.type === 'string' ? ` ${o.arg ?? 'VALUE'}` : ''}`;
      const choices = o.choices ? ` (${o.choices.join(' | ')})` : '';
      return `  ${left.padEnd(22)} ${o.help}${choices}${o.multiple ? ' (repeatable)' : ''}`;
    })
    .join('\n');
}
