/**
 * Loads our .proto files with protobufjs reflection, once, from the folder this module lives in.
 * google/protobuf imports resolve to protobufjs's bundled well-known types (Any, Timestamp, Empty, FieldMask).
 * @module
 */
import protobuf from 'protobufjs';
import type { Root, Service, Type } from 'protobufjs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/** The .proto files of the wire layer, next to the compiled module. */
export const PROTO_FILES: readonly string[] = [
  'types.proto',
  'task_types.proto',
  'version.proto',
  'namespaces.proto',
  'containers.proto',
  'tasks.proto',
  'events.proto',
  'task_events.proto',
  'container_events.proto',
  'rpc_status.proto',
  'content.proto',
  'images.proto',
  'snapshots.proto',
  'diff.proto',
  'leases.proto',
  'introspection.proto',
  'image_events.proto',
  'content_events.proto',
  'snapshot_events.proto',
  'cgroups_v1_metrics.proto',
  'cgroups_v2_metrics.proto',
];

let root: Root | undefined;

/**
 * protobufjs adds its bundled well-known types as they are, so Any's field is `type_url` while every field
 * of ours is camelCase. Renaming it in our own root (field number and wire bytes unchanged) makes Any read
 * `{ typeUrl, value }` like the rest; protobufjs's global copy is left alone.
 */
function camelCaseAny(r: Root): void {
  const any = r.lookupType('google.protobuf.Any');
  const field = any.fields['type_url'];
  if (field === undefined) return;
  any.remove(field);
  any.add(new protobuf.Field('typeUrl', field.id, 'string'));
}

/**
 * The resolved protobufjs root holding every message and service of the wire layer.
 * @example
 * ```ts
 * protoRoot().lookupType('containerd.events.TaskExit');
 * ```
 */
export function protoRoot(): Root {
  if (root === undefined) {
    const dir = fileURLToPath(new URL('.', import.meta.url));
    try {
      root = new protobuf.Root().loadSync(PROTO_FILES.map((f) => join(dir, f)), { keepCase: false });
      camelCaseAny(root);
      root.resolveAll();
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      throw new Error(`rx-containerd: cannot load the .proto files from ${dir} (${why}); ` +
        'they are copied next to the compiled code by scripts/copy-protos.mjs');
    }
  }
  return root;
}

/**
 * A message type by its full name; throws if our .proto files do not declare it (a programming error).
 * @example
 * ```ts
 * const t = lookupType('containerd.services.tasks.v1.KillRequest');
 * ```
 */
export function lookupType(fullName: string): Type {
  return protoRoot().lookupType(fullName);
}

/**
 * A service by its full name.
 * @example
 * ```ts
 * lookupService('containerd.services.tasks.v1.Tasks').methods['Create'];
 * ```
 */
export function lookupService(fullName: string): Service {
  return protoRoot().lookupService(fullName);
}
