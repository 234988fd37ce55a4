/**
 * The fleet options of the commands that read many nodes (`ps`, `events`, `top`): `--node NAME=ADDRESS` (repeatable)
 * or `--fleet FILE`, made into a fleet whose nodes take the global `--namespace`.
 * @module
 */
import { readFileSync } from 'node:fs';
import { InvalidArgumentError } from '../client/errors.js';
import { connectFleet, type Fleet } from '../fleet/fleet.js';
import type { NodeAddress } from '../fleet/node-options.js';
import { UsageError } from './args.js';
import type { OptionTable, Parsed } from './command.js';

/** The options, to spread into a command's table. */
export const fleetOptions: OptionTable = {
  node: { type: 'string', multiple: true, arg: 'NAME=ADDRESS', help: 'a node of a fleet: its name and daemon address (socket path, unix://PATH, tcp://HOST:PORT); repeatable' },
  fleet: { type: 'string', arg: 'FILE', help: 'a fleet file: JSON {"nodes": {"NAME": "ADDRESS" or {"address": ..., "namespace": ...}}}' },
};

/** The paragraph the commands' help adds about a fleet. */
export const fleetHelp = `With --node NAME=ADDRESS (repeatable) or --fleet FILE it reads every node of a fleet and shows a NODE
column; the global --namespace applies to every node unless the fleet file says otherwise. A fleet file is JSON:
{"nodes": {"a": "/run/containerd/containerd.sock", "b": {"address": "tcp://10.0.0.2:7443", "namespace": "k8s.io"}}}.`;

/**
 * The fleet the command line names, or undefined when it names none (one daemon, from `--address`).
 * @throws UsageError for `--node` without `=`, both `--node` and `--fleet`, an unreadable or malformed fleet
 * file, and every fleet option `connectFleet` refuses (a name given twice, an address that does not parse).
 */
export function fleetOf(args: Parsed): Fleet | undefined {
  const specs = args.strings('node');
  const file = args.string('fleet');
  if (specs.length === 0 && file === undefined) return undefined;
  if (specs.length > 0 && file !== undefined) throw new UsageError('--node and --fleet name a fleet each: give one of them');
  const nodes = file === undefined ? specs.map(nodeSpec) : readFleetFile(file);
  try {
    return connectFleet({ nodes, defaults: { namespace: args.global.namespace } });
  } catch (error) {
    if (error instanceof InvalidArgumentError) throw new UsageError(error.daemonMessage, { cause: error });
    throw error;
  }
}

/** `a=/run/a.sock` as `['a', '/run/a.sock']`. */
function nodeSpec(spec: string): [string, string] {
  const at = spec.indexOf('=');
  if (at <= 0 || at === spec.length - 1) throw new UsageError(`--node takes NAME=ADDRESS, not ${JSON.stringify(spec)}`);
  return [spec.slice(0, at), spec.slice(at + 1)];
}

/** The nodes of a fleet file, as `[name, address]` pairs. */
function readFleetFile(file: string): Array<[string, NodeAddress]> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`--fleet ${file}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  const nodes = typeof parsed === 'object' && parsed !== null ? (parsed as { nodes?: unknown }).nodes : undefined;
  if (typeof nodes !== 'object' || nodes === null || Array.isArray(nodes)) {
    throw new UsageError(`--fleet ${file}: expected {"nodes": {"NAME": "ADDRESS" or {"address": ...}}}`);
  }
  return Object.entries(nodes as Record<string, NodeAddress>);
}
