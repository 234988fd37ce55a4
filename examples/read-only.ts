import assert from 'node:assert/strict';
import { connect, ReadOnlyError } from '../src/index.js';
import { busyboxRootfs, startDaemon } from '../src/testing/index.js';

await using daemon = await startDaemon();
const rootfs = await busyboxRootfs();
// someone else's container, in a namespace we only watch
const owner = connect({ address: daemon.address, namespace: 'theirs' });
const task = await (await owner.newContainer('web', { rootfs, args: ['/bin/sleep', '60'] })).newTask({ stdio: 'ignore' });
await task.start();

const agent = connect({ address: daemon.address, namespace: 'theirs', readOnly: true });
const watched = await (await agent.loadContainer('web')).task();
assert.equal((await watched.status()).status, 'running');          // reads work
await assert.rejects(watched.kill('SIGKILL'), ReadOnlyError);       // nothing is sent
await assert.rejects(agent.newContainer('mine', { rootfs, args: ['/bin/true'] }), /Containers\.Create: refused: the client is read-only/);

const exit = watched.wait();                                         // the event stream and waits work
await task.kill('SIGKILL');                                          // the owner stops it
assert.equal((await exit).code, 137);
await task.delete();
agent.close();
owner.close();
