import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstValueFrom } from 'rxjs';
import { connect } from '../src/index.js';
import { busyboxRootfs, startDaemon } from '../src/testing/index.js';

const daemon = await startDaemon();
const client = connect({ address: daemon.address, namespace: 'file' });
const rootfs = await busyboxRootfs();
const logs = mkdtempSync(join(tmpdir(), 'logs-'));
try {
  const file = join(logs, 'job.log');
  const container = await client.newContainer('job', { rootfs, args: ['/bin/sh', '-c', 'echo out; echo err >&2; echo out'] });
  const task = await container.newTask({ stdio: { file } }); // stdout and stderr appended, whole lines
  const exit = firstValueFrom(task.wait$());
  await task.start();
  await exit;
  await task.delete();                                      // the file is flushed once delete resolves
  assert.deepEqual(readFileSync(file, 'utf8').trim().split('\n').sort(), ['err', 'out', 'out']);
  await container.delete();
} finally {
  client.close();
  await daemon.stop();
  rmSync(rootfs, { recursive: true, force: true });
  rmSync(logs, { recursive: true, force: true });
}
