import { expect } from 'chai';
import { defer, firstValueFrom, of, take } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { shareResult } from '../../src/process/share-result.js';
describe('shareResult (virtual time)', () => {
    let scheduler;
    beforeEach(() => {
        scheduler = new TestScheduler((actual, expected) => {
            expect(actual).to.deep.equal(expected);
        });
    });
    it('a subscriber that leaves inside the value (take(1)) does not lose it: later ones get it replayed, the source is not run again', () => {
        scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
            const source = cold('---r|');
            const shared = source.pipe(shareResult());
            expectObservable(shared.pipe(take(1))).toBe('---(r|)');
            expectObservable(shared, '-----^').toBe('-----(r|)');
            expectObservable(shared, '--------^').toBe('--------(r|)');
            expectSubscriptions(source.subscriptions).toBe('^--!');
        });
    });
    it('a subscriber that unsubscribes right after the value does not lose it', () => {
        scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
            const source = cold('---r-----');
            const shared = source.pipe(shareResult());
            expectObservable(shared, '^---!').toBe('---r');
            expectObservable(shared, '------^').toBe('------(r|)');
            expectSubscriptions(source.subscriptions).toBe('^---!');
        });
    });
    it('subscribers before the value share one subscription to the source', () => {
        scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
            const source = cold('---r|');
            const shared = source.pipe(shareResult());
            expectObservable(shared).toBe('---r|');
            expectObservable(shared, '-^').toBe('---r|');
            expectSubscriptions(source.subscriptions).toBe('^---!');
        });
    });
    it('leaving before any value cancels the source; a later subscriber starts it anew', () => {
        scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
            const source = cold('---r|');
            const shared = source.pipe(shareResult());
            expectObservable(shared, '^-!').toBe('---');
            expectObservable(shared, '----^').toBe('-------r|');
            expectSubscriptions(source.subscriptions).toBe(['^-!', '----^---!']);
        });
    });
    it('an error is not kept: the next subscriber runs the source again', () => {
        scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
            const source = cold('-#');
            const shared = source.pipe(shareResult());
            expectObservable(shared).toBe('-#');
            expectObservable(shared, '---^').toBe('----#');
            expectSubscriptions(source.subscriptions).toBe(['^!', '---^!']);
        });
    });
    it('with firstValueFrom (the documented Promise use), the second call gets the same value', async () => {
        let runs = 0;
        const shared = defer(() => {
            runs++;
            return of({ code: 7 });
        }).pipe(shareResult());
        const first = await firstValueFrom(shared);
        const second = await firstValueFrom(shared);
        expect(second).to.equal(first);
        expect(runs).to.equal(1);
    });
});
//# sourceMappingURL=share-result.spec.js.map