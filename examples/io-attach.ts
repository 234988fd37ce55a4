import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { filter, firstValueFrom } from 'rxjs';
import { busyboxRootfs, connect, lines, startDaemon } from '../src/index.js';

const daemon = await startDaemon();
const rootfs = await busyboxRootfs();
const ioDir = mkdtempSync(join(tmpdir(), 'fifos-'));       // outlives the clients: the FIFOs live here
try {
  // The first client starts a ticker, reads a line, then lets go (as a client that is restarted would).
  const first = connect({ address: daemon.address, namespace: 'attach', ioDir });
  const script = 'i=0; while true; do echo "tick $i"; i=$((i+1)); sleep 0.1; done';
  const container = await first.newContainer('ticker', { rootfs, args: ['/bin/sh', '-c', script] });
  const task = await first.newTask(container);
  void task;
} finally {
  await daemon.stop();
  rmSync(rootfs, { recursive: true, force: true });
  rmSync(ioDir, { recursive: true, force: true });
}
