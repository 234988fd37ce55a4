import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { connect, RunError } from '../src/index.js';
import { busyboxRootfs, startDaemon } from '../src/testing/index.js';

const daemon = await startDaemon();
const client = connect({ address: daemon.address, namespace: 'run' });
const rootfs = await busyboxRootfs();
try {
  // one call: container and task made, started, output collected, exit waited for, both deleted
  const { exitCode, stdout, durationMs } = await client.run(rootfs, ['/bin/sh', '-c', 'echo "hello from $(hostname)"'], { id: 'hello' });
  assert.equal(exitCode, 0);
  assert.equal(stdout, 'hello from hello');                 // one final newline trimmed, as execa does
  console.log(`${stdout} in ${Math.round(durationMs)} ms`);

  const upper = await client.run({ rootfs }, ['/bin/tr', 'a-z', 'A-Z'], { input: 'quiet\n' });
  assert.equal(upper.stdout, 'QUIET');

  // a non-zero exit rejects with a RunError carrying the same fields; reject: false gives it as data
  const failed = await client.run(rootfs, ['/bin/sh', '-c', 'echo why >&2; exit 3']).catch((e: unknown) => e);
  assert.ok(failed instanceof RunError);
  assert.equal(failed.exitCode, 3);
  assert.equal(failed.stderr, 'why');
  const data = await client.run(rootfs, ['/bin/sh', '-c', 'exit 3'], { reject: false });
  assert.equal(data.exitCode, 3);

  // a timeout kills the process (SIGKILL) and deletes everything before the run fails
  const slow = await client.run(rootfs, ['/bin/sleep', '600'], { timeoutMs: 500 }).catch((e: unknown) => e);
  assert.ok(slow instanceof RunError);
  assert.equal(slow.reason, 'timeout');
  assert.equal(slow.signal, 'SIGKILL');
  assert.deepEqual(await client.containers(), []);          // nothing left behind
} finally {
  client.close();
  await daemon.stop();
  rmSync(rootfs, { recursive: true, force: true });
}
