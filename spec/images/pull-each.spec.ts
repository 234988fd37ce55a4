import { expect } from 'chai';
import { lastValueFrom, of, Subject, take, throwError, timer, toArray, map } from 'rxjs';
import { blobChunks } from '../../src/images/blob-chunks.js';
import { pullEach$ } from '../../src/images/pull-each.js';
import { InvalidArgumentError } from '../../src/client/errors.js';

/** An iterator of 0..n-1 that records each pull and whether it was returned. */
function counted(n: number): { iterator: AsyncIterator<number>; pulls: number; returned: boolean } {
  const state = { pulls: 0, returned: false, iterator: undefined as unknown as AsyncIterator<number> };
  async function* gen(): AsyncGenerator<number> {
    try {
      for (let i = 0; i < n; i++) {
        state.pulls++;
        yield i;
      }
    } finally {
      state.returned = true;
    }
  }
  state.iterator = gen();
  return state;
}

const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 5));

describe('pullEach$ and blobChunks (the pull loop)', () => {
  it('pulls the next item only once the previous one is handled: never one ahead', async () => {
    const source = counted(100);
    const gates: Subject<void>[] = [];
    const handled: number[] = [];
    const done = lastValueFrom(pullEach$(source.iterator, (item) => {
      const gate = new Subject<void>();
      gates.push(gate);
      return gate.pipe(take(1), map(() => item));
    }).pipe(toArray()));
    for (let i = 0; i < 100; i++) {
      await tick();
      expect(source.pulls, `pulls while item ${i} is being handled`).to.equal(i + 1);
      handled.push(i);
      gates[i]!.next();
    }
    expect(await done).to.deep.equal(handled);
  });

  it('unsubscribing mid-way returns the iterator (the source is released) and pulls nothing more', async () => {
    const source = counted(1000);
    const sub = pullEach$(source.iterator, (item) => timer(1).pipe(map(() => item))).subscribe();
    await tick();
    await tick();
    sub.unsubscribe();
    await tick();
    const pulls = source.pulls;
    expect(source.returned).to.equal(true);
    await tick();
    expect(source.pulls).to.equal(pulls);
    expect(pulls).to.be.below(1000);
  });

  it('a handler error ends the loop with it and returns the iterator', async () => {
    const source = counted(10);
    const boom = new Error('boom');
    const error = await lastValueFrom(pullEach$(source.iterator, (item) => (item === 3 ? throwError(() => boom) : of(item)))).catch((e: unknown) => e);
    expect(error).to.equal(boom);
    await tick();
    expect([source.pulls, source.returned]).to.deep.equal([4, true]);
  });

  it('blobChunks joins small pieces and cuts large ones into chunks of exactly the maximum, the last shorter', async () => {
    async function* pieces(): AsyncGenerator<Uint8Array> {
      yield Buffer.alloc(3, 1);
      yield Buffer.alloc(3, 2);
      yield Buffer.alloc(9, 3);
      yield Buffer.alloc(1, 4);
    }
    const chunks: number[][] = [];
    for await (const chunk of blobChunks(pieces(), 4)) chunks.push([...chunk]);
    expect(chunks).to.deep.equal([[1, 1, 1, 2], [2, 2, 3, 3], [3, 3, 3, 3], [3, 3, 3, 4]]);
    const whole: number[] = [];
    for await (const chunk of blobChunks(Buffer.from([1, 2, 3, 4, 5]), 2)) whole.push(chunk.byteLength);
    expect(whole).to.deep.equal([2, 2, 1]);
  });

  it('blobChunks refuses a source that gives strings (a Readable with an encoding) with InvalidArgumentError', async () => {
    async function* text(): AsyncGenerator<unknown> {
      yield 'abc';
    }
    const error = await (async () => {
      for await (const _ of blobChunks(text() as AsyncIterable<Uint8Array>)) void _;
    })().catch((e: unknown) => e);
    expect(error).to.be.instanceOf(InvalidArgumentError);
  });
});
