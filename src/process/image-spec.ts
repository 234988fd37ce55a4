/**
 * The OCI runtime spec of a container made from an image: the process the image config says (as containerd's
 * `oci.WithImageConfig` makes it), with the caller's overrides, on our usual safe container spec.
 * @module
 */
import type { ImageProcessOptions } from '../images/image-process.js';
import { imageProcess } from '../images/image-process.js';
import type { ImageConfig } from '../images/oci-types.js';
import { definedOnly } from '../proto/defined-only.js';
import { containerSpec, type OciSpec, type SpecOptions } from './oci-spec.js';
import type { RootfsEtc } from './rootfs-files.js';
import { groupIds, withGroups } from './spec-options/groups.js';

/** What a caller may set of a container made from an image, beyond the image's own process. */
export interface ImageSpecOptions extends ImageProcessOptions, Omit<SpecOptions, 'args' | 'env' | 'cwd' | 'user'> {}

/**
 * The container spec of `id` in `namespace` for the image `config`: args = Entrypoint + Cmd (`args` replace Cmd,
 * `entrypoint` the Entrypoint), env = the image's Env then the caller's by name, cwd = WorkingDir, the user
 * resolved against `etc` (the image's own /etc/passwd and /etc/group), then hostname, network, terminal and the
 * caller's `spec` edit as for any container (the edit runs last).
 *
 * @throws InvalidArgumentError for an image with nothing to run, a malformed env entry, a relative cwd, or a user
 * or group name the image's files do not have (named in the message).
 */
export function imageSpec(id: string, namespace: string, config: ImageConfig, options: ImageSpecOptions, etc: RootfsEtc, call: string): OciSpec {
  const { args, entrypoint, env, cwd, user, groups, spec: edit, ...rest } = options;
  const process = imageProcess(config, definedOnly({ args, entrypoint, env, cwd, user }), etc, call);
  return containerSpec(id, namespace, {
    ...rest,
    // group names are the image's: resolved here, the ids go on
    ...(groups === undefined ? {} : { groups: groupIds(groups, etc, call) }),
    args: process.args,
    env: process.env,
    cwd: process.cwd,
    spec: (spec) => {
      // the user is resolved already, with the image's additional groups: it replaces the default root, keeping
      // the umask and the `groups` the security options set on it
      const { uid: _uid, gid: _gid, additionalGids: added = [], ...kept } = spec.process.user;
      spec.process.user = { ...kept, ...withGroups(process.user, added) };
      return edit?.(spec) ?? spec;
    },
  });
}
