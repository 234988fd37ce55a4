/**
 * Private registries for the registry specs, each stopped by the root hook at the latest (even when a test
 * fails), with their token endpoints. A spec that also needs a daemon imports spec/support/daemon.ts as well.
 */
import { startRegistry, type Registry, type StartRegistryOptions } from '../../src/testing/registry.js';
import { startTokenServer, type TokenServer, type TokenServerOptions } from '../../src/testing/token-server.js';

const registries = new Set<Registry>();
const tokenServers = new Set<TokenServer>();

/** A private registry of the test's own. */
export async function testRegistry(options: StartRegistryOptions = {}): Promise<Registry> {
  const registry = await startRegistry(options);
  registries.add(registry);
  return registry;
}

/** A token endpoint of the test's own, for a registry with token auth. */
export async function testTokenServer(options: TokenServerOptions = {}): Promise<TokenServer> {
  const server = await startTokenServer(options);
  tokenServers.add(server);
  return server;
}

/** Stops every registry and token endpoint the suite started. */
export async function stopAllRegistries(): Promise<void> {
  const all = [...registries];
  registries.clear();
  await Promise.all(all.map((r) => r.stop()));
  const servers = [...tokenServers];
  tokenServers.clear();
  await Promise.all(servers.map((s) => s.stop()));
}

// Registered by this module too, so that a run without the root-hook file (mocha --no-config) cleans up as well.
if (typeof after === 'function') after(stopAllRegistries);
