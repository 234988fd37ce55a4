import assert from 'node:assert/strict';
import { firstValueFrom, lastValueFrom, map, share, Subject, timer, toArray } from 'rxjs';
import { readiness$, ready$, supervise } from '../src/index.js';
import { fakeStart } from '../src/testing/index.js';
// Fake processes on the real clock: this one gets healthy at its second probe, 20 ms apart.
const start = fakeStart({});
let probes = 0;
const shutdown = new Subject();
const events$ = supervise(start, {
    health: { probe: () => timer(5).pipe(map(() => ++probes >= 2)), intervalMs: 20 },
    stop: shutdown,
}).pipe(share());
events$.subscribe(e => console.log(e.type));
const states = lastValueFrom(readiness$(events$, { on: 'healthy' }).pipe(toArray()));
await firstValueFrom(ready$(events$, { on: 'healthy' }));
assert.equal(probes, 2);
shutdown.next();
assert.deepEqual(await states, [false, true, false]);
//# sourceMappingURL=readiness.js.map