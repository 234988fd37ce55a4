/**
 * The suite's private containerd, started on first use and stopped by the root hook, plus helpers for
 * unique ids and a shared busybox rootfs. Every daemon is of the line RXC_CONTAINERD names (containerd-line.ts).
 */
import { rmSync } from 'node:fs';
import { busyboxRootfs } from '../../src/testing/rootfs.js';
import { startDaemon, type Daemon } from '../../src/testing/daemon.js';
import { connect, type Client, type ClientOptions } from '../../src/process/client.js';
import { checkLine } from './containerd-line.js';

let daemon: Promise<Daemon> | undefined;
let rootfs: Promise<string> | undefined;
const clients = new Set<Client>();
const extraDaemons = new Set<Daemon>();
let counter = 0;

/** The suite's shared private daemon. */
export function sharedDaemon(): Promise<Daemon> {
  return (daemon ??= startChecked());
}

/** A daemon of the test's own (for tests that kill or restart it); stopped by the root hook at the latest. */
export async function privateDaemon(): Promise<Daemon> {
  const d = await startDaemon();
  extraDaemons.add(d);
  checkLine(d.version);
  return d;
}

async function startChecked(): Promise<Daemon> {
  const d = await startDaemon();
  try {
    checkLine(d.version);
  } catch (error) {
    await d.stop();
    throw error;
  }
  return d;
}

/** The suite's busybox rootfs. */
export function sharedRootfs(): Promise<string> {
  return (rootfs ??= busyboxRootfs());
}

/** A name unique in this run, usable as a namespace or a container id. */
export function unique(prefix: string): string {
  counter++;
  return `${prefix}-${process.pid}-${counter}`;
}

/** A client of the shared daemon in a fresh namespace; closed by the root hook. */
export async function testClient(options: ClientOptions = {}): Promise<Client> {
  const d = await sharedDaemon();
  const client = connect({ address: d.address, namespace: unique('ns'), ...options });
  clients.add(client);
  return client;
}

/** Closes a client made by {@link testClient} (or any client, tracked for the final cleanup). */
export function track(client: Client): Client {
  clients.add(client);
  return client;
}

/** Stops everything the suite started. */
export async function stopAll(): Promise<void> {
  for (const c of clients) c.close();
  clients.clear();
  for (const d of extraDaemons) await d.stop();
  extraDaemons.clear();
  if (daemon) {
    const d = await daemon.catch(() => undefined);
    daemon = undefined;
    await d?.stop();
  }
  if (rootfs) {
    const dir = await rootfs.catch(() => undefined);
    rootfs = undefined;
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

/** How many Events.Subscribe calls the daemon is serving now, read from its goroutine dump. */
export function openSubscribes(d: Daemon): Promise<number> {
  return goroutinesIn(d, 'services/events.(*service).Subscribe');
}

/** How many of the daemon's goroutines have `frame` in their stack (its pprof goroutine dump). */
export async function goroutinesIn(d: Daemon, frame: string): Promise<number> {
  const { request } = await import('node:http');
  const dump = await new Promise<string>((resolve, reject) => {
    const req = request({ socketPath: d.debugAddress, path: '/debug/pprof/goroutine?debug=2' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve(body));
    });
    req.on('error', reject);
    req.end();
  });
  return dump.split('\n\n').filter((g) => g.includes(frame)).length;
}

// Registered by this module too, so that a run without the root-hook file (mocha --no-config) cleans up as well.
if (typeof after === 'function') after(stopAll);
