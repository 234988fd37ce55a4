/** Running a shell script in a new container with given options, for the container option specs. */
import type { Client } from '../../../src/process/client.js';
import type { SpecOptions } from '../../../src/process/oci-spec.js';
import { runToEnd } from '../../support/run-to-end.js';

/** Runs `script` (stderr into stdout) in container `id` on `rootfs` made with `options`; its output and exit code; the container deleted after. */
export async function inside(client: Client, rootfs: string, id: string, options: Partial<SpecOptions>, script: string): Promise<{ stdout: string; code: number }> {
  const container = await client.newContainer(id, { rootfs, args: ['/bin/sh', '-c', `exec 2>&1; ${script}`], ...options });
  try {
    return await runToEnd(await container.newTask({ stdio: 'pipe' }));
  } finally {
    await container.delete();
  }
}
