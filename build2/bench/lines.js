/**
 * Time per MiB of lines() as one line grows from 1 to 32 MiB, against a baseline in the same run: the same
 * number of bytes as 80-character lines. Bytes arrive in 64 KiB chunks, as a FIFO reader hands them on.
 * Linear means the long line's time per MiB stays flat as it grows, and its ratio to the baseline with it.
 *
 * Sizes and modes are interleaved within each repetition; each figure is the median of the repetitions.
 *
 *   npx tsc -p tsconfig.json && node build/bench/lines.js [repetitions=5]
 */
import { from, reduce, lastValueFrom } from 'rxjs';
import { lines } from '../src/process/io/lines.js';
const MiB = 1024 * 1024;
const CHUNK = 64 * 1024;
const SIZES_MIB = [1, 2, 4, 8, 16, 32];
const REPETITIONS = Number(process.argv[2] ?? 5);
function chunksOf(mode, bytes) {
    const text = Buffer.alloc(bytes, 'x');
    if (mode === 'baseline')
        for (let i = 80; i < bytes; i += 81)
            text[i] = 0x0a;
    text[bytes - 1] = 0x0a;
    const chunks = [];
    for (let at = 0; at < bytes; at += CHUNK)
        chunks.push(text.subarray(at, at + CHUNK));
    return chunks;
}
/** Milliseconds to split `chunks` into lines; checks that every byte came out. */
async function measure(chunks, bytes) {
    const start = process.hrtime.bigint();
    const { count, length } = await lastValueFrom(from(chunks).pipe(lines(), reduce((acc, line) => ({ count: acc.count + 1, length: acc.length + line.length + 1 }), { count: 0, length: 0 })));
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (length !== bytes || count === 0)
        throw new Error(`lost bytes: ${length} of ${bytes}`);
    return ms;
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const inputs = new Map();
const times = new Map();
const key = (mode, mib) => `${mode} ${mib}`;
for (const mib of SIZES_MIB)
    for (const mode of ['one line', 'baseline'])
        inputs.set(key(mode, mib), chunksOf(mode, mib * MiB));
await measure(inputs.get(key('one line', 1)), MiB); // warm-up
await measure(inputs.get(key('baseline', 1)), MiB);
for (let rep = 0; rep < REPETITIONS; rep++) {
    for (const mib of SIZES_MIB) {
        for (const mode of rep % 2 === 0 ? ['one line', 'baseline'] : ['baseline', 'one line']) {
            const k = key(mode, mib);
            times.set(k, [...(times.get(k) ?? []), await measure(inputs.get(k), mib * MiB)]);
        }
    }
}
console.log(`node ${process.version}, ${process.arch}; ${CHUNK / 1024} KiB chunks, median of ${REPETITIONS} interleaved repetitions`);
console.log('size      one line     baseline (80-char lines)   one line / baseline');
const perMiB = (mode, mib) => median(times.get(key(mode, mib))) / mib;
for (const mib of SIZES_MIB) {
    const one = perMiB('one line', mib);
    const base = perMiB('baseline', mib);
    console.log(`${String(mib).padStart(2)} MiB  ${one.toFixed(2).padStart(7)} ms/MiB  ${base.toFixed(2).padStart(7)} ms/MiB              ${(one / base).toFixed(2)}x`);
}
const growth = perMiB('one line', 32) / perMiB('one line', 1);
console.log(`one line, time per MiB at 32 MiB / at 1 MiB: ${growth.toFixed(2)}x (1.00x = linear)`);
//# sourceMappingURL=lines.js.map