/**
 * Reading log files without a daemon: the CRI records parsed, long lines joined from their parts, malformed
 * records skipped, rotated files read oldest first, and a follower that sees the file turn over.
 */
import { expect } from 'chai';
import { appendFileSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lastValueFrom, Subject, toArray } from 'rxjs';
import { LineJoiner, parseLogRecord, RecordSplitter } from '../../src/process/logs/log-line.js';
import { checkLogOptions, logLabels, logLocation, loggerUri } from '../../src/process/logs/log-options.js';
import { readLogs$ } from '../../src/process/logs/read-logs.js';
import { InvalidArgumentError } from '../../src/client/errors.js';

const T = (s: number): string => `2026-11-30T12:00:${String(s).padStart(2, '0')}.000000001Z`;
const rec = (s: number, stream: string, tag: string, text: string): string => `${T(s)} ${stream} ${tag} ${text}\n`;

describe('log records and log files', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rxc-log-read-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const location = () => ({ dir, maxBytes: 4096, keep: 3 });

  it('parses a record: time with its nanoseconds, stream, full or partial, the text with its spaces', () => {
    const r = parseLogRecord(Buffer.from(`${T(1)} stderr P  two  spaces `))!;
    expect(r).to.include({ timestamp: T(1), stream: 'stderr', partial: true });
    expect(r.time.toISOString()).to.equal('2026-11-30T12:00:01.000Z');
    expect(r.text.toString()).to.equal(' two  spaces ');
    expect(parseLogRecord(Buffer.from(`${T(1)} stdout F `))!.text.toString()).to.equal('');
  });

  it('skips what is not a record', () => {
    for (const bad of ['', 'hello', `${T(1)} stdin F x`, `${T(1)} stdout X x`, `${T(1)} stdout F`, `yesterday stdout F x`, `2026-13-45T99:00:00Z stdout F x`, `${T(1)}  stdout F x`]) {
      expect(parseLogRecord(Buffer.from(bad)), bad).to.equal(undefined);
    }
  });

  it('joins the parts of a long line, per stream, across chunks split anywhere (a UTF-8 character too)', () => {
    const text = rec(1, 'stdout', 'P', 'ab\u00e9'.slice(0, 2)) + rec(1, 'stderr', 'F', 'between') + rec(2, 'stdout', 'F', '\u00e9z');
    const bytes = Buffer.from(text);
    const splitter = new RecordSplitter();
    const joiner = new LineJoiner();
    const lines = [];
    for (let i = 0; i < bytes.length; i += 7) {
      for (const r of splitter.push(bytes.subarray(i, i + 7))) {
        const line = joiner.push(r);
        if (line) lines.push(line);
      }
    }
    expect(lines.map((l) => [l.stream, l.text, l.timestamp])).to.deep.equal([
      ['stderr', 'between', T(1)],
      ['stdout', 'ab\u00e9z', T(1)],
    ]);
  });

  it('reads the rotated files oldest first, then the current one, skipping malformed lines', async () => {
    writeFileSync(join(dir, 'output.log.2'), rec(1, 'stdout', 'F', 'one') + 'garbage\n');
    writeFileSync(join(dir, 'output.log.1'), rec(2, 'stderr', 'F', 'two') + '\u0000\u0001\n' + rec(3, 'stdout', 'F', 'three'));
    writeFileSync(join(dir, 'output.log'), `${T(4)} stdout F four\nnot a record either\n` + rec(5, 'stdout', 'F', 'five'));
    const lines = await lastValueFrom(readLogs$(location(), {}).pipe(toArray()));
    expect(lines.map((l) => l.text)).to.deep.equal(['one', 'two', 'three', 'four', 'five']);
    const tail = await lastValueFrom(readLogs$(location(), { tail: 2, stream: 'stdout' }).pipe(toArray()));
    expect(tail.map((l) => l.text)).to.deep.equal(['four', 'five']);
    const since = await lastValueFrom(readLogs$(location(), { since: new Date('2026-11-30T12:00:03Z') }).pipe(toArray()));
    expect(since.map((l) => l.text)).to.deep.equal(['three', 'four', 'five']);
  });

  it('reads nothing from a folder without files, and checks its options', async () => {
    expect(await lastValueFrom(readLogs$({ dir: join(dir, 'none'), maxBytes: 4096, keep: 1 }, {}).pipe(toArray()))).to.deep.equal([]);
    expect(() => readLogs$(location(), { tail: -1 })).to.throw(TypeError, /tail/);
    expect(() => readLogs$(location(), { stream: 'stdin' as 'stdout' })).to.throw(TypeError, /stream/);
  });

  it('follows the file as it grows and turns over, and ends once the task ended and the log is still', async () => {
    writeFileSync(join(dir, 'output.log'), rec(1, 'stdout', 'F', 'a'));
    const ended = new Subject<void>();
    const seen: string[] = [];
    const done = lastValueFrom(readLogs$(location(), { follow: true, pollMs: 10, drainMs: 100 }, ended).pipe(toArray()));
    const sub = readLogs$(location(), { follow: true, pollMs: 10 }).subscribe((l) => seen.push(l.text));
    await new Promise((r) => setTimeout(r, 50));
    appendFileSync(join(dir, 'output.log'), rec(2, 'stdout', 'F', 'b'));
    await new Promise((r) => setTimeout(r, 50));
    // rotated twice between two looks: b's file is now .2, c's .1
    renameSync(join(dir, 'output.log'), join(dir, 'output.log.1'));
    writeFileSync(join(dir, 'output.log'), rec(3, 'stderr', 'F', 'c'));
    renameSync(join(dir, 'output.log.1'), join(dir, 'output.log.2'));
    renameSync(join(dir, 'output.log'), join(dir, 'output.log.1'));
    writeFileSync(join(dir, 'output.log'), rec(4, 'stdout', 'F', 'd'));
    await new Promise((r) => setTimeout(r, 50));
    ended.next();
    appendFileSync(join(dir, 'output.log'), rec(5, 'stdout', 'F', 'e'));
    expect((await done).map((l) => l.text)).to.deep.equal(['a', 'b', 'c', 'd', 'e']);
    sub.unsubscribe();
    expect(seen).to.deep.equal(['a', 'b', 'c', 'd', 'e']);
  });

  it('checks the log option and records it in labels that read back', () => {
    const log = checkLogOptions({ dir: '/var/log/x', maxBytes: 65536, keep: 2 }, 'ns', 'web', 'Create');
    expect(logLocation(logLabels(log))).to.deep.equal(log);
    expect(checkLogOptions(true, 'ns', 'web', 'Create')).to.deep.equal({ dir: '/var/log/rx-containerd/ns/web', maxBytes: 10 << 20, keep: 5 });
    expect(() => checkLogOptions({ dir: 'relative' }, 'ns', 'web', 'Create')).to.throw(InvalidArgumentError, /log\.dir/);
    expect(() => checkLogOptions({ maxBytes: 100 }, 'ns', 'web', 'Create')).to.throw(InvalidArgumentError, /log\.maxBytes.*100/);
    expect(() => checkLogOptions({ keep: 0 }, 'ns', 'web', 'Create')).to.throw(InvalidArgumentError, /log\.keep.*0/);
    expect(logLocation({ 'rx-containerd/log.dir': 'not absolute' })).to.equal(undefined);
    expect(loggerUri('/opt/rxc logger', log)).to.equal('binary:///opt/rxc%20logger?dir=%2Fvar%2Flog%2Fx&max=65536&keep=2');
  });
});
