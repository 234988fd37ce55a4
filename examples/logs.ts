import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstValueFrom } from 'rxjs';
import { connect } from '../src/index.js';
import { busyboxRootfs, startDaemon } from '../src/testing/index.js';

const daemon = await startDaemon();
const client = connect({ address: daemon.address, namespace: 'logs' });
const rootfs = await busyboxRootfs();
const dir = mkdtempSync(join(tmpdir(), 'web-logs-'));
try {
  // the output goes to files in `dir`, rotated at 64 KiB, 3 files kept: nobody needs to read it meanwhile
  const container = await client.newContainer('web', {
    rootfs,
    args: ['/bin/sh', '-c', 'seq 1 20000; echo "listening on :8080"; echo "warning: no TLS" >&2'],
    log: { dir, maxBytes: 64 * 1024, keep: 3 },
  });
  const task = await container.newTask();
  const exit = firstValueFrom(task.wait$());
  await task.start();
  await exit;

  assert.deepEqual(readdirSync(dir).filter((f) => f.startsWith('output.log')).sort(), ['output.log', 'output.log.1', 'output.log.2']);
  const [warning] = await task.logs({ stream: 'stderr' });
  assert.equal(warning?.text, 'warning: no TLS');
  const last = await task.logs({ tail: 2, stream: 'stdout' });
  assert.deepEqual(last.map((line) => line.text), ['20000', 'listening on :8080']);
  assert.match(last[1]!.timestamp, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{9}Z$/);

  await task.delete();
  // the log outlives the task, and any client finds it from the container's labels
  const again = await client.loadContainer('web');
  assert.equal(again.log?.dir, dir);
  assert.equal((await again.logs({ tail: 1, stream: 'stdout' }))[0]?.text, 'listening on :8080');
  await again.delete();
} finally {
  client.close();
  await daemon.stop();
  rmSync(rootfs, { recursive: true, force: true });
  rmSync(dir, { recursive: true, force: true });
}
