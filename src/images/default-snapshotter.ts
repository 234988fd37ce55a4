/**
 * Which snapshotter to use when none is named: containerd's default, overlayfs, where the daemon could load it;
 * native (plain copies, works on any filesystem) where it could not, as on a filesystem overlay cannot sit on.
 * @module
 */
import { defer, map, of, tap, type Observable } from 'rxjs';
import type { CallPort } from '../client/call-port.js';
import type { PluginMessage } from '../proto/image-messages.js';
import { Introspection } from '../proto/services.js';

/** The snapshotter containerd uses unless told otherwise. */
export const DEFAULT_SNAPSHOTTER = 'overlayfs';
/** The snapshotter used where overlayfs is missing or failed to load. */
export const FALLBACK_SNAPSHOTTER = 'native';

const SNAPSHOTTER_PLUGIN = 'io.containerd.snapshotter.v1';
const cache = new WeakMap<CallPort, string>();

/**
 * The name of the snapshotter to use on the daemon of `port`: `overlayfs` when introspection lists its plugin
 * loaded (no init error), else `native`. Asked once per port (a client's connection): the answer is
 * remembered, an error is not (the next subscription asks again).
 *
 * @example
 * ```ts
 * const name = await firstValueFrom(client.defaultSnapshotter$());   // 'overlayfs'
 * ```
 */
export function defaultSnapshotter$(port: CallPort): Observable<string> {
  return defer(() => {
    const known = cache.get(port);
    if (known !== undefined) return of(known);
    return port.call$(Introspection.plugins, { filters: [`type==${SNAPSHOTTER_PLUGIN}`] }).pipe(
      map(({ plugins }) => chooseSnapshotter(plugins)),
      tap((name) => cache.set(port, name)),
    );
  });
}

/**
 * The snapshotter to use given the daemon's snapshotter plugins (Introspection.Plugins): overlayfs when it is
 * listed without an init error, else native.
 */
export function chooseSnapshotter(plugins: readonly Pick<PluginMessage, 'id' | 'initErr'>[]): string {
  return plugins.some((p) => p.id === DEFAULT_SNAPSHOTTER && p.initErr === null) ? DEFAULT_SNAPSHOTTER : FALLBACK_SNAPSHOTTER;
}
