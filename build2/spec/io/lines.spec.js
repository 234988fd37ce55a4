import { expect } from 'chai';
import { from, take } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { lineChunks } from '../../src/process/io/sink.js';
import { lines } from '../../src/process/io/lines.js';
import { prng } from '../support/prng.js';
function scheduler() {
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
describe('lines() on long lines and many chunks', () => {
    /** Runs `chunks` through lines() synchronously and collects what it emits. */
    function collect(chunks) {
        const out = [];
        from(chunks).pipe(lines()).subscribe((line) => out.push(line));
        return out;
    }
    /** What lines() promises, computed on the whole text at once. */
    function expected(text) {
        const parts = text.split('\n');
        if (parts[parts.length - 1] === '')
            parts.pop();
        return parts.map((p) => (p.endsWith('\r') ? p.slice(0, -1) : p));
    }
    it('joins a line that arrives one byte at a time', () => {
        const line = 'x'.repeat(10_000);
        const bytes = Buffer.from(`${line}\nnext\n`);
        const chunks = Array.from(bytes, (b) => Buffer.of(b));
        expect(collect(chunks)).to.deep.equal([line, 'next']);
    });
    it('joins a line across chunk borders and keeps the text after the last newline', () => {
        expect(collect(['ab', 'cd\nef', 'gh', 'ij\nk', 'l'])).to.deep.equal(['abcd', 'efghij', 'kl']);
    });
    it('strips CR LF when the CR ends a chunk of a long line and the LF starts the next', () => {
        expect(collect(['a'.repeat(5000), 'b'.repeat(5000) + '\r', '\nc\r\n'])).to.deep.equal(['a'.repeat(5000) + 'b'.repeat(5000), 'c']);
    });
    it('splits random text cut at random byte offsets exactly as a split of the whole text (seeded)', () => {
        const alphabet = ['a', 'b', 'é', '→', '🙂', '\n', '\r\n', '\r', ' '];
        for (let seed = 1; seed <= 200; seed++) {
            const rand = prng(seed);
            const pick = (n) => Math.floor(rand() * n);
            const long = rand() < 0.3 ? 'L'.repeat(pick(50_000)) : '';
            const text = long + Array.from({ length: pick(400) }, () => alphabet[pick(alphabet.length)]).join('') + long;
            const bytes = Buffer.from(text);
            const chunks = [];
            for (let at = 0; at < bytes.length;) {
                const size = 1 + pick(rand() < 0.5 ? 8 : 4096);
                chunks.push(bytes.subarray(at, at + size));
                at += size;
            }
            expect(collect(chunks), `seed ${seed}`).to.deep.equal(expected(text));
        }
    });
});
describe('lineChunks()', () => {
    it('regroups bytes so that every chunk ends at a newline', () => {
        scheduler().run(({ cold, expectObservable }) => {
            const b = (text) => Buffer.from(text);
            const source = cold('-a-b-c-|', { a: b('x\ny'), b: b('z'), c: b('\nw') });
            expectObservable(source.pipe(lineChunks())).toBe('-x---y-(z|)', { x: b('x\n'), y: b('yz\n'), z: b('w') });
        });
    });
    it('lets a line longer than the limit through in pieces', () => {
        scheduler().run(({ cold, expectObservable }) => {
            const b = (text) => Buffer.from(text);
            const source = cold('-a-b-|', { a: b('12345'), b: b('6\n') });
            expectObservable(source.pipe(lineChunks(4))).toBe('-x-y-|', { x: b('12345'), y: b('6\n') });
        });
    });
});
//# sourceMappingURL=lines.spec.js.map