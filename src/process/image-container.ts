/**
 * A container made from an image, as containerd's Go client (and `ctr run IMAGE`) makes one: the image unpacked
 * if need be, a snapshot of the container's own on the image's top chain id, the spec from the image config,
 * then the container record naming the image and the snapshot.
 * @module
 */
import { catchError, concat, defer, EMPTY, forkJoin, ignoreElements, map, mergeMap, Observable, of, throwError } from 'rxjs';
import type { CallPort } from '../client/call-port.js';
import { AlreadyExistsError, ImageFormatError, invalidArgument, NotFoundError } from '../client/errors.js';
import { validateId } from '../client/validate.js';
import { defaultSnapshotter$ } from '../images/default-snapshotter.js';
import { chainId } from '../images/chain-id.js';
import type { Image, PlatformSpec } from '../images/image.js';
import { getImage$ } from '../images/image-records.js';
import { Snapshotter } from '../images/snapshots.js';
import { withLease$ } from '../images/with-lease.js';
import type { Container as ContainerMessage, CreateContainerResponse } from '../proto/messages.js';
import type { ImageConfig, Manifest } from '../images/oci-types.js';
import { parseImageConfig } from '../images/parse-blob.js';
import { readBlobBytes$ } from '../images/read-blob.js';
import { unpack$ } from '../images/unpack.js';
import { packSpec } from '../proto/oci-json.js';
import { Containers } from '../proto/services.js';
import { imageSpec, type ImageSpecOptions } from './image-spec.js';
import { readRootfsEtc } from './rootfs-files.js';
import { removeSnapshot$ } from './snapshot-cleanup.js';
import { resolveNamespaces$ } from './spec-options/join-namespaces.js';
import { DEFAULT_STOP_SIGNAL, STOP_SIGNAL_LABEL } from './stop-signal.js';
import type { LogOptions } from './logs/log-options.js';

/** Options of a container made from an image (`client.newContainer(id, { image, ... })`). */
export interface ImageContainerOptions extends ImageSpecOptions {
  /** The image: its name (`docker.io/library/alpine:3.19`) or an {@link Image} got from the client. */
  readonly image: string | Image;
  /** The snapshotter of the container's snapshot (unpacking there first if need be). Default: the daemon's (overlayfs, else native). */
  readonly snapshotter?: string;
  /** Whose manifest of a multi-platform image to use. Default this machine's. */
  readonly platform?: PlatformSpec;
  /** Labels of the container (containerd's `labels`); the image's stop signal label is added. */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Log the output of its tasks to files on this host, written by a logger the shim runs beside the process
   * (Docker's `--log-driver` with `--log-opt max-size`/`max-file`): `true` for the defaults, or `{ dir, maxBytes,
   * keep }` (see {@link LogOptions}). Recorded in the container's labels; read with `task.logs$()`.
   */
  readonly log?: LogOptions | true;
}

/** How long the lease that holds a new snapshot until its container record refers to it lives, at most: 1 min. */
const LEASE_EXPIRE_MS = 60_000;

/**
 * Makes the container `id` from an image, emits its record and completes:
 * 1. the image (Images.Get; NotFoundError naming it) and its config for the platform (PlatformNotFoundError
 *    listing the platforms it has), unpacked into the snapshotter if it is not yet;
 * 2. under a short lease (so the garbage collector cannot take the snapshot before the record refers to it,
 *    as containerd's client does): Snapshots.Prepare{key = id, parent = the top chain id};
 * 3. the spec from the image config (see image-spec.ts), the user's name looked up in the new snapshot's own
 *    /etc/passwd and /etc/group, read from its mounts (rootfs-files.ts);
 * 4. Containers.Create{image: its name, snapshotter, snapshotKey: id, labels with
 *    `io.containerd.image.config.stop-signal` (the image's StopSignal, else SIGTERM, as `oci.WithImageStopSignal`)}.
 *
 * Nothing is left behind on failure: a bad spec (an unknown user: InvalidArgumentError naming it) or a refused
 * record (AlreadyExistsError for a taken id) removes the snapshot; an abandoned call leaves it to the lease's end.
 */
export function imageContainer$(port: CallPort, id: string, options: ImageContainerOptions, call: string): Observable<ContainerMessage> {
  return defer(() => {
    validateId(id, 'container id', call);
    checkImageOptions(options, call);
    const { image, snapshotter, platform, labels, ...unresolved } = options;
    // `network: { container }` and the like resolved first: a container to join without a task fails before the image is touched
    return resolveNamespaces$(port, unresolved, call).pipe(mergeMap((spec) => fromImage$(port, id, { image, snapshotter, platform, labels, spec, call })));
  });
}

/** The image part of {@link imageContainer$}, once the spec options are resolved. */
function fromImage$(
  port: CallPort,
  id: string,
  { image, snapshotter, platform, labels, spec, call }: Pick<ImageContainerOptions, 'image' | 'snapshotter' | 'platform' | 'labels'> & { spec: ImageSpecOptions; call: string },
): Observable<ContainerMessage> {
  const image$ = typeof image === 'string' ? getImage$(port, image) : of(image);
  const snapshotter$ = snapshotter === undefined ? defaultSnapshotter$(port) : of(snapshotter);
  return forkJoin([image$, snapshotter$]).pipe(
    mergeMap(([img, name]) =>
      // the manifest and its config are read once; the chain id, the unpacked check and the unpack all use them
      img.manifest$(platform).pipe(
        mergeMap((manifest) => readBlobBytes$(port, manifest.config.digest).pipe(
          map((bytes) => parseImageConfig(bytes, manifest.config.digest, manifest.config.mediaType)),
          mergeMap((config) => unpacked$(port, manifest, config, name).pipe(map((parent) => ({ img, name, config, parent })))),
        )),
      ),
    ),
    mergeMap(({ img, name, config, parent }) =>
      withLease$(port, (leased) => prepareAndCreate$(leased, { id, image: img.name, snapshotter: name, parent, config, spec, labels, call }), { expireMs: LEASE_EXPIRE_MS }),
    ),
    map(({ container }) => container!),
  );
}

/** What {@link prepareAndCreate$} makes the container of. */
interface Plan {
  readonly id: string;
  readonly image: string;
  readonly snapshotter: string;
  readonly parent: string;
  readonly config: ImageConfig;
  readonly spec: ImageSpecOptions;
  readonly labels: Readonly<Record<string, string>> | undefined;
  readonly call: string;
}

/**
 * Snapshots.Prepare{key = id, parent}, then the spec (its user looked up in the new snapshot's files) and
 * Containers.Create, all through `leased`; the snapshot is removed when the spec or the record fails.
 */
function prepareAndCreate$(leased: CallPort, plan: Plan): Observable<CreateContainerResponse> {
  const { id, snapshotter, config } = plan;
  return new Snapshotter(leased, snapshotter).prepare$(id, { parent: plan.parent }).pipe(
    // the snapshot key is the container id: taken means a container of that id, or a snapshot kept after one
    catchError((error: unknown) => throwError(() => (error instanceof AlreadyExistsError
      ? new AlreadyExistsError({ code: error.grpcCode, daemonMessage: `container ${JSON.stringify(id)} cannot be made: a snapshot ${JSON.stringify(id)} exists already in ${snapshotter} (the container exists, or its snapshot was kept)`, call: plan.call, cause: error })
      : error))),
    mergeMap((mounts) =>
      defer(() =>
        leased.call$(Containers.create, {
          container: {
            id,
            image: plan.image,
            snapshotter,
            snapshotKey: id,
            labels: { [STOP_SIGNAL_LABEL]: config.config?.StopSignal || DEFAULT_STOP_SIGNAL, ...plan.labels },
            runtime: { name: 'io.containerd.runc.v2' },
            spec: packSpec(imageSpec(id, leased.namespace, config, plan.spec, readRootfsEtc(mounts), plan.call)),
          },
        }),
      ).pipe(
        // the snapshot is ours (Prepare made it): it goes with the failure
        catchError((error: unknown) => concat(removeSnapshot$(leased, { snapshotter, key: id }).pipe(catchError(() => EMPTY), ignoreElements()), throwError(() => error))),
      ),
    ),
  );
}

/**
 * The top chain id of `manifest` (whose config is `config`) in `snapshotter`, after unpacking it there when that
 * snapshot is not there yet (containerd's `IsUnpacked`, then `Unpack`).
 * @throws ImageFormatError for an image without layers.
 */
function unpacked$(port: CallPort, manifest: Manifest, config: ImageConfig, snapshotter: string): Observable<string> {
  return defer(() => {
    const top = chainId(config.rootfs.diff_ids);
    if (top === undefined) {
      throw new ImageFormatError({ digest: manifest.config.digest, mediaType: manifest.config.mediaType, problem: 'the image has no layers' }, 'image.chainId');
    }
    return new Snapshotter(port, snapshotter).stat$(top).pipe(
      map(() => top),
      catchError((error: unknown) => (error instanceof NotFoundError
        ? concat(unpack$(port, manifest, config, { snapshotter }).pipe(ignoreElements()), of(top))
        : throwError(() => error))),
    );
  });
}

function checkImageOptions(options: ImageContainerOptions, call: string): void {
  const { image, snapshotter, args, labels } = options;
  if (typeof image !== 'string' && (typeof image !== 'object' || image === null || typeof image.config$ !== 'function')) {
    throw invalidArgument(call, `image must be an image name or an Image, got ${String(image)}`);
  }
  if (typeof image === 'string' && image === '') throw invalidArgument(call, 'image must not be empty');
  if ('rootfs' in options && (options as { rootfs?: unknown }).rootfs !== undefined) {
    throw invalidArgument(call, 'give either image or rootfs, not both: a container of an image runs on a snapshot of its own');
  }
  if (snapshotter !== undefined && (typeof snapshotter !== 'string' || snapshotter === '')) {
    throw invalidArgument(call, `snapshotter must be a snapshotter's name, got ${JSON.stringify(snapshotter)}`);
  }
  if (args !== undefined && (!Array.isArray(args) || args.some((a) => typeof a !== 'string'))) {
    throw invalidArgument(call, `args must be an array of strings, got ${JSON.stringify(args)}`);
  }
  if (labels !== undefined && (typeof labels !== 'object' || labels === null || Object.values(labels).some((v) => typeof v !== 'string'))) {
    throw invalidArgument(call, `labels must be an object of strings, got ${JSON.stringify(labels)}`);
  }
}
