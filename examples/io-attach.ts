import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstValueFrom } from 'rxjs';
import { connect, lines } from '../src/index.js';
import { busyboxRootfs, startDaemon } from '../src/testing/index.js';

const daemon = await startDaemon();
const rootfs = await busyboxRootfs();
const ioDir = mkdtempSync(join(tmpdir(), 'fifos-'));       // the FIFOs live here, beyond one client's life
try {
  // One client starts a ticker, reads its first line, and lets go (as a client that restarts would).
  const before = connect({ address: daemon.address, namespace: 'attach', ioDir });
  assert.equal(before.ioDir, ioDir);                        // the client's IO directory
  const script = 'i=0; while true; do echo "tick $i"; i=$((i+1)); sleep 0.1; done';
  const created = await before.newContainer('ticker', { rootfs, args: ['/bin/sh', '-c', script] });
  const running = await created.newTask();
  await running.start();
  assert.equal(await firstValueFrom(running.io.stdout$.pipe(lines())), 'tick 0');
  await running.io.detach();                                // stop reading, remove nothing
  before.close();

  // Another client finds the container and re-attaches to its task's output where the first one left off.
  const after = connect({ address: daemon.address, namespace: 'attach', ioDir });
  const container = await after.loadContainer('ticker');
  const task = await container.task();
  const next = await firstValueFrom(task.io.stdout$.pipe(lines()));
  assert.match(next, /^tick [1-9]/);
  await task.delete({ kill: true });
  await container.delete();
  after.close();
} finally {
  await daemon.stop();
  rmSync(rootfs, { recursive: true, force: true });
  rmSync(ioDir, { recursive: true, force: true });
}
