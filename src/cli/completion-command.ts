/**
 * `rx-containerd completion bash|zsh`: shell completion scripts made from the command table, the same the parser
 * reads: every command, its options, and the values an option accepts or suggests.
 * @module
 */
import { badValue, globalOptions, UsageError } from './args.js';
import type { Command, OptionSpec, OptionTable } from './command.js';

const shells = ['bash', 'zsh'] as const;

/** The `completion` command over the command table `table` (read when it runs: the table holds this command too). */
export function completionCommand(table: () => readonly Command[]): Command {
  return {
    name: 'completion',
    synopsis: 'bash|zsh',
    summary: 'a shell completion script: source <(rx-containerd completion bash)',
    description: `Prints a completion script for bash or zsh. Load it in the shell's startup file:
  bash:  source <(rx-containerd completion bash)
  zsh:   source <(rx-containerd completion zsh)      (after compinit)`,
    options: {},
    run: async (args) => {
      const [shell, ...extra] = args.positionals;
      if (shell === undefined || extra.length > 0) throw new UsageError(`completion needs a shell: rx-containerd completion ${shells.join('|')}`);
      if (shell === 'bash') console.log(bashScript(table()));
      else if (shell === 'zsh') console.log(zshScript(table()));
      else badValue('shell', shell, shells);
      return 0;
    },
  };
}

function visible(table: OptionTable): Array<[string, OptionSpec]> {
  return Object.entries(table).filter(([, o]) => !o.hidden);
}

function flagsOf(table: OptionTable): string[] {
  return visible(table).flatMap(([name, o]) => (o.short ? [`-${o.short}`, `--${name}`] : [`--${name}`]));
}

function valuesOf(o: OptionSpec): readonly string[] | undefined {
  return o.choices ?? o.suggest;
}

function pathKind(o: OptionSpec): 'dir' | 'file' | undefined {
  return o.arg === 'DIR' ? 'dir' : o.arg === 'FILE' || o.arg === 'PATH' ? 'file' : undefined;
}

/** The bash script: `complete -F _rx_containerd rx-containerd`. */
export function bashScript(commands: readonly Command[]): string {
  const names = [...commands.map((c) => c.name), 'help'].join(' ');
  const valueCases = commands.flatMap((c) =>
    visible({ ...globalOptions, ...c.options })
      .filter(([, o]) => o.type === 'string')
      .map(([name, o]) => {
        const pattern = [`${c.name}:--${name}`, ...(o.short ? [`${c.name}:-${o.short}`] : [])].join('|');
        const values = valuesOf(o);
        const kind = pathKind(o);
        const reply = values ? `$(compgen -W '${values.join(' ')}' -- "$cur")` : kind ? `$(compgen ${kind === 'dir' ? '-d' : '-f'} -- "$cur")` : '';
        return `    ${pattern}) COMPREPLY=(${reply}); return ;;`;
      }),
  );
  const optionCases = commands.map((c) => `    ${c.name}) opts='${flagsOf({ ...globalOptions, ...c.options }).join(' ')}' ;;`);
  const globalWords = [...flagsOf(globalOptions), '--version'].join(' ');
  return `# bash completion for rx-containerd. Load it with: source <(rx-containerd completion bash)
_rx_containerd() {
  local cur=\${COMP_WORDS[COMP_CWORD]} prev=\${COMP_WORDS[COMP_CWORD-1]} cmd= opts= i
  for ((i = 1; i < COMP_CWORD; i++)); do
    case \${COMP_WORDS[i]} in
      -a|--address|-n|--namespace) ((i++)) ;;
      -*) ;;
      *) cmd=\${COMP_WORDS[i]}; break ;;
    esac
  done
  if [[ -z $cmd ]]; then
    case $prev in
      -a|--address) COMPREPLY=($(compgen -f -- "$cur")); return ;;
      -n|--namespace) COMPREPLY=(); return ;;
    esac
    COMPREPLY=($(compgen -W '${names} ${globalWords}' -- "$cur"))
    return
  fi
  case $cmd:$prev in
${valueCases.join('\n')}
  esac
  case $cmd in
${optionCases.join('\n')}
    help) COMPREPLY=($(compgen -W '${names}' -- "$cur")); return ;;
  esac
  if [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "$opts" -- "$cur"))
  elif [[ $cmd == completion ]]; then
    COMPREPLY=($(compgen -W '${shells.join(' ')}' -- "$cur"))
  fi
}
complete -o default -F _rx_containerd rx-containerd`;
}

/** Quoted for a zsh spec between single quotes, brackets escaped. */
function zq(text: string): string {
  return text.replace(/'/g, `'\\''`).replace(/([[\]])/g, '\\$1');
}

function zshSpec(name: string, o: OptionSpec): string {
  const values = valuesOf(o);
  const kind = pathKind(o);
  const action = values ? `(${values.join(' ')})` : kind === 'dir' ? '_files -/' : kind === 'file' ? '_files' : ' ';
  const value = o.type === 'string' ? `:${zq(o.arg ?? 'value')}:${action}` : '';
  const body = `[${zq(o.help)}]${value}'`;
  const repeat = o.multiple ? '*' : '';
  if (!o.short) return `'${repeat}--${name}${body}`;
  return o.multiple ? `'*'{-${o.short},--${name}}'${body}` : `'(-${o.short} --${name})'{-${o.short},--${name}}'${body}`;
}

function zshSpecs(table: OptionTable): string {
  return visible(table).map(([name, o]) => zshSpec(name, o)).join(' \\\n        ');
}

/** The zsh script, for `compdef` (or a file named _rx-containerd in $fpath). */
export function zshScript(commands: readonly Command[]): string {
  const described = [...commands.map((c) => `'${c.name}:${zq(c.summary)}'`), `'help:what a command does'`].join(' ');
  const cases = commands.map((c) => {
    const rest = c.commandLineAfter !== undefined ? `'*::command line:_normal'` : c.name === 'completion' ? `'1:shell:(${shells.join(' ')})'` : `'*:container: '`;
    return `      ${c.name}) _arguments ${zshSpecs({ ...globalOptions, ...c.options })} \\\n        ${rest} ;;`;
  });
  return `#compdef rx-containerd
# zsh completion for rx-containerd. Load it with: source <(rx-containerd completion zsh)
_rx_containerd() {
  local curcontext=$curcontext state line
  local -a commands
  commands=(${described})
  _arguments -C ${zshSpecs(globalOptions)} \\
    '--version[the version of rx-containerd]' '1:command:->command' '*::argument:->argument'
  case $state in
    command) _describe -t commands command commands ;;
    argument)
      case $words[1] in
${cases.join('\n')}
      help) _describe -t commands command commands ;;
      esac ;;
  esac
}
if [[ $funcstack[1] == _rx_containerd ]]; then _rx_containerd "$@"; else compdef _rx_containerd rx-containerd; fi`;
}
