import { expect } from 'chai';
import { Connection } from '../../src/client/connection.js';
import { Tasks } from '../../src/proto/services.js';
import { connect } from '../../src/process/client.js';
import { goroutinesIn, privateDaemon, sharedRootfs, unique } from '../support/daemon.js';
import { eventually } from '../support/eventually.js';

describe('connection', () => {
  it('unsubscribing from a call cancels the RPC on the daemon', async () => {
    const daemon = await privateDaemon();
    const ns = unique('cancel');
    const client = connect({ address: daemon.address, namespace: ns });
    const c = await client.newContainer('waited', { rootfs: await sharedRootfs(), args: ['/bin/sleep', '60'] });
    const task = await c.newTask({ stdio: 'ignore' });
    await task.start();
    const conn = new Connection({ address: daemon.address, namespace: ns });
    const waits = () => goroutinesIn(daemon, 'services/tasks.(*service).Wait');
    const subs = Array.from({ length: 5 }, () => conn.call$(Tasks.wait, { containerId: 'waited' }, { timeoutMs: 0 }).subscribe());
    expect(await eventually(waits, 5)).to.equal(5);
    for (const s of subs) s.unsubscribe();
    expect(await eventually(waits, 0)).to.equal(0);
    conn.close();
    await task.delete({ kill: true });
    client.close();
  });

  it('sends the namespace with every call: tasks of one namespace are not seen from another', async () => {
    const daemon = await privateDaemon();
    const a = connect({ address: daemon.address, namespace: 'alpha' });
    const b = connect({ address: daemon.address, namespace: 'beta' });
    await a.newContainer('same', { rootfs: await sharedRootfs(), args: ['/bin/true'] });
    expect((await a.containers()).map((c) => c.id)).to.deep.equal(['same']);
    expect(await b.containers()).to.deep.equal([]);
    a.close();
    b.close();
  });
});
