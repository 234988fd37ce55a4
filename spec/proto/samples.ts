/** One sample of every known event, every field set to a non-default value. */
import type { KnownEvent } from '../../src/proto/any.js';

export const SAMPLE_EVENTS: readonly KnownEvent[] = [
  {
    type: 'TaskCreate', containerId: 'web', bundle: '/run/containerd/io.containerd.runtime.v2.task/ns/web',
    rootfs: [{ type: 'bind', source: '/tmp/rootfs', target: '/', options: ['rbind', 'rw'] }],
    io: { stdin: '/tmp/in', stdout: '/tmp/out', stderr: '/tmp/err', terminal: true },
    checkpoint: 'cp1', pid: 4242,
  },
  { type: 'TaskStart', containerId: 'web', pid: 4242 },
  { type: 'TaskDelete', containerId: 'web', pid: 4242, exitStatus: 137, exitedAt: new Date('2024-05-01T10:00:00.123Z'), id: 'web' },
  { type: 'TaskExit', containerId: 'web', id: 'exec-1', pid: 4243, exitStatus: 7, exitedAt: new Date('2024-05-01T10:00:01.456Z') },
  { type: 'TaskOOM', containerId: 'web' },
  { type: 'TaskExecAdded', containerId: 'web', execId: 'exec-1' },
  { type: 'TaskExecStarted', containerId: 'web', execId: 'exec-1', pid: 4243 },
  { type: 'TaskPaused', containerId: 'web' },
  { type: 'TaskResumed', containerId: 'web' },
  { type: 'TaskCheckpointed', containerId: 'web', checkpoint: 'sha256:abc' },
  { type: 'ContainerCreate', id: 'web', image: 'docker.io/library/busybox:latest', runtime: { name: 'io.containerd.runc.v2' } },
  { type: 'ContainerUpdate', id: 'web', image: 'busybox', labels: { app: 'demo', tier: 'x' }, snapshotKey: 'web-snap' },
  { type: 'ContainerDelete', id: 'web' },
  { type: 'ImageCreate', name: 'docker.io/library/busybox:latest', labels: { 'a.b': 'c' } },
  { type: 'ImageUpdate', name: 'docker.io/library/busybox:latest', labels: {} },
  { type: 'ImageDelete', name: 'docker.io/library/busybox:latest' },
  { type: 'ContentCreate', digest: 'sha256:' + 'cd'.repeat(32), size: 11 },
  { type: 'ContentDelete', digest: 'sha256:' + 'ab'.repeat(32) },
  { type: 'SnapshotPrepare', key: 'extract-1 sha256:' + '01'.repeat(32), parent: 'sha256:' + '02'.repeat(32) },
  { type: 'SnapshotCommit', key: 'extract-1 sha256:' + '01'.repeat(32), name: 'sha256:' + '01'.repeat(32) },
  { type: 'SnapshotRemove', key: 'web' },
];
