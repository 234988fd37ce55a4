/**
 * One record of a log file in the CRI log format (Kubernetes' kubelet writes the same), and the lines they
 * make. A record is `<time> <stream> <tag> <text>`: the time in RFC 3339 with nanoseconds, `stdout` or `stderr`,
 * `F` for a full line or `P` for a part of a long one (the parts and the closing `F` make one line). A record
 * that does not parse is skipped, never an error: a log written by something else must not break a reader.
 * @module
 */

/** Which output a line came from. */
export type LogStream = 'stdout' | 'stderr';

/** One line a process wrote, as its log keeps it. */
export interface LogLine {
  /** When the logger read it (to the millisecond; `timestamp` has the nanoseconds). */
  readonly time: Date;
  /** The time as the log file has it: RFC 3339 with nanoseconds, UTC (`2026-11-30T13:43:18.476005336Z`). */
  readonly timestamp: string;
  /** `'stdout'` or `'stderr'`. */
  readonly stream: LogStream;
  /** The line, UTF-8 decoded, without its newline. */
  readonly text: string;
}

/** One record of a log file, parsed. */
export interface LogRecord {
  /** The time as written. */
  readonly timestamp: string;
  /** The same as a Date. */
  readonly time: Date;
  /** The stream. */
  readonly stream: LogStream;
  /** True for a `P` record: a part of a line that goes on in the next record of its stream. */
  readonly partial: boolean;
  /** The bytes of the text. */
  readonly text: Buffer;
}

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
const SPACE = 0x20;

/** Parses one record (the bytes of a line of the file, without its newline); undefined when it is malformed. */
export function parseLogRecord(line: Buffer): LogRecord | undefined {
  const end = line.indexOf(SPACE);
  if (end < 20 || end > 40) return undefined;
  const timestamp = line.toString('latin1', 0, end);
  if (!TIMESTAMP.test(timestamp)) return undefined;
  const stream = line.toString('latin1', end + 1, end + 7);
  if (stream !== 'stdout' && stream !== 'stderr') return undefined;
  const tag = line[end + 8];
  if (line[end + 7] !== SPACE || (tag !== 0x46 && tag !== 0x50) || line.length < end + 10 || line[end + 9] !== SPACE) return undefined;
  const time = new Date(timestamp);
  if (Number.isNaN(time.getTime())) return undefined;
  return { timestamp, time, stream, partial: tag === 0x50, text: line.subarray(end + 10) };
}

/**
 * Joins the parts of long lines back into lines, per stream: each record in, a whole line out when one ends.
 * A line takes the time of its first part.
 */
export class LineJoiner {
  private readonly parts: Record<LogStream, LogRecord[]> = { stdout: [], stderr: [] };

  /** Takes a record; returns the line it completes, if any. */
  push(record: LogRecord): LogLine | undefined {
    const parts = this.parts[record.stream];
    if (record.partial) {
      parts.push(record);
      return undefined;
    }
    const first = parts[0] ?? record;
    const text = parts.length === 0 ? record.text.toString('utf8') : Buffer.concat([...parts.map((p) => p.text), record.text]).toString('utf8');
    parts.length = 0;
    return { time: first.time, timestamp: first.timestamp, stream: record.stream, text };
  }

  /** The unfinished lines, each as it stands (the logger ended before their last part). */
  flush(): LogLine[] {
    const lines: LogLine[] = [];
    for (const stream of ['stdout', 'stderr'] as const) {
      const parts = this.parts[stream];
      if (parts.length > 0) {
        const first = parts[0]!;
        lines.push({ time: first.time, timestamp: first.timestamp, stream, text: Buffer.concat(parts.map((p) => p.text)).toString('utf8') });
        parts.length = 0;
      }
    }
    return lines;
  }
}

/**
 * Cuts bytes read from a log file into records: whole lines only, the rest kept for the next chunk (a record
 * the logger is still writing).
 */
export class RecordSplitter {
  private rest: Buffer = Buffer.alloc(0);

  /** Takes the next bytes of the file; returns the records of the lines they complete (malformed ones left out). */
  push(chunk: Buffer): LogRecord[] {
    const data = this.rest.length === 0 ? chunk : Buffer.concat([this.rest, chunk]);
    const records: LogRecord[] = [];
    let start = 0;
    for (let nl = data.indexOf(0x0a, start); nl !== -1; nl = data.indexOf(0x0a, start)) {
      const record = parseLogRecord(data.subarray(start, nl));
      if (record) records.push(record);
      start = nl + 1;
    }
    this.rest = Buffer.from(data.subarray(start));
    return records;
  }

  /** Drops an unfinished line (at the end of a rotated file, which will not grow). */
  reset(): void {
    this.rest = Buffer.alloc(0);
  }
}
