import { expect } from 'chai';
import { firstValueFrom } from 'rxjs';
import { sharedRootfs, testClient } from '../support/daemon.js';
import { cli, killLeftovers, until } from '../support/cli.js';

describe('rx-containerd events', () => {
  afterEach(killLeftovers);

  let rootfs: string;
  before(async () => {
    rootfs = await sharedRootfs();
  });

  const live = '(listening: the event stream is live)';

  it('says on stderr, with the time, when its stream is live', async () => {
    const client = await testClient();
    const r = cli(['events', '--json', '--address', client.address, '--namespace', client.namespace]);
    await until(() => r.stderr.includes(live));
    r.child.kill('SIGINT');
    expect(await r.exited).to.equal(0);
    expect(r.stdout).to.equal('');
    expect(r.stderr.trim()).to.match(/^\d\d:\d\d:\d\d\.\d{3} {2}\(listening: the event stream is live\)$/);
  });

  it('--json prints one JSON object per line for the live events', async () => {
    const client = await testClient();
    const r = cli(['events', '--json', '--address', client.address, '--namespace', client.namespace]);
    await until(() => r.stderr.includes(live));
    const c = await client.newContainer('seen', { rootfs, args: ['/bin/true'] });
    await c.delete();
    await until(() => r.stdout.includes('/containers/delete'));
    r.child.kill('SIGINT');
    expect(await r.exited).to.equal(0);
    const events = r.stdout.trim().split('\n').map((line) => JSON.parse(line) as { topic: string; namespace: string; event: { type: string; id?: string } });
    expect(events.map((e) => e.topic)).to.deep.equal(['/containers/create', '/containers/delete']);
    expect(events[0]?.event).to.include({ type: 'ContainerCreate', id: 'seen' });
    expect(events.every((e) => e.namespace === client.namespace)).to.equal(true);
  });

  it('--filter topic= and container= keep the matching events (--topic as before); readable lines show the exit code', async () => {
    const client = await testClient();
    const byFilter = cli(['events', '-a', client.address, '-n', client.namespace, '--filter', 'topic=/tasks/exit', '--filter', 'container=wanted']);
    const byTopic = cli(['events', '-a', client.address, '-n', client.namespace, '--topic', '/tasks/']);
    await until(() => byFilter.stderr.includes(live) && byTopic.stderr.includes(live));
    for (const [id, code] of [['other', 8], ['wanted', 9]] as const) {
      const c = await client.newContainer(id, { rootfs, args: ['/bin/sh', '-c', `exit ${code}`] });
      const task = await c.newTask({ stdio: 'ignore' });
      const exit = firstValueFrom(task.wait$());
      await task.start();
      await exit;
      await task.delete();
      await c.delete();
    }
    await until(() => byFilter.stdout.includes('code=9') && byTopic.stdout.includes('/tasks/delete'));
    byFilter.child.kill('SIGINT');
    byTopic.child.kill('SIGINT');
    await Promise.all([byFilter.exited, byTopic.exited]);
    expect(byFilter.stdout.trim().split('\n')).to.have.length(1);
    expect(byFilter.stdout).to.match(/\/tasks\/exit\s+wanted code=9/);
    expect(byTopic.stdout).to.match(/\/tasks\/exit\s+other code=8/);
    expect(byTopic.stdout).not.to.contain('/containers/');
  });
});
