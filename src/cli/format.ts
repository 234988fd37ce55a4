/**
 * How the CLI shows events, statuses and durations.
 * @module
 */
import type { Envelope } from '../proto/events.js';
import { containerOf, processOf } from '../streams/event-keys.js';

/** `12:03:04.567` */
export function clock(d: Date): string {
  return d.toISOString().slice(11, 23);
}

/** `3.2s`, `5m12s`, `2h03m` */
export function duration(ms: number): string {
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const s = Math.floor(ms / 1000);
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** One readable line per event: time, topic, container, exec, exit code. */
export function eventLine(e: Envelope): string {
  const container = containerOf(e.event) ?? '';
  const proc = processOf(e.event);
  const exec = proc !== undefined && proc !== container && proc !== '' ? ` exec=${proc}` : '';
  const extra = e.event.type === 'TaskExit' ? ` code=${e.event.exitStatus}` : e.event.type === 'TaskStart' || e.event.type === 'TaskExecStarted' ? ` pid=${e.event.pid}` : e.event.type === 'Unknown' ? ` type=${e.event.typeUrl}` : '';
  return `${clock(e.timestamp)}  ${e.topic.padEnd(20)} ${container}${exec}${extra}`;
}

/** One JSON line per event; bytes as base64, dates as ISO strings. */
export function eventJson(e: Envelope): string {
  return JSON.stringify(e, (_key, value: unknown) =>
    value instanceof Uint8Array ? Buffer.from(value).toString('base64') : value,
  );
}

/** Pads columns of a table of strings. */
export function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ')).join('\n');
}

/** `512 B`, `3.4 KiB`, `1.2 MiB`, `2.0 GiB` */
export function bytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? `${n} B` : `${v.toFixed(1)} ${units[u]}`;
}

/** A digest shortened for a table: `sha256:0123456789ab`. */
export function shortDigest(digest: string): string {
  const at = digest.indexOf(':');
  return at < 0 ? digest.slice(0, 12) : digest.slice(0, at + 13);
}
