import { expect } from 'chai';
import { InvalidArgumentError } from '../../src/client/errors.js';
import { connectFleet } from '../../src/fleet/fleet.js';
import { addressProblem } from '../../src/fleet/node-options.js';

function refused(run: () => unknown, message: RegExp): void {
  let error: unknown;
  try {
    run();
  } catch (e) {
    error = e;
  }
  expect(error, 'an InvalidArgumentError').to.be.instanceOf(InvalidArgumentError);
  expect((error as Error).message).to.match(message);
}

describe('fleet options: bad input is refused before any client is made', () => {
  it('an empty fleet', () => {
    refused(() => connectFleet({ nodes: {} }), /options\.nodes is empty/);
    refused(() => connectFleet({ nodes: [] }), /options\.nodes is empty/);
    refused(() => connectFleet({} as never), /options\.nodes must be/);
  });

  it('a node name given twice, at the start or when added', () => {
    refused(() => connectFleet({ nodes: [['a', '/a.sock'], ['a', '/b.sock']] }), /node name a is given twice/);
    const fleet = connectFleet({ nodes: { a: '/a.sock' } });
    try {
      refused(() => fleet.addNode('a', '/other.sock'), /node name a is already in the fleet/);
    } finally {
      fleet.close();
    }
  });

  it('a name that is not one', () => {
    refused(() => connectFleet({ nodes: { '': '/a.sock' } }), /node name "" is not one/);
    refused(() => connectFleet({ nodes: { 'a b': '/a.sock' } }), /node name "a b" is not one/);
  });

  it('an address that does not parse, naming the node and the address', () => {
    refused(() => connectFleet({ nodes: { a: 'tcp://host' } }), /node a: address "tcp:\/\/host" does not parse: a tcp:\/\/ address is tcp:\/\/HOST:PORT/);
    refused(() => connectFleet({ nodes: { a: '/a.sock', b: { address: 'http://x:1' } } }), /node b: .*the scheme http: is not one of/);
    refused(() => connectFleet({ nodes: { a: '' } }), /non-empty string/);
    refused(() => connectFleet({ nodes: { a: 42 as never } }), /node a must be an address string or connect\(\) options, got number/);
  });

  it('an unknown node asked for or removed', () => {
    const fleet = connectFleet({ nodes: { a: '/a.sock' } });
    try {
      refused(() => fleet.node('z'), /no node named "z" in the fleet \(nodes: a\)/);
      refused(() => fleet.removeNode('z'), /no node named "z"/);
    } finally {
      fleet.close();
    }
    refused(() => fleet.addNode('b', '/b.sock'), /the fleet is closed/);
  });

  it('reads socket paths, unix:// and tcp:// addresses', () => {
    for (const ok of ['/run/containerd/containerd.sock', 'relative.sock', 'unix:///run/c.sock', 'unix:/run/c.sock', 'tcp://127.0.0.1:7443', 'tcp://node-1.example:1', 'tcp://[::1]:65535']) {
      expect(addressProblem(ok), ok).to.equal(undefined);
    }
    for (const bad of ['tcp://h:0', 'tcp://h:70000', 'tcp://:1', 'unix://', 'dns:x', ' ', 'a b']) expect(addressProblem(bad), bad).to.be.a('string');
  });
});
