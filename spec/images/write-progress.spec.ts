import { expect } from 'chai';
import { TestScheduler } from 'rxjs/testing';
import { throttleProgress, type WriteProgress } from '../../src/images/write-progress.js';

const MiB = 1024 * 1024;
const w = (offset: number): WriteProgress => ({ digest: 'd', ref: 'r', phase: 'writing', offset, total: 100 * MiB });
const c: WriteProgress = { digest: 'd', ref: 'r', phase: 'committed', offset: 100 * MiB, total: 100 * MiB };

describe('throttleProgress (virtual time)', () => {
  let scheduler: TestScheduler;
  beforeEach(() => {
    scheduler = new TestScheduler((actual, expected) => {
      expect(actual).to.deep.equal(expected);
    });
  });

  it('lets the first writing value through, then one per 100 ms, and always the committed one', () => {
    scheduler.run(({ cold, expectObservable }) => {
      // one small chunk every 30 ms: 1 KiB apart, far from 4 MiB
      const values = { a: w(0), b: w(1024), c: w(2048), d: w(3072), e: w(4096), f: w(5120), x: c };
      const source = cold('a 29ms b 29ms c 29ms d 29ms e 29ms f 9ms x|', values);
      expectObservable(source.pipe(throttleProgress({ scheduler }))).toBe('a 119ms e 39ms x|', values);
    });
  });

  it('lets a writing value through once the offset has grown by 4 MiB, however soon', () => {
    scheduler.run(({ cold, expectObservable }) => {
      const values = { a: w(0), b: w(MiB), c: w(4 * MiB), d: w(5 * MiB), e: w(8 * MiB) };
      const source = cold('abcde|', values);
      expectObservable(source.pipe(throttleProgress({ scheduler }))).toBe('a-c-e|', values);
    });
  });

  it('passes errors and the exists phase as they come', () => {
    scheduler.run(({ cold, expectObservable }) => {
      const values = { x: { ...c, phase: 'exists' as const } };
      expectObservable(cold('x#', values).pipe(throttleProgress({ scheduler }))).toBe('x#', values);
    });
  });
});
