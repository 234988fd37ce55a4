import assert from 'node:assert/strict';
import { connect, TlsUnknownAuthorityError } from '../src/index.js';
import { busyboxRootfs, startDaemon } from '../src/testing/index.js';

await using daemon = await startDaemon({ tls: true });   // TCP on 127.0.0.1 with TLS and client certificates
const { address, tls, certificates } = daemon.tcp!;     // 'tcp://127.0.0.1:PORT', { ca, cert, key } (PEM files)

// the CA that signed the daemon's certificate, our client certificate and its key: file paths or PEM text
const client = connect({ address, tls: { ca: tls.ca, cert: tls.cert, key: tls.key }, namespace: 'remote' });
const rootfs = await busyboxRootfs();
const { stdout } = await client.run(rootfs, ['/bin/echo', 'over TLS']);
assert.equal(stdout, 'over TLS');
client.close();

// a CA that did not sign the daemon's certificate: a typed error that says which end is wrong
const wrong = connect({ address, tls: { ...tls, ca: certificates.otherCa } });
await assert.rejects(wrong.version(), TlsUnknownAuthorityError);
wrong.close();

// a tcp:// address without TLS is refused at connect(), unless plain text is asked for knowingly
assert.throws(() => connect({ address }), /without TLS anyone on the network path/);
