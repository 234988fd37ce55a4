import { containerOf, processOf } from '../streams/event-keys.js';
/** `12:03:04.567` */
export function clock(d) {
    return d.toISOString().slice(11, 23);
}
/** `3.2s`, `5m12s`, `2h03m` */
export function duration(ms) {
    if (ms < 60_000)
        return `${(ms / 1000).toFixed(1)}s`;
    const s = Math.floor(ms / 1000);
    if (s < 3600)
        return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
    return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}
/** One readable line per event: time, topic, container, exec, exit code. */
export function eventLine(e) {
    const container = containerOf(e.event) ?? '';
    const proc = processOf(e.event);
    const exec = proc !== undefined && proc !== container && proc !== '' ? ` exec=${proc}` : '';
    const extra = e.event.type === 'TaskExit' ? ` code=${e.event.exitStatus}` : e.event.type === 'TaskStart' || e.event.type === 'TaskExecStarted' ? ` pid=${e.event.pid}` : e.event.type === 'Unknown' ? ` type=${e.event.typeUrl}` : '';
    return `${clock(e.timestamp)}  ${e.topic.padEnd(20)} ${container}${exec}${extra}`;
}
/** One JSON line per event; bytes as base64, dates as ISO strings. */
export function eventJson(e) {
    return JSON.stringify(e, (_key, value) => value instanceof Uint8Array ? Buffer.from(value).toString('base64') : value);
}
/** Pads columns of a table of strings. */
export function table(rows) {
    const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
    return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ')).join('\n');
}
//# sourceMappingURL=format.js.map