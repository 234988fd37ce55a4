import { forContainer } from '../../src/streams/for-container.js';
import { env, testScheduler } from './support.js';
const values = {
    c: env('/containers/create', { type: 'ContainerCreate', id: 'a', image: '', runtime: { name: 'io.containerd.runc.v2' } }),
    t: env('/tasks/start', { type: 'TaskStart', containerId: 'a', pid: 10 }),
    x: env('/tasks/exec-started', { type: 'TaskExecStarted', containerId: 'a', execId: 'probe', pid: 11 }),
    b: env('/tasks/start', { type: 'TaskStart', containerId: 'b', pid: 20 }),
    B: env('/containers/delete', { type: 'ContainerDelete', id: 'b' }),
    u: env('/images/create', { type: 'Unknown', typeUrl: 'containerd.events.ImageCreate', value: new Uint8Array([1]) }),
    d: env('/containers/delete', { type: 'ContainerDelete', id: 'a' }),
};
describe('forContainer (marbles)', () => {
    it("keeps the container's own container, task and exec events and nothing of other containers", () => {
        testScheduler().run(({ cold, expectObservable }) => {
            expectObservable(cold('-c-b-t-B-x-u-d-|', values).pipe(forContainer('a'))).toBe('-c---t---x---d-|', values);
            expectObservable(cold('-c-b-t-B-x-u-d-|', values).pipe(forContainer('b'))).toBe('---b---B-------|', values);
        });
    });
    it('an unknown event belongs to no container', () => {
        testScheduler().run(({ cold, expectObservable }) => {
            expectObservable(cold('-u-|', values).pipe(forContainer(''))).toBe('---|', values);
        });
    });
    it('an id that is a prefix of another does not match it', () => {
        testScheduler().run(({ cold, expectObservable }) => {
            const v = { l: env('/tasks/start', { type: 'TaskStart', containerId: 'ab', pid: 1 }), t: values['t'] };
            expectObservable(cold('-l-t-|', v).pipe(forContainer('a'))).toBe('---t-|', v);
        });
    });
});
//# sourceMappingURL=for-container.spec.js.map