import assert from 'node:assert/strict';
import { setTimeout } from 'node:timers/promises';
import { startSupervision, supervise, type SupervisorEvent } from '../src/index.js';
import { fakeStart } from '../src/testing/index.js';

// A fake process that takes 50 ms to stop on SIGTERM, in real time; a container's newTask in real use.
const start = fakeStart({ signals: { SIGTERM: { exitAfterMs: 50 } } });
const events: SupervisorEvent['type'][] = [];
let cleanedUp = false;
{
  await using running = startSupervision(
    (stop) => supervise(start, { restart: 'always', stop, cleanup: () => { cleanedUp = true; } }),
    (e) => events.push(e.type),
  );
  await setTimeout(20);                                     // the supervised life: here, the block
  assert.deepEqual(events, ['starting', 'started']);
  void running;
}                                                           // graceful stop, delete, cleanup, then on
assert.equal(cleanedUp, true);
assert.equal(events.at(-1), 'stopped');
assert.equal(start.processes[0]?.lifecycle, 'deleted');
