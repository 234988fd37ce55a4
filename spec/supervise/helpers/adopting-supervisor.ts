/**
 * A supervising process for the adoption specs, run with node: a `containerSupervisor` of the children given as
 * JSON, its events printed one JSON line each on stdout. SIGTERM stops it gracefully (its processes and
 * containers go) and it exits 0; an error of the supervisor is printed as `{ "type": "error", ... }`, exit 2.
 *
 * argv: address namespace name childrenJson
 */
import { connect } from '../../../src/process/client.js';
import { Subject } from 'rxjs';
import type { ContainerWorkerSpec } from '../../../src/supervise/supervise-containers.js';
import { containerSupervisor } from '../../../src/supervise/supervise-containers.js';
import { RxContainerdError } from '../../../src/client/error-base.js';

const [address, namespace, name, childrenJson] = process.argv.slice(2) as [string, string, string, string];
const client = connect({ address, namespace });
const stop = new Subject<void>();
const children = JSON.parse(childrenJson) as ContainerWorkerSpec[];
const print = (value: object): void => { process.stdout.write(`${JSON.stringify(value)}\n`); };

process.on('SIGTERM', () => stop.next());
containerSupervisor(client, {
  name,
  children,
  stop,
  intensity: { intensity: 10, periodMs: 60_000 },
  backoff: { initialMs: 100, factor: 2, maxMs: 1_000 },
}).subscribe({
  next: event => {
    const { error, status, ...rest } = event as { error?: unknown; status?: { code: number } };
    print({ ...rest, ...(status === undefined ? {} : { code: status.code }), ...(error === undefined ? {} : { error: String(error) }) });
  },
  error: (error: unknown) => {
    print({ type: 'error', name: (error as Error).name, code: error instanceof RxContainerdError ? error.code : undefined, message: String(error) });
    client.close();
    process.exitCode = 2;
  },
  complete: () => {
    client.close();
  },
});
