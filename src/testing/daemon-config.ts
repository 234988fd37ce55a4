/**
 * The config file of a private containerd, written for the release line of the binary that will read it.
 * @module
 */
import { spawnSync } from 'node:child_process';

/**
 * The upstream version a containerd binary reports with `--version` ("1.7.24~ds1" gives "1.7.24"), or
 * undefined when it cannot be run or says something else.
 */
export function binaryVersion(binary: string): string | undefined {
  const run = spawnSync(binary, ['--version'], { encoding: 'utf8', timeout: 10_000 });
  if (run.status !== 0) return undefined;
  return / v?(\d+\.\d+\.\d+)/.exec(run.stdout)?.[1];
}

/**
 * containerd's own TCP listener: `[grpc] tcp_address` with TLS (`tcp_tls_cert`, `tcp_tls_key`) and client
 * certificates verified against `tcp_tls_ca` (read by 1.6, 1.7 and 2 alike, the same keys in config version 2
 * and 3). It serves the CRI plugin's services only.
 */
export interface TcpListenerConfig {
  /** HOST:PORT. */
  readonly address: string;
  readonly cert: string;
  readonly key: string;
  readonly ca: string;
}

/**
 * A config for a private daemon of containerd `version` (undefined: unknown, written as for 1.x): CRI off
 * (a daemon for processes needs none of it, and it would set up CNI), and a debug socket.
 *
 * - 1.x reads config `version = 2`; CRI is one plugin, `io.containerd.grpc.v1.cri`; NRI is off by default.
 * - 2.x reads `version = 3` (it migrates 2 with a warning on every start). CRI's gRPC service is still
 *   `io.containerd.grpc.v1.cri`; its `io.containerd.cri.v1.images` and `.runtime` plugins only hold config
 *   (disabling them also takes down the Transfer service and the pod sandbox controller, so they stay);
 *   NRI is on by default and is turned off.
 */
export function daemonConfig(version: string | undefined, debugAddress: string, tcp?: TcpListenerConfig): string {
  const major = version === undefined ? 1 : Number(version.split('.')[0]);
  const disabled = major >= 2 ? ['io.containerd.grpc.v1.cri', 'io.containerd.nri.v1.nri'] : ['io.containerd.grpc.v1.cri'];
  return [
    `version = ${major >= 2 ? 3 : 2}`,
    `disabled_plugins = ${JSON.stringify(disabled)}`,
    '[debug]',
    `  address = ${JSON.stringify(debugAddress)}`,
    ...(tcp
      ? ['[grpc]', `  tcp_address = ${JSON.stringify(tcp.address)}`, `  tcp_tls_cert = ${JSON.stringify(tcp.cert)}`,
          `  tcp_tls_key = ${JSON.stringify(tcp.key)}`, `  tcp_tls_ca = ${JSON.stringify(tcp.ca)}`]
      : []),
    '',
  ].join('\n');
}
