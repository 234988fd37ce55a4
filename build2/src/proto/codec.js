import { lookupType } from './root.js';
import { wireError } from './wire-check.js';
/** How decoded messages are turned into plain objects. */
export const TO_OBJECT = {
    longs: Number,
    enums: String,
    defaults: true,
    arrays: true,
    objects: true,
};
function fromType(type) {
    return {
        typeName: type.fullName.replace(/^\./, ''),
        encode(value) {
            const message = type.fromObject(value);
            const out = type.encode(message).finish();
            return Buffer.isBuffer(out) ? out : Buffer.from(out.buffer, out.byteOffset, out.byteLength);
        },
        decode(bytes) {
            return type.toObject(type.decode(bytes), TO_OBJECT);
        },
        check(bytes) {
            return wireError(type, bytes);
        },
    };
}
const cache = new Map();
/**
 * The codec of a message declared in our .proto files. `T` is the caller's promise that the interface
 * matches the message (see messages.ts); throws at once if the name is unknown.
 * @example
 * ```ts
 * const kill = codec<KillRequest>('containerd.services.tasks.v1.KillRequest');
 * kill.decode(kill.encode({ containerId: 'web', signal: 9 })); // { containerId: 'web', execId: '', signal: 9, all: false }
 * ```
 */
export function codec(typeName) {
    let c = cache.get(typeName);
    if (c === undefined) {
        c = fromType(lookupType(typeName));
        cache.set(typeName, c);
    }
    return c;
}
//# sourceMappingURL=codec.js.map