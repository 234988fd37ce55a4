/**
 * Command-line parsing shared by every command: global options, `--help`, and one-line errors.
 * @module
 */
import { parseArgs } from 'node:util';
import { defaultAddress, defaultNamespace } from '../client/connection.js';
export const globalOptionSpec = {
    address: { type: 'string', short: 'a' },
    namespace: { type: 'string', short: 'n' },
    help: { type: 'boolean', short: 'h' },
};
export const globalHelp = `Global options:
  -a, --address PATH     containerd socket (default $CONTAINERD_ADDRESS or /run/containerd/containerd.sock)
  -n, --namespace NS     namespace (default $CONTAINERD_NAMESPACE or 'default')
  -h, --help             this help`;
/** An error the CLI prints as one line before exiting non-zero. */
export class UsageError extends Error {
    name = 'UsageError';
}
/** Parses `argv` with the global options plus `options`; positionals after `--` are kept as given. */
export function parse(argv, options) {
    try {
        const { values, positionals } = parseArgs({ args: argv, options: { ...globalOptionSpec, ...options }, allowPositionals: true, strict: true });
        const v = values;
        const global = {
            address: typeof v['address'] === 'string' ? v['address'] : defaultAddress(),
            namespace: typeof v['namespace'] === 'string' ? v['namespace'] : defaultNamespace(),
        };
        return { values, positionals, global, help: v['help'] === true };
    }
    catch (error) {
        throw new UsageError(error.message);
    }
}
//# sourceMappingURL=args.js.map