import { expect } from 'chai';
import { createServer, connect as netConnect, type Server } from 'node:net';
import { readFileSync } from 'node:fs';
import { connect, type Client, type ClientOptions } from '../../src/process/client.js';
import {
  TlsClientCertificateError,
  TlsError,
  TlsPlainTextPeerError,
  TlsRequiredError,
  TlsServerCertificateError,
  TlsUnknownAuthorityError,
  UnknownServiceError,
} from '../../src/client/errors.js';
import { startTlsProxy, type TlsProxy } from '../../src/testing/tls-proxy.js';
import type { Daemon } from '../../src/testing/daemon.js';
import { startDaemon } from '../../src/testing/daemon.js';
import { checkLine } from '../support/containerd-line.js';
import { sharedRootfs, track, unique } from '../support/daemon.js';
import { cliDone } from '../support/cli.js';

/** The failure `client.version()` ends with. */
async function failure(options: ClientOptions): Promise<unknown> {
  const client = track(connect({ connectTimeoutMs: 8_000, ...options }));
  try {
    await client.version();
  } catch (error) {
    return error;
  } finally {
    client.close();
  }
  throw new Error('version() succeeded');
}

describe('a remote daemon over TCP with TLS', () => {
  let daemon: Daemon;
  const stops: Array<() => Promise<void>> = [];

  before(async () => {
    daemon = await startDaemon({ tls: true });
    checkLine(daemon.version);
  });
  after(async () => {
    for (const stop of stops) await stop();
    await daemon?.stop();
  });

  it('runs a process through the TLS address with the CA, a client certificate and key (file paths)', async () => {
    const tcp = daemon.tcp!;
    const client: Client = track(connect({ address: tcp.address, tls: tcp.tls, namespace: unique('tls') }));
    expect(client.conn.tls).to.equal(true);
    expect((await client.version()).version).to.equal(daemon.version);
    const result = await client.run(await sharedRootfs(), ['/bin/echo', 'over tls']);
    expect(result.stdout).to.equal('over tls');
    client.close();
  });

  it('takes PEM text and Buffers as well as file paths', async () => {
    const { ca, cert, key } = daemon.tcp!.tls;
    const client = track(connect({ address: daemon.tcp!.address, tls: { ca: readFileSync(ca, 'utf8'), cert: readFileSync(cert), key: readFileSync(key) } }));
    expect((await client.version()).version).to.equal(daemon.version);
    client.close();
  });

  it("containerd's own TCP listener: TLS succeeds, containerd's services are not served (UnknownServiceError)", async () => {
    const error = await failure({ address: daemon.tcp!.containerdAddress, tls: daemon.tcp!.tls });
    expect(error).to.be.instanceOf(UnknownServiceError);
    expect((error as Error).message).to.match(/serves only the CRI plugin/);
  });

  it('a server certificate of another CA: TlsUnknownAuthorityError', async () => {
    const { certificates, tls } = daemon.tcp!;
    const error = await failure({ address: daemon.tcp!.containerdAddress, tls: { ...tls, ca: certificates.otherCa } });
    expect(error).to.be.instanceOf(TlsUnknownAuthorityError).and.instanceOf(TlsError);
    expect((error as TlsUnknownAuthorityError).tlsCode).to.equal('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    expect((error as Error).message).to.include(daemon.tcp!.containerdAddress).and.include('tls.ca');
    expect((error as Error).cause).to.be.instanceOf(Error);
  });

  it('a server certificate for another host: TlsServerCertificateError (wrong-host)', async () => {
    const error = await failure({ address: daemon.tcp!.containerdAddress, tls: { ...daemon.tcp!.tls, serverName: 'node-b.example' } });
    expect(error).to.be.instanceOf(TlsServerCertificateError);
    expect((error as TlsServerCertificateError).problemKind).to.equal('wrong-host');
    expect((error as Error).message).to.include('node-b.example');
  });

  it('an expired server certificate: TlsServerCertificateError (expired)', async () => {
    const { certificates } = daemon.tcp!;
    const proxy: TlsProxy = await startTlsProxy({ socket: daemon.address, cert: certificates.expiredServerCert, key: certificates.serverKey });
    stops.push(() => proxy.close());
    const error = await failure({ address: `tcp://127.0.0.1:${proxy.port}`, tls: daemon.tcp!.tls });
    expect(error).to.be.instanceOf(TlsServerCertificateError);
    expect((error as TlsServerCertificateError).problemKind).to.equal('expired');
    expect((error as TlsServerCertificateError).tlsCode).to.equal('CERT_HAS_EXPIRED');
  });

  it('no client certificate, or one of another CA: TlsClientCertificateError', async () => {
    const { certificates } = daemon.tcp!;
    const none = await failure({ address: daemon.tcp!.containerdAddress, tls: { ca: certificates.ca } });
    expect(none).to.be.instanceOf(TlsClientCertificateError);
    expect((none as Error).message).to.include('without a certificate');
    const other = await failure({
      address: daemon.tcp!.containerdAddress,
      tls: { ca: certificates.ca, cert: certificates.otherClientCert, key: certificates.otherClientKey },
    });
    expect(other).to.be.instanceOf(TlsClientCertificateError);
    expect((other as Error).message).to.include('tls.cert');
  });

  it('the harness proxy refuses a client without a certificate: TlsClientCertificateError', async () => {
    const error = await failure({ address: daemon.tcp!.address, tls: { ca: daemon.tcp!.certificates.ca } });
    expect(error).to.be.instanceOf(TlsClientCertificateError);
  });

  it('a server that closes without a TLS alert (Node refusing a client certificate of another CA): an UnavailableError saying so', async () => {
    const { certificates } = daemon.tcp!;
    const error = await failure({
      address: daemon.tcp!.address,
      tls: { ca: certificates.ca, cert: certificates.otherClientCert, key: certificates.otherClientKey },
      connectTimeoutMs: 1_500,
    });
    expect(error).not.to.be.instanceOf(TlsError);
    expect((error as Error).message).to.match(/closed the connection right after the TLS handshake/);
  });

  it('TLS to a plain-text listener: TlsPlainTextPeerError', async () => {
    const server: Server = createServer((s) => {
      const up = netConnect(daemon.address);
      s.pipe(up).pipe(s);
      s.on('error', () => up.destroy());
      up.on('error', () => s.destroy());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    stops.push(() => new Promise((resolve) => server.close(() => resolve())));
    const port = (server.address() as { port: number }).port;
    const error = await failure({ address: `tcp://127.0.0.1:${port}`, tls: daemon.tcp!.tls });
    expect(error).to.be.instanceOf(TlsPlainTextPeerError);
    expect((error as TlsPlainTextPeerError).tlsCode).to.equal('ERR_SSL_WRONG_VERSION_NUMBER');
    // the same listener in plain text, said explicitly, works
    const plain = track(connect({ address: `tcp://127.0.0.1:${port}`, insecure: true }));
    expect((await plain.version()).version).to.equal(daemon.version);
    plain.close();
  });

  it('plain text (insecure: true) to a TLS listener: TlsRequiredError', async () => {
    const error = await failure({ address: daemon.tcp!.containerdAddress, insecure: true });
    expect(error).to.be.instanceOf(TlsRequiredError);
    expect((error as Error).message).to.match(/speaks TLS/);
  });

  it('nobody listening: an UnavailableError that says the connection was refused, not a TLS error', async () => {
    const error = await failure({ address: 'tcp://127.0.0.1:1', tls: daemon.tcp!.tls, connectTimeoutMs: 1_500 });
    expect(error).not.to.be.instanceOf(TlsError);
    expect((error as Error).message).to.match(/not reachable at tcp:\/\/127\.0\.0\.1:1: .*connection refused/);
  });

  it('the CLI takes the same address with --tls-* flags, or $CONTAINERD_ADDRESS with $CONTAINERD_TLS_*', async () => {
    const { address, tls } = daemon.tcp!;
    const ns = unique('tls-cli');
    const flags = await cliDone(['--address', address, '--tls-ca', tls.ca, '--tls-cert', tls.cert, '--tls-key', tls.key, '-n', ns, 'ps']);
    expect(flags.stderr).to.equal('');
    expect(flags.code).to.equal(0);
    const env = { ...process.env, CONTAINERD_ADDRESS: address, CONTAINERD_TLS_CA: tls.ca, CONTAINERD_TLS_CERT: tls.cert, CONTAINERD_TLS_KEY: tls.key };
    const fromEnv = await cliDone(['-n', ns, 'ps'], { env });
    expect(fromEnv.code).to.equal(0);
    const refused = await cliDone(['--address', address, 'ps']);
    expect(refused.code).to.equal(1);
    expect(refused.stderr).to.match(/network address and no options.tls was given/);
    const wrongCa = await cliDone(['--address', address, '--tls-ca', daemon.tcp!.certificates.otherCa, '--tls-cert', tls.cert, '--tls-key', tls.key, 'ps']);
    expect(wrongCa.code).to.equal(1);
    expect(wrongCa.stderr).to.match(/TLS to containerd at tcp:.*not signed by the CA given as tls.ca/);
  });
});
