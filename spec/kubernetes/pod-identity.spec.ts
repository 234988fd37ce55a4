import { expect } from 'chai';
import { from, lastValueFrom, toArray } from 'rxjs';
import { forPod } from '../../src/kubernetes/for-pod.js';
import { podOf } from '../../src/kubernetes/pod-identity.js';
import { testScheduler } from '../streams/support.js';

const pod = (name: string, container?: string, kind = 'container'): Record<string, string> => ({
  'io.kubernetes.pod.name': name,
  'io.kubernetes.pod.namespace': 'shop',
  'io.kubernetes.pod.uid': `uid-${name}`,
  ...(container ? { 'io.kubernetes.container.name': container } : {}),
  'io.cri-containerd.kind': kind,
});

describe('pod identity from CRI labels', () => {
  it("decodes a pod's container: namespace, name, uid, container name, kind and the sandbox id annotation", () => {
    const spec = () => ({ annotations: { 'io.kubernetes.cri.sandbox-id': 'sbx-1' } });
    expect(podOf({ id: 'c1', labels: pod('web-0', 'app'), spec })).to.deep.equal({ namespace: 'shop', name: 'web-0', uid: 'uid-web-0', container: 'app', kind: 'container', sandboxId: 'sbx-1' });
  });

  it("decodes a pod's sandbox: its own id is the sandbox id, and it has no container name", () => {
    expect(podOf({ id: 'sbx-1', labels: pod('web-0', undefined, 'sandbox') })).to.deep.equal({ namespace: 'shop', name: 'web-0', uid: 'uid-web-0', kind: 'sandbox', sandboxId: 'sbx-1' });
  });

  it('a container without the pod name and namespace is of no pod; missing optional labels are left out', () => {
    expect(podOf({ labels: {} })).to.equal(undefined);
    expect(podOf({ labels: { 'io.kubernetes.pod.name': 'x' } })).to.equal(undefined);
    expect(podOf({ labels: { 'io.kubernetes.pod.name': 'x', 'io.kubernetes.pod.namespace': 'y' } })).to.deep.equal({ namespace: 'y', name: 'x' });
  });

  it('forPod keeps the containers and the annotated items of one pod (marbles)', async () => {
    const containers = [{ id: 'a', labels: pod('web-0', 'app') }, { id: 'b', labels: pod('web-1', 'app') }, { id: 'c', labels: {} }];
    expect((await lastValueFrom(from(containers).pipe(forPod('shop', 'web-0'), toArray()))).map((c) => c.id)).to.deep.equal(['a']);
    testScheduler().run(({ cold, expectObservable }) => {
      const items = { a: { pod: podOf({ labels: pod('web-0') }) }, b: { pod: podOf({ labels: pod('web-1') }) }, n: { pod: undefined } };
      expectObservable(cold('-a-b-n-a-|', items).pipe(forPod('shop', 'web-0'))).toBe('-a-----a-|', items);
    });
  });
});
