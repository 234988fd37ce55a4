import { expect } from 'chai';
import { parseAddress } from '../../src/client/address.js';
import { Connection } from '../../src/client/connection.js';
import { InvalidArgumentError } from '../../src/client/errors.js';

const PEM_CA = '-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n';

function refusal(fn: () => unknown): InvalidArgumentError {
  try {
    fn();
  } catch (error) {
    expect(error).to.be.instanceOf(InvalidArgumentError);
    return error as InvalidArgumentError;
  }
  throw new Error('no error');
}

describe('daemon addresses', () => {
  it('parses socket paths, unix://, tcp:// (names, IPv4, bracketed IPv6) and gRPC targets', () => {
    expect(parseAddress('/run/containerd/containerd.sock', 'connect')).to.deep.equal({ kind: 'unix', target: 'unix:///run/containerd/containerd.sock' });
    expect(parseAddress('unix:///x.sock', 'connect')).to.deep.equal({ kind: 'unix', target: 'unix:///x.sock' });
    expect(parseAddress('tcp://10.0.0.5:10001', 'connect')).to.deep.equal({ kind: 'tcp', target: 'ipv4:10.0.0.5:10001', host: '10.0.0.5', port: 10001 });
    expect(parseAddress('tcp://node-a.example:443', 'connect')).to.deep.equal({ kind: 'tcp', target: 'dns:node-a.example:443', host: 'node-a.example', port: 443 });
    expect(parseAddress('tcp://[::1]:10001', 'connect')).to.deep.equal({ kind: 'tcp', target: 'ipv6:[::1]:10001', host: '::1', port: 10001 });
    expect(parseAddress('dns:node-a:10001', 'connect')).to.deep.equal({ kind: 'target', target: 'dns:node-a:10001' });
  });

  for (const [address, why] of [
    ['', /socket path, unix:\/\/PATH or tcp:\/\/HOST:PORT/],
    ['tcp://10.0.0.5', /port is missing/],
    ['tcp://10.0.0.5:0', /not from 1 to 65535/],
    ['tcp://10.0.0.5:70000', /not from 1 to 65535/],
    ['tcp://:10001', /host is empty or malformed/],
    ['tcp://host:10001/containerd', /path/],
    ['tcp://[nothex]:1', /not tcp:\/\/HOST:PORT/],
    ['http://10.0.0.5:10001', /unknown scheme "http:"/],
    ['unix://', /names no socket/],
  ] as const) {
    it(`refuses ${JSON.stringify(address)} with an InvalidArgumentError`, () => {
      const error = refusal(() => new Connection({ address }));
      expect(error.message).to.match(why);
    });
  }

  it('refuses a tcp:// address without tls unless insecure: true is said, and says why', () => {
    const error = refusal(() => new Connection({ address: 'tcp://10.0.0.5:10001' }));
    expect(error.message).to.include('tcp://10.0.0.5:10001').and.match(/without TLS anyone on the network path/).and.include('insecure: true');
    expect(refusal(() => new Connection({ address: 'dns:node-a:10001' })).message).to.match(/no options.tls/);
    const plain = new Connection({ address: 'tcp://10.0.0.5:10001', insecure: true });
    expect(plain.tls).to.equal(false);
    expect(plain.target).to.equal('ipv4:10.0.0.5:10001');
    plain.close();
  });

  it('refuses contradictory or broken TLS options before any I/O', () => {
    expect(refusal(() => new Connection({ address: 'tcp://h:1', tls: {}, insecure: true })).message).to.match(/choose one/);
    expect(refusal(() => new Connection({ address: '/x.sock', tls: {} })).message).to.match(/local socket/);
    expect(refusal(() => new Connection({ address: 'tcp://h:1', tls: { cert: '/nonexistent.pem' } })).message).to.match(/tls.cert was given without options.tls.key/);
    expect(refusal(() => new Connection({ address: 'tcp://h:1', tls: { ca: '/nonexistent/ca.pem' } })).message).to.match(/tls.ca: cannot read \/nonexistent\/ca.pem \(ENOENT\)/);
    expect(refusal(() => new Connection({ address: 'tcp://h:1', tls: { ca: PEM_CA } })).message).to.match(/tls.ca holds a certificate that does not parse/);
    expect(refusal(() => new Connection({ address: 'tcp://h:1', tls: { ca: 'x'.repeat(0) } })).message).to.match(/tls.ca must be PEM text/);
    expect(refusal(() => new Connection({ address: 'tcp://h:1', tls: { serverName: '' } })).message).to.match(/serverName/);
    expect(refusal(() => new Connection({ address: 'tcp://h:1', tls: { cafile: 'x' } as never })).message).to.match(/tls.cafile is not an option/);
  });
});
