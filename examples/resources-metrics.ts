import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { lastValueFrom, take, toArray } from 'rxjs';
import { connect } from '../src/index.js';
import { busyboxRootfs, startDaemon } from '../src/testing/index.js';

const MiB = 1024 * 1024;
const daemon = await startDaemon();
const client = connect({ address: daemon.address, namespace: 'metrics' });
const rootfs = await busyboxRootfs();
try {
  // a busy shell under a 64 MiB limit and at most 20 processes
  const web = await client.newContainer('web', {
    rootfs, args: ['/bin/sh', '-c', 'while :; do :; done'], memory: { limit: 64 * MiB }, pidsLimit: 20,
  });
  const task = await web.newTask({ stdio: 'ignore' });
  await task.start();

  // one reading: the same figures on cgroup v1 and v2, the full statistics under `stats`
  const m = await task.metrics();
  assert.equal(m.memory.limitBytes, 64 * MiB);
  assert.equal(m.pids.limit, 20);
  console.log(`cgroup v${m.cgroup}: ${m.memory.workingSetBytes} bytes, ${m.cpu.usageNs} ns of CPU, ${m.pids.current} process(es)`);
  if (m.cgroup === 1) console.log(`page faults: ${m.stats.memory?.totalPgFault}`);
  else console.log(`page faults: ${m.stats.memory?.pgfault}`);

  // polling, as `docker stats` does: cpuPercent from the second sample on (100 = one CPU)
  const samples = await lastValueFrom(task.metrics$({ intervalMs: 500 }).pipe(take(3), toArray()));
  assert.equal(samples[0]!.cpuPercent, undefined);
  for (const s of samples.slice(1)) console.log(`CPU ${s.cpuPercent!.toFixed(1)}%`);
  assert.ok(samples[2]!.cpuPercent! > 0);

  await task.delete({ kill: true });
  await web.delete();
} finally {
  client.close();
  await daemon.stop();
  rmSync(rootfs, { recursive: true, force: true });
}
