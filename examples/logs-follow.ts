import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstValueFrom, map, Subject, takeUntil, toArray } from 'rxjs';
import { connect, supervise, type SupervisorEvent } from '../src/index.js';
import { busyboxRootfs, startDaemon } from '../src/testing/index.js';

const daemon = await startDaemon();
const client = connect({ address: daemon.address, namespace: 'follow' });
const rootfs = await busyboxRootfs();
const dir = mkdtempSync(join(tmpdir(), 'worker-logs-'));
try {
  // a supervised worker: every task the supervisor creates logs, since its container does
  const container = await client.newContainer('worker', {
    rootfs,
    args: ['/bin/sh', '-c', 'for i in 1 2 3; do echo "job $i done"; sleep 0.2; done'],
    log: { dir },
  });
  const stop = new Subject<void>();
  const events: SupervisorEvent[] = [];
  await new Promise<void>((started) =>
    supervise(() => container.newTask(), { restart: 'no' })
      .pipe(takeUntil(stop))
      .subscribe((e) => {
        events.push(e);
        if (e.type === 'started') started();
      }),
  );

  // follow from the start: lines as they are written, complete once the task exited and the log is drained
  const task = await container.task({ stdio: 'ignore' });
  const lines = await firstValueFrom(task.logs$({ follow: true }).pipe(map((line) => line.text), toArray()));
  assert.deepEqual(lines, ['job 1 done', 'job 2 done', 'job 3 done']);
  assert.ok(!events.some((e) => e.type === 'logger-lost'));
  stop.next();
  await container[Symbol.asyncDispose]();
} finally {
  client.close();
  await daemon.stop();
  rmSync(rootfs, { recursive: true, force: true });
  rmSync(dir, { recursive: true, force: true });
}
