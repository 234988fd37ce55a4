/**
 * Pod identity from the labels Kubernetes' CRI puts on containerd containers. The kubelet sets
 * `io.kubernetes.pod.name`, `io.kubernetes.pod.namespace`, `io.kubernetes.pod.uid` and (on a pod's
 * containers, not its sandbox) `io.kubernetes.container.name`; containerd's CRI plugin adds
 * `io.cri-containerd.kind` (`sandbox` or `container`) and writes the sandbox's id into each container's OCI spec
 * as the annotation `io.kubernetes.cri.sandbox-id`.
 * @module
 */

/** The labels and annotation that carry a pod's identity, by the names the kubelet and containerd's CRI plugin give them. */
export const CriLabels = {
  /** The pod's name (kubelet). */
  podName: 'io.kubernetes.pod.name',
  /** The pod's Kubernetes namespace (kubelet). */
  podNamespace: 'io.kubernetes.pod.namespace',
  /** The pod's uid (kubelet). */
  podUid: 'io.kubernetes.pod.uid',
  /** The container's name in the pod spec (kubelet; absent on the sandbox). */
  containerName: 'io.kubernetes.container.name',
  /** `sandbox` for a pod's sandbox (pause) container, `container` for the others (containerd's CRI plugin). */
  kind: 'io.cri-containerd.kind',
  /** The OCI spec annotation naming the pod's sandbox container (containerd's CRI plugin). */
  sandboxIdAnnotation: 'io.kubernetes.cri.sandbox-id',
} as const;

/** The namespace containerd's CRI plugin makes every Kubernetes container in. */
export const K8S_NAMESPACE = 'k8s.io';

/** Who a container belongs to in Kubernetes, as its CRI labels say. */
export interface PodIdentity {
  /** The pod's Kubernetes namespace (not containerd's). */
  readonly namespace: string;
  /** The pod's name. */
  readonly name: string;
  /** The pod's uid, when labelled. */
  readonly uid?: string;
  /** The container's name in the pod spec; absent for the sandbox. */
  readonly container?: string;
  /** `sandbox` or `container`, when labelled. */
  readonly kind?: 'sandbox' | 'container';
  /** The id of the pod's sandbox container: the spec annotation's, or the container's own for a sandbox; absent when unknown. */
  readonly sandboxId?: string;
}

/** What {@link podOf} reads: a container (`Container` is one), or its labels with its id and OCI annotations. */
export interface PodSource {
  /** The container's labels. */
  readonly labels: Readonly<Record<string, string>>;
  /** The container's id. */
  readonly id?: string;
  /** The container's OCI spec, read for the sandbox id annotation (`Container.spec()` is one). */
  spec?(): AnnotatedSpec | undefined;
}

/** The part of an OCI spec {@link podOf} reads. */
export interface AnnotatedSpec {
  /** The spec's annotations (`io.kubernetes.cri.sandbox-id` among them for a pod's container). */
  readonly annotations?: Readonly<Record<string, string>>;
}

/**
 * The pod a container belongs to, from its CRI labels; undefined for a container without the pod's name and
 * namespace (one not made by a kubelet).
 *
 * @example
 * ```ts
 * podOf({ labels: { 'io.kubernetes.pod.name': 'web-0', 'io.kubernetes.pod.namespace': 'shop', 'io.kubernetes.container.name': 'app' } });
 * // { namespace: 'shop', name: 'web-0', container: 'app' }
 * ```
 */
export function podOf(source: PodSource): PodIdentity | undefined {
  const labels = source.labels ?? {};
  const name = labels[CriLabels.podName];
  const namespace = labels[CriLabels.podNamespace];
  if (!name || !namespace) return undefined;
  const uid = labels[CriLabels.podUid];
  const container = labels[CriLabels.containerName];
  const k = labels[CriLabels.kind];
  const kind = k === 'sandbox' || k === 'container' ? k : undefined;
  const annotated = typeof source.spec === 'function' ? source.spec()?.annotations?.[CriLabels.sandboxIdAnnotation] : undefined;
  const sandboxId = annotated || (kind === 'sandbox' ? source.id : undefined);
  return {
    namespace,
    name,
    ...(uid ? { uid } : {}),
    ...(container && kind !== 'sandbox' ? { container } : {}),
    ...(kind ? { kind } : {}),
    ...(sandboxId ? { sandboxId } : {}),
  };
}

/** Whether `pod` is the pod `name` of Kubernetes namespace `namespace`. */
export function isPod(pod: PodIdentity | undefined, namespace: string, name: string): boolean {
  return pod !== undefined && pod.namespace === namespace && pod.name === name;
}
