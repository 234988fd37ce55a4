import { expect } from 'chai';
import { InvalidArgumentError } from '../../src/client/errors.js';
import { connectFleet } from '../../src/fleet/fleet.js';

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
    refused(() => connectFleet({ nodes: { a: 'tcp://host' } }), /node a: options\.address "tcp:\/\/host" is not tcp:\/\/HOST:PORT: the port is missing/);
    refused(() => connectFleet({ nodes: { a: '/a.sock', b: { address: 'http://x:1' } } }), /node b: options\.address "http:\/\/x:1": unknown scheme "http:"/);
    refused(() => connectFleet({ nodes: { a: 'tcp://h:70000' } }), /node a: .*the port 70000 is not from 1 to 65535/);
    refused(() => connectFleet({ nodes: { a: '' } }), /node a: options\.address must be a socket path/);
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

  it("a node connect() refuses (a tcp:// address without tls): named, and the clients made before it closed", () => {
    refused(() => connectFleet({ nodes: { a: '/a.sock', b: 'tcp://127.0.0.1:7443' } }), /node b: tcp:\/\/127\.0\.0\.1:7443 is a network address and no options\.tls was given/);
    const fleet = connectFleet({ nodes: { a: '/a.sock' } });
    try {
      refused(() => fleet.addNode('b', { address: 'tcp://127.0.0.1:7443' }), /node b: .*no options\.tls was given/);
      expect(fleet.nodes).to.deep.equal(['a']);
      expect(fleet.addNode('c', { address: 'tcp://127.0.0.1:7443', insecure: true }).conn.tls).to.equal(false);
    } finally {
      fleet.close();
    }
  });
});
