import { describe, it } from 'mocha';
import { expect } from 'chai';
import { isLeft, isRight, type Either } from 'fp-ts/lib/Either.js';
import {
  decodeEvent, encodeEvent, eventTypeOf, eventTypeUrl, EVENT_TYPES, packProcessSpec, packSpec,
  PROCESS_SPEC_TYPE_URL, SPEC_TYPE_URL, toEnvelope, unpackJson, type DecodeError,
} from '../../src/proto/any.js';
import { Topics } from '../../src/proto/events.js';
import type { Any } from '../../src/proto/messages.js';
import { SAMPLE_EVENTS } from './samples.js';

function leftOf<A>(r: Either<DecodeError, A>): DecodeError {
  if (!isLeft(r)) throw new Error(`expected Left, got ${JSON.stringify(r)}`);
  return r.left;
}

function rightOf<A>(r: Either<DecodeError, A>): A {
  if (!isRight(r)) throw new Error(`expected Right, got ${r.left.kind}: ${r.left.message}`);
  return r.right;
}

describe('proto/any: events', () => {
  it('knows exactly the event types of events.ts', () => {
    expect([...EVENT_TYPES].sort()).to.deep.equal(Object.keys(Topics).sort());
    expect(SAMPLE_EVENTS.map((e) => e.type).sort()).to.deep.equal([...EVENT_TYPES].sort());
  });

  for (const event of SAMPLE_EVENTS) {
    it(`round-trips ${event.type}`, () => {
      const any = encodeEvent(event);
      // containerd declares its image events in the images service's package, every other in containerd.events
      const pkg = event.type.startsWith('Image') ? 'containerd.services.images.v1' : 'containerd.events';
      expect(any.typeUrl).to.equal(`${pkg}.${event.type}`);
      expect(rightOf(decodeEvent(any))).to.deep.equal(event);
    });
  }

  it('round-trips events whose fields are all defaults', () => {
    const exit = { type: 'TaskExit', containerId: '', id: '', pid: 0, exitStatus: 0, exitedAt: undefined } as const;
    expect(rightOf(decodeEvent(encodeEvent(exit)))).to.deep.equal(exit);
    const create = { type: 'ContainerCreate', id: 'a', image: '', runtime: undefined } as const;
    expect(rightOf(decodeEvent(encodeEvent(create)))).to.deep.equal(create);
  });

  it('decodes an empty payload of a known type with defaults', () => {
    expect(rightOf(decodeEvent({ typeUrl: 'containerd.events.TaskCreate', value: new Uint8Array(0) }))).to.deep.equal({
      type: 'TaskCreate', containerId: '', bundle: '', rootfs: [], io: undefined, checkpoint: '', pid: 0,
    });
  });

  it('accepts a type.googleapis.com/ prefix', () => {
    const any = encodeEvent({ type: 'TaskOOM', containerId: 'web' });
    const prefixed = { typeUrl: `type.googleapis.com/${any.typeUrl}`, value: any.value };
    expect(rightOf(decodeEvent(prefixed))).to.deep.equal({ type: 'TaskOOM', containerId: 'web' });
    expect(eventTypeOf('type.googleapis.com/containerd.events.TaskExit')).to.equal('TaskExit');
    expect(eventTypeUrl('TaskExit')).to.equal('containerd.events.TaskExit');
  });

  it('gives Left unknown-type, not a throw, for an unknown type_url', () => {
    const value = Uint8Array.of(1, 2, 3);
    for (const typeUrl of ['containerd.events.ImageCreate', 'containerd.events.toString', 'containerd.events.',
      'rx-containerd.fence', '', 'types.containerd.io/opencontainers/runtime-spec/1/Spec', 'TaskExit']) {
      const err = leftOf(decodeEvent({ typeUrl, value }));
      expect(err.kind).to.equal('unknown-type');
      expect(err.typeUrl).to.equal(typeUrl);
      expect(err.value).to.equal(value);
      expect(err.message).to.be.a('string');
    }
  });

  it('gives Left malformed for a known type with bad bytes', () => {
    // exit_status (4) sent as length-delimited: protobufjs alone would accept it
    const wrongWire = leftOf(decodeEvent({ typeUrl: 'containerd.events.TaskExit', value: Uint8Array.of(0x22, 1, 0x41) }));
    expect(wrongWire.kind).to.equal('malformed');
    const truncated = leftOf(decodeEvent({ typeUrl: 'containerd.events.TaskExit', value: Uint8Array.of(0x0a, 5, 0x61) }));
    expect(truncated.kind).to.equal('malformed');
    const badUtf8 = leftOf(decodeEvent({ typeUrl: 'containerd.events.TaskExit', value: Uint8Array.of(0x0a, 1, 0xff) }));
    expect(badUtf8.kind).to.equal('malformed');
    const badWireType = leftOf(decodeEvent({ typeUrl: 'containerd.events.TaskOOM', value: Uint8Array.of(0x0f) }));
    expect(badWireType.kind).to.equal('malformed');
  });

  it('never throws on values of the wrong shape', () => {
    const odd = [
      { typeUrl: 'containerd.events.TaskExit', value: 'abc' },
      { typeUrl: 'containerd.events.TaskExit', value: null },
      { typeUrl: 42, value: new Uint8Array(0) },
      { typeUrl: null, value: null },
    ] as unknown as Any[];
    for (const any of odd) expect(isLeft(decodeEvent(any))).to.equal(true);
  });

  it('skips unknown fields, as a newer daemon may send them', () => {
    const any = encodeEvent({ type: 'TaskOOM', containerId: 'web' });
    const extended = Buffer.concat([Buffer.from(any.value), Buffer.from([0x30, 0x01])]); // field 6 varint
    expect(rightOf(decodeEvent({ typeUrl: any.typeUrl, value: extended }))).to.deep.equal({ type: 'TaskOOM', containerId: 'web' });
  });
});

describe('proto/any: envelopes', () => {
  const raw = (event: Any | null) => ({
    timestamp: { seconds: 1714557600, nanos: 5_000_000 }, namespace: 'demo', topic: '/tasks/exit', event,
  });

  it('types a raw envelope', () => {
    const exit = SAMPLE_EVENTS.find((e) => e.type === 'TaskExit')!;
    expect(rightOf(toEnvelope(raw(encodeEvent(exit))))).to.deep.equal({
      timestamp: new Date(1714557600005), namespace: 'demo', topic: '/tasks/exit', event: exit,
    });
  });

  it('carries an unknown type as an UnknownEvent value', () => {
    const value = Uint8Array.of(9);
    const env = rightOf(toEnvelope(raw({ typeUrl: 'rx-containerd.Fence', value })));
    expect(env.event).to.deep.equal({ type: 'Unknown', typeUrl: 'rx-containerd.Fence', value });
  });

  it('gives Left for a malformed payload or a missing event', () => {
    expect(leftOf(toEnvelope(raw({ typeUrl: 'containerd.events.TaskExit', value: Uint8Array.of(0xff) }))).kind).to.equal('malformed');
    expect(leftOf(toEnvelope(raw(null))).kind).to.equal('malformed');
  });
});

describe('proto/any: JSON specs', () => {
  it('packs and unpacks a runtime spec and a process spec', () => {
    const spec = { ociVersion: '1.0.2', process: { args: ['/bin/sh'], cwd: '/' } };
    const any = packSpec(spec);
    expect(any.typeUrl).to.equal(SPEC_TYPE_URL);
    expect(any.typeUrl).to.equal('types.containerd.io/opencontainers/runtime-spec/1/Spec');
    expect(rightOf(unpackJson(any))).to.deep.equal(spec);
    const p = packProcessSpec(spec.process);
    expect(p.typeUrl).to.equal(PROCESS_SPEC_TYPE_URL);
    expect(JSON.parse(Buffer.from(p.value).toString('utf8'))).to.deep.equal(spec.process);
  });

  it('gives Left malformed for bytes that are not JSON', () => {
    expect(leftOf(unpackJson({ typeUrl: SPEC_TYPE_URL, value: Buffer.from('{nope') })).kind).to.equal('malformed');
    expect(leftOf(unpackJson({ typeUrl: SPEC_TYPE_URL, value: Uint8Array.of(0xc3) })).kind).to.equal('malformed');
  });
});
