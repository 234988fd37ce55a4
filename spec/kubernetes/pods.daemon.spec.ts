import { expect } from 'chai';
import { filter, firstValueFrom, take, toArray } from 'rxjs';
import { forPod } from '../../src/kubernetes/for-pod.js';
import { podExits$, oomKills$ } from '../../src/kubernetes/pod-exits.js';
import { K8S_NAMESPACE, podOf } from '../../src/kubernetes/pod-identity.js';
import { withPod } from '../../src/kubernetes/with-pod.js';
import { connect, type Client } from '../../src/process/client.js';
import type { Daemon } from '../../src/testing/daemon.js';
import { ctrOf, type Ctr } from '../support/ctr.js';
import { privateDaemon, sharedRootfs, track } from '../support/daemon.js';

/** The labels a kubelet and containerd's CRI plugin put on a pod's container (or its sandbox). */
function criLabels(pod: string, container: string | undefined): string[] {
  const labels = {
    'io.kubernetes.pod.name': pod,
    'io.kubernetes.pod.namespace': 'shop',
    'io.kubernetes.pod.uid': `0f7c-${pod}`,
    ...(container ? { 'io.kubernetes.container.name': container } : {}),
    'io.cri-containerd.kind': container ? 'container' : 'sandbox',
  };
  return Object.entries(labels).flatMap(([k, v]) => ['--label', `${k}=${v}`]);
}

describe('beside Kubernetes: CRI-labelled containers in k8s.io, made by ctr, watched by a client (real daemon)', function () {
  this.timeout(90_000);
  let daemon: Daemon;
  let ctr: Ctr;
  let client: Client;
  let rootfs: string;

  before(async () => {
    daemon = await privateDaemon();
    ctr = ctrOf(daemon.address, K8S_NAMESPACE);
    rootfs = await sharedRootfs();
  });
  beforeEach(() => {
    // the agent watches a namespace it does not own: read-only, as docs/kubernetes.md says to run it
    client = track(connect({ address: daemon.address, namespace: K8S_NAMESPACE, readOnly: true }));
  });
  afterEach(async () => {
    client.close();
    for (const id of ['sbx-web-0', 'app-web-0', 'hog-web-0']) {
      await ctr.run('tasks', 'kill', '-s', 'SIGKILL', id);
      await ctr.run('tasks', 'delete', id);
      await ctr.run('containers', 'delete', id);
    }
  });

  it("decodes pod identity from the labels, and sees a pod's exit through forPod", async () => {
    const exits = firstValueFrom(podExits$(client).pipe(forPod('shop', 'web-0')));
    const podEvents = firstValueFrom(client.events$.pipe(withPod(client), forPod('shop', 'web-0'), filter((e) => e.topic === '/tasks/exit'), take(1), toArray()));
    await firstValueFrom(client.hub.live$);
    await ctr.ok('run', '-d', '--rootfs', ...criLabels('web-0', undefined), rootfs, 'sbx-web-0', '/bin/sleep', '60');
    await ctr.ok('run', '-d', '--rootfs', ...criLabels('web-0', 'app'), '--annotation', 'io.kubernetes.cri.sandbox-id=sbx-web-0', rootfs, 'app-web-0', '/bin/sh', '-c', 'sleep 1; exit 3');

    expect(podOf(await client.loadContainer('sbx-web-0'))).to.deep.equal({ namespace: 'shop', name: 'web-0', uid: '0f7c-web-0', kind: 'sandbox', sandboxId: 'sbx-web-0' });
    expect(podOf(await client.loadContainer('app-web-0'))).to.deep.equal({ namespace: 'shop', name: 'web-0', uid: '0f7c-web-0', container: 'app', kind: 'container', sandboxId: 'sbx-web-0' });
    const mine = await firstValueFrom(client.containers$()).then((cs) => cs.filter((c) => podOf(c)?.name === 'web-0').map((c) => c.id).sort());
    expect(mine).to.deep.equal(['app-web-0', 'sbx-web-0']);

    const exit = await exits;
    expect(exit).to.deep.include({ containerId: 'app-web-0', code: 3, oomKilled: false });
    expect(exit.pod.container).to.equal('app');
    const [event] = await podEvents;
    expect(event!.pod).to.deep.include({ name: 'web-0', container: 'app' });
  });

  it('an OOM kill of a pod container is seen as an OOM and as an exit with oomKilled', async () => {
    const oom = firstValueFrom(oomKills$(client).pipe(forPod('shop', 'web-0')));
    const exit = firstValueFrom(podExits$(client).pipe(forPod('shop', 'web-0')));
    await firstValueFrom(client.hub.live$);
    // tail holds a line without a newline in memory: 64 MiB of zeros against a 32 MiB limit
    await ctr.ok('run', '-d', '--rootfs', '--memory-limit', String(32 << 20), ...criLabels('web-0', 'hog'), rootfs, 'hog-web-0', '/bin/sh', '-c', 'head -c 67108864 /dev/zero | tail > /dev/null');
    const o = await oom;
    expect(o).to.deep.include({ containerId: 'hog-web-0' });
    expect(o.pod.container).to.equal('hog');
    const x = await exit;
    expect(x).to.deep.include({ containerId: 'hog-web-0', code: 137, signal: 'SIGKILL', oomKilled: true });
  });
});
