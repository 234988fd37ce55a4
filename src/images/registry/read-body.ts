/**
 * Reading a whole answer of a registry (a manifest, an index) into memory, with a cap: a registry that sends
 * more than a manifest can hold is refused, never buffered without end.
 * @module
 */
import { RegistryRequestError } from '../../client/errors.js';

/** The most a manifest or index may weigh, in bytes: 4 MiB, as containerd's limit on manifests. */
export const MAX_MANIFEST_BYTES = 4 << 20;

/**
 * The body of `res` as one Buffer.
 * @throws RegistryRequestError naming `target` when it is longer than `limit` bytes (the rest is not read).
 */
export async function readBody(res: Response, host: string, target: string, call: string, limit = MAX_MANIFEST_BYTES): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  let size = 0;
  if (res.body === null) return Buffer.alloc(0);
  for await (const chunk of res.body) {
    size += chunk.byteLength;
    if (size > limit) {
      await res.body.cancel().catch(() => undefined);
      throw new RegistryRequestError({ host, target, status: res.status, detail: `the answer is larger than ${limit} bytes` }, call);
    }
    parts.push(chunk);
  }
  return Buffer.concat(parts);
}
