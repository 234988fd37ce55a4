import assert from 'node:assert/strict';
import { timer } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { supervisor, type SupervisorEvent } from '../src/index.js';
import { FakeJournal, fakeStart } from '../src/testing/index.js';

new TestScheduler((a, e) => assert.deepEqual(a, e)).run(({ flush }) => {
  const journal = new FakeJournal();                                 // one record of every fake's calls
  const db = fakeStart({ exec: () => ({ afterMs: 10 }) }, { journal, name: 'db' }); // health checks pass in 10 ms
  const api = fakeStart([{ exitAfterMs: 2_000, exitCode: 1 }, {}], { journal, name: 'api' }); // crashes once
  const worker = fakeStart({}, { journal, name: 'worker' });
  const web = fakeStart({}, { journal, name: 'web' });

  const events: SupervisorEvent[] = [];
  supervisor({
    strategy: 'rest-for-one',
    intensity: { intensity: 3, periodMs: 60_000 },
    children: [
      { id: 'db', start: db, health: { command: ['/usr/bin/pg_isready'], intervalMs: 1_000 } },
      { id: 'backend', strategy: 'one-for-all', children: [
        { id: 'api', start: api },
        { id: 'worker', start: worker, restart: 'transient' },
      ] },
      { id: 'web', start: web },
    ],
    stop: timer(5_000),
  }).subscribe(e => events.push(e));
  flush();

  assert.deepEqual(journal.lines({ calls: ['start', 'kill'] }).filter(line => !line.includes(':health')), [
    '0 db1 start',
    '1010 api1 start', '1010 worker1 start', '1010 web1 start',   // in order, once db is healthy
    '3010 worker1 kill SIGTERM',                                   // api1 crashed: backend is one-for-all
    '3110 api2 start', '3110 worker2 start',                       // after api's backoff; web is untouched
    '5000 web1 kill SIGTERM', '5000 worker2 kill SIGTERM',         // the stop, in reverse order
    '5000 api2 kill SIGTERM', '5000 db1 kill SIGTERM',
  ]);
  assert.deepEqual(events.at(-1), { type: 'stopped', cause: 'requested', at: 5_000 });  // the tree's own, last
});
