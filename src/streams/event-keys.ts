/**
 * Which container and which process an event is about: the key the demux index and the filter operators use.
 * @module
 */
import type { ContainerdEvent } from '../proto/events.js';

/** The container an event concerns, or undefined for image, content, snapshot and unknown events. */
export function containerOf(event: ContainerdEvent): string | undefined {
  switch (event.type) {
    case 'ContainerCreate':
    case 'ContainerUpdate':
    case 'ContainerDelete':
      return event.id;
    case 'Unknown':
    case 'ImageCreate':
    case 'ImageUpdate':
    case 'ImageDelete':
    case 'ContentCreate':
    case 'ContentDelete':
    case 'SnapshotPrepare':
    case 'SnapshotCommit':
    case 'SnapshotRemove':
      return undefined;
    default:
      return event.containerId;
  }
}

/**
 * The process an event concerns: the container id for the init process, the exec id for an exec;
 * undefined for container events and unknown ones.
 */
export function processOf(event: ContainerdEvent): string | undefined {
  switch (event.type) {
    case 'TaskExit':
    case 'TaskDelete':
      // a TaskDelete of the whole task may leave id empty: it is the init process
      return event.id === '' ? event.containerId : event.id;
    case 'TaskExecAdded':
    case 'TaskExecStarted':
      return event.execId;
    case 'TaskCreate':
    case 'TaskStart':
    case 'TaskOOM':
    case 'TaskPaused':
    case 'TaskResumed':
    case 'TaskCheckpointed':
      return event.containerId;
    default:
      return undefined;
  }
}

/** The demux key of a process: container id and process id (container id again for init). */
export function processKey(containerId: string, processId: string = containerId): string {
  return `${containerId}\u0000${processId}`;
}
