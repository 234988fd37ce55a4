import { forProcess } from '../../src/streams/for-process.js';
import { env, testScheduler } from './support.js';
const values = {
    k: env('/containers/create', { type: 'ContainerCreate', id: 'c', image: '', runtime: undefined }),
    n: env('/tasks/create', { type: 'TaskCreate', containerId: 'c', bundle: '/b', rootfs: [], io: undefined, checkpoint: '', pid: 10 }),
    s: env('/tasks/start', { type: 'TaskStart', containerId: 'c', pid: 10 }),
    a: env('/tasks/exec-added', { type: 'TaskExecAdded', containerId: 'c', execId: 'x' }),
    b: env('/tasks/exec-started', { type: 'TaskExecStarted', containerId: 'c', execId: 'x', pid: 11 }),
    x: env('/tasks/exit', { type: 'TaskExit', containerId: 'c', id: 'x', pid: 11, exitStatus: 3, exitedAt: undefined }),
    y: env('/tasks/exit', { type: 'TaskExit', containerId: 'c', id: 'y', pid: 12, exitStatus: 0, exitedAt: undefined }),
    o: env('/tasks/exit', { type: 'TaskExit', containerId: 'other', id: 'x', pid: 13, exitStatus: 0, exitedAt: undefined }),
    p: env('/tasks/paused', { type: 'TaskPaused', containerId: 'c' }),
    e: env('/tasks/exit', { type: 'TaskExit', containerId: 'c', id: 'c', pid: 10, exitStatus: 7, exitedAt: undefined }),
    d: env('/tasks/delete', { type: 'TaskDelete', containerId: 'c', pid: 10, exitStatus: 7, exitedAt: undefined, id: '' }),
    D: env('/tasks/delete', { type: 'TaskDelete', containerId: 'c', pid: 11, exitStatus: 3, exitedAt: undefined, id: 'x' }),
    r: env('/containers/delete', { type: 'ContainerDelete', id: 'c' }),
};
const source = '-k-n-s-a-b-x-y-o-p-e-D-d-r-|';
describe('forProcess (marbles)', () => {
    it("without an exec id keeps the init process's task events, including a TaskDelete with an empty id, and no container event", () => {
        testScheduler().run(({ cold, expectObservable }) => {
            expectObservable(cold(source, values).pipe(forProcess('c'))).toBe('---n-s-----------p-e---d---|', values);
        });
    });
    it("with an exec id keeps that exec's events of that container only", () => {
        testScheduler().run(({ cold, expectObservable }) => {
            expectObservable(cold(source, values).pipe(forProcess('c', 'x'))).toBe('-------a-b-x---------D-----|', values);
            expectObservable(cold(source, values).pipe(forProcess('other', 'x'))).toBe('---------------o-----------|', values);
        });
    });
    it('an exec id equal to the container id means the init process', () => {
        testScheduler().run(({ cold, expectObservable }) => {
            expectObservable(cold(source, values).pipe(forProcess('c', 'c'))).toBe('---n-s-----------p-e---d---|', values);
        });
    });
});
//# sourceMappingURL=for-process.spec.js.map