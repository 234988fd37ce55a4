/**
 * A TLS listener on 127.0.0.1 in front of a daemon's socket: what makes a private containerd a remote daemon
 * with TLS and client certificates. containerd's own TCP listener (`[grpc] tcp_address`) serves only the CRI
 * plugin's services (1.6, 1.7 and 2), so its API reaches the network through a proxy like this one (stunnel,
 * ghostunnel, socat do the same). The bytes inside TLS (HTTP/2, gRPC) pass untouched.
 * @module
 */
import { connect as netConnect, type Socket } from 'node:net';
import { readFileSync } from 'node:fs';
import { createServer, type TLSSocket } from 'node:tls';

/** A running proxy. */
export interface TlsProxy {
  /** The port it listens on, at 127.0.0.1. */
  readonly port: number;
  /** Stops listening and ends every connection. */
  close(): Promise<void>;
}

/** What {@link startTlsProxy} needs: the socket to forward to and the PEM files of the server side. */
export interface TlsProxyOptions {
  /** The daemon's socket path. */
  readonly socket: string;
  /** The server certificate and key files. */
  readonly cert: string;
  readonly key: string;
  /** The CA whose client certificates are accepted; without it, no client certificate is asked for. */
  readonly ca?: string;
  /** The port; default 0 (the kernel picks). */
  readonly port?: number;
}

/** Starts a TLS proxy: each TLS connection (client certificate verified against `ca`) is piped to the socket. */
export function startTlsProxy(options: TlsProxyOptions): Promise<TlsProxy> {
  const open = new Set<Socket>();
  const server = createServer(
    {
      cert: readFileSync(options.cert),
      key: readFileSync(options.key),
      ALPNProtocols: ['h2'],
      ...(options.ca ? { ca: readFileSync(options.ca), requestCert: true, rejectUnauthorized: true } : {}),
    },
    (client: TLSSocket) => {
      const daemon = netConnect(options.socket);
      open.add(client);
      open.add(daemon);
      const end = (): void => {
        client.destroy();
        daemon.destroy();
        open.delete(client);
        open.delete(daemon);
      };
      client.on('error', end).on('close', end);
      daemon.on('error', end).on('close', end);
      client.pipe(daemon);
      daemon.pipe(client);
    },
  );
  server.on('tlsClientError', () => undefined);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      resolve({
        port,
        close: () =>
          new Promise<void>((done) => {
            for (const s of open) s.destroy();
            open.clear();
            server.close(() => done());
          }),
      });
    });
  });
}
