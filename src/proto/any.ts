/**
 * google.protobuf.Any as this library reads and writes it, in one import: OCI specs packed as JSON
 * ({@link packSpec}, in oci-json.ts), containerd's event payloads by type_url ({@link decodeEvent}, in
 * event-registry.ts) and typed envelopes ({@link toEnvelope}, in envelope.ts).
 * @module
 */
export type { DecodeError } from './decode-error.js';
export { packJson, packProcessSpec, packSpec, PROCESS_SPEC_TYPE_URL, SPEC_TYPE_URL, unpackJson } from './oci-json.js';
export { decodeEvent, encodeEvent, EVENT_TYPES, EVENTS_PACKAGE, eventTypeOf, eventTypeUrl, type KnownEvent } from './event-registry.js';
export { toEnvelope, unknownEvent } from './envelope.js';
