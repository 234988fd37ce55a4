/**
 * The rows of `rx-containerd top`, folded from what comes in: listings of the namespace, its events and resource
 * samples. Pure: a `scan` over inputs, marble-tested in virtual time.
 * @module
 */
import { scan, type OperatorFunction } from 'rxjs';
import type { Envelope } from '../proto/events.js';
import { adoptLabels } from '../supervise/adopt-labels.js';

/** The label a supervisor puts the child's name in (the supervisor's own, {@link adoptLabels}). */
export const CHILD_LABEL = adoptLabels.child;
/** The restart count a supervisor keeps on the container, a decimal string ({@link adoptLabels}). */
export const RESTARTS_LABEL = adoptLabels.restarts;

/** A task's status as the view shows it: the daemon's, or `'no task'` for a container without one. */
export type TopStatus = 'created' | 'running' | 'pausing' | 'paused' | 'stopped' | 'unknown' | 'no task';

/** One container of the namespace and its task, as the view shows it. */
export interface TopRow {
  /** The container's id. */
  readonly id: string;
  /** The supervised child's name (its `rx-containerd/child` label), else the id. */
  readonly name: string;
  readonly status: TopStatus;
  /** The task's pid while it runs (or is created); null otherwise. */
  readonly pid: number | null;
  /** When the task started, in ms since the epoch; null when it is not running or not known. */
  readonly startedAt: number | null;
  /** The last exit code of its task; null before any. */
  readonly exitCode: number | null;
  /** Whether the last exit followed an OOM kill (a `/tasks/oom` event). */
  readonly oomKilled: boolean;
  /** Its supervisor's restart count (its `rx-containerd/restarts` label); null when not supervised. */
  readonly restarts: number | null;
  /** CPU use since the previous sample, in percent of one CPU (`docker stats`' CPU %); null when not sampled. */
  readonly cpuPercent: number | null;
  /** Memory in use, in bytes; null when not sampled. */
  readonly memoryBytes: number | null;
  /** The fleet node the container is on (`top --node`, `--fleet`); absent for one daemon. */
  readonly node?: string;
}

/** One resource sample of a running task. */
export interface TaskSample {
  readonly containerId: string;
  /** CPU use since the previous sample, in percent of one CPU; null when not known (the first sample). */
  readonly cpuPercent: number | null;
  /** Memory in use, in bytes; null when not known. */
  readonly memoryBytes: number | null;
}

/** What the view folds: a listing is the whole namespace; the others change one row. */
export type TopInput =
  /** A listing was asked for: events from now on are replayed over its answer. */
  | { readonly kind: 'listing-asked' }
  /** The namespace's containers and tasks, as listed. */
  | { readonly kind: 'listing'; readonly rows: readonly TopRow[] }
  /** A container's labels, read after it was created. */
  | { readonly kind: 'labels'; readonly id: string; readonly labels: Readonly<Record<string, string>> }
  | { readonly kind: 'event'; readonly envelope: Envelope }
  | { readonly kind: 'sample'; readonly sample: TaskSample };

/** The folded state: the rows by id, and the events seen while a listing was asked for. */
export interface TopState {
  readonly rows: ReadonlyMap<string, TopRow>;
  /** Events since the listing was asked, replayed over its answer (undefined when none is asked). */
  readonly pending: readonly Envelope[] | undefined;
}

/** The state before anything came. */
export const emptyTop: TopState = { rows: new Map(), pending: undefined };

/** A row for container `id` with `labels`, no task. */
export function containerRow(id: string, labels: Readonly<Record<string, string>> = {}): TopRow {
  return { id, ...fromLabels(id, labels), status: 'no task', pid: null, startedAt: null, exitCode: null, oomKilled: false, cpuPercent: null, memoryBytes: null };
}

/**
 * The fold: `(state, input) -> state`. A listing replaces every row, then the events seen since it was asked are
 * applied again (an event the listing already shows changes nothing; one it missed is not lost).
 */
export function foldTop(state: TopState, input: TopInput): TopState {
  switch (input.kind) {
    case 'listing-asked':
      return { ...state, pending: [] };
    case 'listing': {
      // a task still running with the same pid keeps its last sample until the next
      const kept = (r: TopRow): TopRow => {
        const before = state.rows.get(r.id);
        return before !== undefined && r.status === 'running' && before.pid === r.pid ? { ...r, cpuPercent: before.cpuPercent, memoryBytes: before.memoryBytes } : r;
      };
      const rows = new Map(input.rows.map((r) => [r.id, kept(r)]));
      const replayed = (state.pending ?? []).reduce(applyEvent, rows);
      return { rows: replayed, pending: undefined };
    }
    case 'labels': {
      const row = state.rows.get(input.id);
      return row === undefined ? state : withRow(state, { ...row, ...fromLabels(row.id, input.labels) });
    }
    case 'event': {
      const rows = applyEvent(new Map(state.rows), input.envelope);
      return { rows, pending: state.pending === undefined ? undefined : [...state.pending, input.envelope] };
    }
    case 'sample': {
      const { containerId, cpuPercent, memoryBytes } = input.sample;
      const row = state.rows.get(containerId);
      return row === undefined || row.status !== 'running' ? state : withRow(state, { ...row, cpuPercent, memoryBytes });
    }
  }
}

/**
 * The rows, sorted by name, after each input.
 *
 * ```text
 * inputs:  -l--e--s-|     (l: listing of web, e: web's TaskStart, s: a sample of web)
 * topRows: -a--b--c-|     (a: web 'no task', b: web 'running' with its pid, c: b with its CPU % and memory)
 * ```
 */
export function topRows(): OperatorFunction<TopInput, readonly TopRow[]> {
  return (inputs$) =>
    inputs$.pipe(
      scan(foldTop, emptyTop),
      scan((_, state) => [...state.rows.values()].sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id)), [] as readonly TopRow[]),
    );
}

function withRow(state: TopState, row: TopRow): TopState {
  return { ...state, rows: new Map(state.rows).set(row.id, row) };
}

function fromLabels(id: string, labels: Readonly<Record<string, string>>): Pick<TopRow, 'name' | 'restarts'> {
  const restarts = labels[RESTARTS_LABEL];
  return { name: labels[CHILD_LABEL] || id, restarts: restarts !== undefined && /^\d+$/.test(restarts) ? Number(restarts) : null };
}

const idle = { pid: null, startedAt: null, cpuPercent: null, memoryBytes: null } as const;

/** `rows` (a fresh map, changed in place) after `envelope`. */
function applyEvent(rows: Map<string, TopRow>, envelope: Envelope): Map<string, TopRow> {
  const e = envelope.event;
  const change = (id: string, f: (row: TopRow) => TopRow): void => {
    rows.set(id, f(rows.get(id) ?? containerRow(id)));
  };
  switch (e.type) {
    case 'ContainerCreate':
      if (!rows.has(e.id)) rows.set(e.id, containerRow(e.id));
      break;
    case 'ContainerUpdate':
      change(e.id, (r) => ({ ...r, ...fromLabels(r.id, e.labels) }));
      break;
    case 'ContainerDelete':
      rows.delete(e.id);
      break;
    case 'TaskCreate':
      change(e.containerId, (r) => ({ ...r, ...idle, status: 'created', pid: e.pid, oomKilled: false }));
      break;
    case 'TaskStart':
      change(e.containerId, (r) => ({ ...r, status: 'running', pid: e.pid, startedAt: envelope.timestamp.getTime() }));
      break;
    case 'TaskPaused':
      change(e.containerId, (r) => ({ ...r, status: 'paused' }));
      break;
    case 'TaskResumed':
      change(e.containerId, (r) => ({ ...r, status: 'running' }));
      break;
    case 'TaskOOM':
      change(e.containerId, (r) => ({ ...r, oomKilled: true }));
      break;
    case 'TaskExit':
      // an exec's exit leaves the task as it is
      if (e.id === e.containerId || e.id === '') change(e.containerId, (r) => ({ ...r, ...idle, status: 'stopped', exitCode: e.exitStatus }));
      break;
    case 'TaskDelete':
      if (e.id === e.containerId || e.id === '') change(e.containerId, (r) => ({ ...r, ...idle, status: 'no task', exitCode: e.exitStatus }));
      break;
    default:
      break;
  }
  return rows;
}
