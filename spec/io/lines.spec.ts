import { expect } from 'chai';
import { take } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { lineChunks } from '../../src/process/io/sink.js';
import { lines } from '../../src/process/io/lines.js';

function scheduler(): TestScheduler {
  return new TestScheduler((actual, expected) => {
    expect(actual).to.deep.equal(expected);
  });
}

describe('lines()', () => {
  it('splits on \\n across chunk boundaries', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const source = cold('-a-b-c-|', { a: 'one\ntw', b: 'o\nthr', c: 'ee\n' });
      expectObservable(source.pipe(lines())).toBe('-x-y-z-|', { x: 'one', y: 'two', z: 'three' });
    });
  });

  it('strips \\r\\n, even when \\r and \\n arrive in different chunks', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const source = cold('-a-b-----|', { a: 'dos\r\nline\r', b: '\nend\r\n' });
      expectObservable(source.pipe(lines())).toBe('-x-(yz)--|', { x: 'dos', y: 'line', z: 'end' });
    });
  });

  it('emits a partial last line at completion', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const source = cold('-a-b-|', { a: 'full\npar', b: 'tial' });
      expectObservable(source.pipe(lines())).toBe('-x---(y|)', { x: 'full', y: 'partial' });
    });
  });

  it('keeps empty lines but makes no empty line after a final newline', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const source = cold('-a------|', { a: 'a\n\nb\n' });
      expectObservable(source.pipe(lines())).toBe('-(xyz)--|', { x: 'a', y: '', z: 'b' });
    });
  });

  it('decodes a multi-byte UTF-8 character split across chunks', () => {
    const bytes = Buffer.from('héllo → wörld 🙂\n', 'utf8');
    const at = bytes.indexOf(Buffer.from('🙂', 'utf8')) + 2; // inside the 4-byte emoji
    const arrow = bytes.indexOf(Buffer.from('→', 'utf8')) + 1; // inside the 3-byte arrow
    scheduler().run(({ cold, expectObservable }) => {
      const source = cold('-a-b-c-|', { a: bytes.subarray(0, arrow), b: bytes.subarray(arrow, at), c: bytes.subarray(at) });
      expectObservable(source.pipe(lines())).toBe('-----x-|', { x: 'héllo → wörld 🙂' });
    });
  });

  it('emits the partial line before passing an error on', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const source = cold('-a-#', { a: Buffer.from('done\nhal') }, new Error('boom'));
      expectObservable(source.pipe(lines())).toBe('-x-(y#)', { x: 'done', y: 'hal' }, new Error('boom'));
    });
  });

  it('stops emitting once the subscriber is gone (take)', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const source = cold('-a-|', { a: '1\n2\n3\n' });
      expectObservable(source.pipe(lines(), take(1))).toBe('-(x|)', { x: '1' });
    });
  });
});

describe('lineChunks()', () => {
  it('regroups bytes so that every chunk ends at a newline', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const b = (text: string): Buffer => Buffer.from(text);
      const source = cold('-a-b-c-|', { a: b('x\ny'), b: b('z'), c: b('\nw') });
      expectObservable(source.pipe(lineChunks())).toBe('-x---y-(z|)', { x: b('x\n'), y: b('yz\n'), z: b('w') });
    });
  });

  it('lets a line longer than the limit through in pieces', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const b = (text: string): Buffer => Buffer.from(text);
      const source = cold('-a-b-|', { a: b('12345'), b: b('6\n') });
      expectObservable(source.pipe(lineChunks(4))).toBe('-x-y-|', { x: b('12345'), y: b('6\n') });
    });
  });
});
