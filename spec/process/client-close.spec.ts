import { expect } from 'chai';
import { firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import { CanceledError } from '../../src/client/errors.js';
import { connect } from '../../src/process/client.js';
import { openSubscribes, privateDaemon, sharedRootfs, unique } from '../support/daemon.js';

describe('client.close()', () => {
  it('cancels the shared Subscribe on the daemon, completes events$ and fails pending waits with CanceledError', async () => {
    const daemon = await privateDaemon();
    const client = connect({ address: daemon.address, namespace: unique('close') });
    const container = await client.newContainer('sleeper', { rootfs: await sharedRootfs(), args: ['/bin/sleep', '60'] });
    const task = await container.newTask({ stdio: 'ignore' });
    await task.start();
    const seen = lastValueFrom(client.events$.pipe(toArray()));
    const wait = firstValueFrom(task.wait$()).catch((e: unknown) => e);
    await firstValueFrom(client.hub.live$);
    expect(await openSubscribes(daemon)).to.equal(1);
    client.close();
    expect(await seen).to.be.an('array');
    expect(await wait).to.be.instanceOf(CanceledError);
    let open = await openSubscribes(daemon);
    for (let i = 0; i < 30 && open > 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      open = await openSubscribes(daemon);
    }
    expect(open).to.equal(0);
  });
});
