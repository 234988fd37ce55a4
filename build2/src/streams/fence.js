/**
 * The fence: proof that a Subscribe is live. The daemon acknowledges nothing when a Subscribe opens, so the
 * client publishes a marker on a topic of its own and waits for it to come back on that very stream.
 * Markers never reach users' events$.
 * @module
 */
import { randomBytes } from 'node:crypto';
/** The topic of fence markers. Every client's markers are dropped from every events$. */
export const FENCE_TOPIC = '/rx-containerd/fence';
/** The type_url of a marker's payload: the token as UTF-8 bytes. */
export const FENCE_TYPE_URL = 'rx-containerd/Fence';
/** A fresh, unguessable token for one connection attempt. */
export function newFenceToken() {
    return randomBytes(9).toString('base64url');
}
/** The payload that carries `token`. */
export function fenceMarker(token) {
    return { typeUrl: FENCE_TYPE_URL, value: Buffer.from(token, 'utf8') };
}
/** The token a marker carries, or undefined when the payload is not a marker. */
export function fenceToken(event) {
    if (!event || event.typeUrl !== FENCE_TYPE_URL)
        return undefined;
    return Buffer.from(event.value).toString('utf8');
}
//# sourceMappingURL=fence.js.map