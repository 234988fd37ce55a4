/**
 * OCI specs inside a google.protobuf.Any: containerd carries a container's runtime spec and an exec's process
 * spec as JSON bytes under a type_url of their own.
 * @module
 */
import { left, right, type Either } from 'fp-ts/lib/Either.js';
import type { DecodeError } from './decode-error.js';
import { errorMessage } from './error-message.js';
import type * as M from './messages.js';

/** type_url of an OCI runtime spec (JSON) in a container's `spec`. */
export const SPEC_TYPE_URL = 'types.containerd.io/opencontainers/runtime-spec/1/Spec';
/** type_url of an OCI process spec (JSON) in an exec's `spec`. */
export const PROCESS_SPEC_TYPE_URL = 'types.containerd.io/opencontainers/runtime-spec/1/Process';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * An Any holding `value` as JSON under `typeUrl`.
 * @example
 * ```ts
 * packJson('types.containerd.io/opencontainers/runtime-spec/1/Spec', { ociVersion: '1.0.2' });
 * ```
 */
export function packJson(typeUrl: string, value: unknown): M.Any {
  return { typeUrl, value: Buffer.from(JSON.stringify(value), 'utf8') };
}

/**
 * An OCI runtime spec packed for Containers.Create.
 * @example
 * ```ts
 * const container = { id: 'web', runtime: { name: 'io.containerd.runc.v2' }, spec: packSpec(spec) };
 * ```
 */
export function packSpec(spec: object): M.Any {
  return packJson(SPEC_TYPE_URL, spec);
}

/**
 * An OCI process spec packed for Tasks.Exec.
 * @example
 * ```ts
 * Tasks.exec.request.encode({ containerId: 'web', execId: 'sh', spec: packProcessSpec({ args: ['sh'], cwd: '/' }) });
 * ```
 */
export function packProcessSpec(process: object): M.Any {
  return packJson(PROCESS_SPEC_TYPE_URL, process);
}

/**
 * The JSON inside an Any (whatever its type_url), or Left 'malformed' if it is not UTF-8 JSON.
 * @example
 * ```ts
 * unpackJson(packSpec({ ociVersion: '1.0.2' })); // right({ ociVersion: '1.0.2' })
 * ```
 */
export function unpackJson(any: M.Any): Either<DecodeError, unknown> {
  try {
    return right(JSON.parse(utf8.decode(any.value)) as unknown);
  } catch (e) {
    return left({ kind: 'malformed', typeUrl: any.typeUrl, value: any.value, message: errorMessage(e) });
  }
}
