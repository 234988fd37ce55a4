import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { firstValueFrom, lastValueFrom, share, Subject } from 'rxjs';
import { connect, ready$, supervise } from '../src/index.js';
import { busyboxRootfs, startDaemon } from '../src/testing/index.js';

const daemon = await startDaemon();
const client = connect({ address: daemon.address, namespace: 'supervise' });
const rootfs = await busyboxRootfs();
try {
  const container = await client.newContainer('web', { rootfs, args: ['/bin/httpd', '-f', '-p', '8080', '-h', '/etc'] });

  const shutdown = new Subject<void>();
  const events$ = supervise(() => container.newTask({ stdio: 'ignore' }), {
    restart: 'on-failure', maxRestarts: 3,
    backoff: { initialMs: 100, factor: 2, maxMs: 60_000, resetAfterMs: 10_000 },
    health: { command: ['/bin/wget', '-q', '-O', '/dev/null', 'http://127.0.0.1:8080/passwd'], intervalMs: 200, retries: 3 },
    gracePeriodMs: 1_000,                                   // httpd, as PID 1 of its container, ignores SIGTERM
    cleanup: () => container.delete(),
    stop: shutdown,
  }).pipe(share());

  events$.subscribe((e) => console.log(e.type));            // starting, started, healthy, exited, stopped
  const last = lastValueFrom(events$);
  await firstValueFrom(ready$(events$, { on: 'healthy' }));

  shutdown.next();                                          // SIGTERM, 1 s of grace, SIGKILL, delete, cleanup
  assert.equal((await last).type, 'stopped');
  assert.deepEqual(await client.containers(), []);
} finally {
  client.close();
  await daemon.stop();
  rmSync(rootfs, { recursive: true, force: true });
}
