/**
 * The fence: proof that a Subscribe is live. The daemon acknowledges nothing when a Subscribe opens, so the
 * client publishes a fence (a fresh random string, one per connection attempt) on a topic of its own and
 * waits for that fence to come back on that very stream. Fences never reach users' streams.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { FENCE_TOPIC } from '../client/read-only.js';

/**
 * The topic fences are published on. Every client's fences are dropped from every stream of events; the one
 * publish a read-only client makes (see `client/read-only.ts`, where it is defined).
 */
export { FENCE_TOPIC } from '../client/read-only.js';

/** The type_url of a fence's payload: the fence as UTF-8 bytes. */
export const FENCE_TYPE_URL = 'rx-containerd/Fence';

/** A fresh, unguessable fence for one connection attempt. */
export function newFence(): string {
  return randomBytes(9).toString('base64url');
}

/** The payload that carries `fence`, to publish on {@link FENCE_TOPIC}. */
export function fencePayload(fence: string): { typeUrl: string; value: Uint8Array } {
  return { typeUrl: FENCE_TYPE_URL, value: Buffer.from(fence, 'utf8') };
}

/** The fence a payload carries, or undefined when the payload is not a fence. */
export function fenceOf(event: { typeUrl: string; value: Uint8Array } | null | undefined): string | undefined {
  if (!event || event.typeUrl !== FENCE_TYPE_URL) return undefined;
  return Buffer.from(event.value).toString('utf8');
}
