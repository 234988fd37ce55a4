import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { concat, endWith, ignoreElements, lastValueFrom, merge, mergeMap, range, toArray } from 'rxjs';
import { connect } from '../src/index.js';
import { busyboxRootfs, startDaemon } from '../src/testing/index.js';

const daemon = await startDaemon();
const client = connect({ address: daemon.address, namespace: 'many' });
const rootfs = await busyboxRootfs();
try {
  // One container that exits with code n, as a cold Observable: create, wait$ then start$, delete, emit the code.
  const run$ = (n: number) => client.newContainer$(`job-${n}`, { rootfs, args: ['/bin/sh', '-c', `exit ${n}`] }).pipe(
    mergeMap((container) => container.newTask$({ stdio: 'ignore' }).pipe(
      mergeMap((task) => merge(task.wait$(), task.start$().pipe(ignoreElements())).pipe(
        mergeMap(({ code }) => concat(task.delete$(), container.delete$()).pipe(ignoreElements(), endWith(code))),
      )),
    )),
  );

  // 20 waits at once, all served by the client's one event stream.
  const codes = await lastValueFrom(range(0, 20).pipe(mergeMap(run$), toArray()));
  assert.deepEqual(codes.sort((a, b) => a - b), [...Array(20).keys()]);
} finally {
  client.close();
  await daemon.stop();
  rmSync(rootfs, { recursive: true, force: true });
}
