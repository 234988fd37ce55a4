/**
 * A TCP port free on this machine now: the kernel picks one for a listener bound to port 0, which is closed at
 * once so that a server of ours (a registry, a token endpoint) can take it.
 * @module
 */
import { createServer } from 'node:net';

/** A port that nothing listens on at `host` (default 127.0.0.1) at the moment of the call. */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error(`no port was given for ${host}`))));
    });
  });
}
