import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { firstValueFrom } from 'rxjs';
import { connect, forPod, K8S_NAMESPACE, podExits$, podOf } from '../src/index.js';
import { busyboxRootfs, startDaemon } from '../src/testing/index.js';

const daemon = await startDaemon();                          // on a node: /run/containerd/containerd.sock
const rootfs = await busyboxRootfs();
// the kubelet's part, played here by a second client: a pod's container with the labels the CRI sets
const kubelet = connect({ address: daemon.address, namespace: K8S_NAMESPACE });
// the agent's part: it watches the namespace the CRI plugin owns, read-only (nothing it could call changes it)
const agent = connect({ address: daemon.address, namespace: K8S_NAMESPACE, readOnly: true });
try {
  const exited = firstValueFrom(podExits$(agent).pipe(forPod('shop', 'web-0')));
  await firstValueFrom(agent.hub.live$);

  const labels = {
    'io.kubernetes.pod.name': 'web-0',
    'io.kubernetes.pod.namespace': 'shop',
    'io.kubernetes.pod.uid': '6f1f4c1e-2c56-4bd6-9d0a-3c1a2b1d9e01',
    'io.kubernetes.container.name': 'app',
    'io.cri-containerd.kind': 'container',
  };
  const made = await kubelet.newContainer('4c1d0e', { rootfs, labels, args: ['/bin/sh', '-c', 'exit 2'] });
  const task = await made.newTask({ stdio: 'ignore' });
  await task.start();

  const seen = await agent.loadContainer('4c1d0e');
  console.log(podOf(seen));                                  // { namespace: 'shop', name: 'web-0', uid: '6f1f…', container: 'app', kind: 'container' }
  const exit = await exited;
  assert.equal(exit.code, 2);
  console.log(`${exit.pod.namespace}/${exit.pod.name} ${exit.pod.container} exited ${exit.code}${exit.oomKilled ? ' (OOMKilled)' : ''}`);
  await task.delete();
  await made.delete();
} finally {
  agent.close();
  kubelet.close();
  await daemon.stop();
  rmSync(rootfs, { recursive: true, force: true });
}
