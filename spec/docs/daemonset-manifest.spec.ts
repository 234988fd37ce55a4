/**
 * The node agent's DaemonSet in examples/ is YAML Kubernetes would take, with the fields that make it a
 * read-only watcher of each node's containerd; docs/kubernetes.md shows it whole.
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const file = 'examples/node-agent-daemonset.yaml';
const text = readFileSync(join(root, file), 'utf8');

interface Container {
  name: string;
  image: string;
  env: Array<{ name: string; value?: string; valueFrom?: { fieldRef?: { fieldPath: string } } }>;
  volumeMounts: Array<{ name: string; mountPath: string; readOnly?: boolean }>;
  securityContext: { readOnlyRootFilesystem?: boolean; allowPrivilegeEscalation?: boolean };
}
interface DaemonSet {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
  spec: {
    selector: { matchLabels: Record<string, string> };
    template: {
      metadata: { labels: Record<string, string> };
      spec: { containers: Container[]; volumes: Array<{ name: string; hostPath?: { path: string; type?: string } }>; tolerations?: unknown[] };
    };
  };
}

describe(`${file}: the node agent's DaemonSet`, () => {
  const docs = parseAllDocuments(text);

  it('is one YAML document without errors or warnings', () => {
    expect(docs).to.have.length(1);
    expect(docs[0]!.errors.map((e) => e.message)).to.deep.equal([]);
    expect(docs[0]!.warnings.map((e) => e.message)).to.deep.equal([]);
  });

  it('is an apps/v1 DaemonSet whose selector matches its pods', () => {
    const ds = docs[0]!.toJS() as DaemonSet;
    expect([ds.apiVersion, ds.kind]).to.deep.equal(['apps/v1', 'DaemonSet']);
    expect(ds.metadata.name).to.match(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
    expect(ds.spec.template.metadata.labels).to.include(ds.spec.selector.matchLabels);
    expect(ds.spec.template.spec.tolerations, 'runs on every node').to.deep.include({ operator: 'Exists' });
  });

  it("mounts the node's containerd socket read-only and watches namespace k8s.io through it", () => {
    const pod = (docs[0]!.toJS() as DaemonSet).spec.template.spec;
    const [agent] = pod.containers;
    const env = Object.fromEntries(agent!.env.map((e) => [e.name, e.value ?? e.valueFrom?.fieldRef?.fieldPath]));
    expect(env).to.deep.equal({ CONTAINERD_ADDRESS: '/run/containerd/containerd.sock', CONTAINERD_NAMESPACE: 'k8s.io', NODE_NAME: 'spec.nodeName' });
    const mount = agent!.volumeMounts.find((m) => m.mountPath === env['CONTAINERD_ADDRESS']);
    expect(mount, 'the socket is mounted where CONTAINERD_ADDRESS says').to.include({ readOnly: true });
    const volume = pod.volumes.find((v) => v.name === mount!.name);
    expect(volume?.hostPath).to.deep.equal({ path: '/run/containerd/containerd.sock', type: 'Socket' });
    expect(agent!.securityContext).to.include({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
  });

  it('is shown whole in docs/kubernetes.md', () => {
    const doc = readFileSync(join(root, 'docs/kubernetes.md'), 'utf8');
    const block = /<!-- manifest: examples\/node-agent-daemonset\.yaml -->\s*```yaml\n([\s\S]*?)\n```/.exec(doc)?.[1];
    expect(block, 'a ```yaml block after <!-- manifest: examples/node-agent-daemonset.yaml -->').to.equal(text.trimEnd());
  });
});
