import { ofTopic } from '../../src/streams/of-topic.js';
import { env, testScheduler } from './support.js';
const c = env('/containers/create', { type: 'ContainerCreate', id: 'web', image: '', runtime: undefined });
const s = env('/tasks/start', { type: 'TaskStart', containerId: 'web', pid: 42 });
const e = env('/tasks/exit', { type: 'TaskExit', containerId: 'web', id: 'web', pid: 42, exitStatus: 7, exitedAt: undefined });
const a = env('/tasks/exec-added', { type: 'TaskExecAdded', containerId: 'web', execId: 'x' });
const i = env('/images/create', { type: 'Unknown', typeUrl: 'containerd.events.ImageCreate', value: new Uint8Array() });
const values = { c, s, e, a, i };
describe('ofTopic (marbles)', () => {
    it('an exact topic keeps only envelopes of that topic', () => {
        testScheduler().run(({ cold, expectObservable }) => {
            expectObservable(cold('-c-s-e-a-i-|', values).pipe(ofTopic('/tasks/exit'))).toBe('-----e-----|', values);
        });
    });
    it('several exact topics keep any of them', () => {
        testScheduler().run(({ cold, expectObservable }) => {
            expectObservable(cold('-c-s-e-a-i-|', values).pipe(ofTopic('/tasks/start', '/images/create'))).toBe('---s-----i-|', values);
        });
    });
    it('a topic ending in "/" matches as a prefix', () => {
        testScheduler().run(({ cold, expectObservable }) => {
            expectObservable(cold('-c-s-e-a-i-|', values).pipe(ofTopic('/tasks/'))).toBe('---s-e-a---|', values);
        });
    });
    it('a topic without the trailing "/" is exact, not a prefix', () => {
        testScheduler().run(({ cold, expectObservable }) => {
            expectObservable(cold('-c-s-e-a-i-|', values).pipe(ofTopic('/tasks', '/tasks/exi'))).toBe('-----------|', values);
        });
    });
    it('mixes prefixes and exact topics', () => {
        testScheduler().run(({ cold, expectObservable }) => {
            expectObservable(cold('-c-s-e-a-i-|', values).pipe(ofTopic('/containers/', '/tasks/exit'))).toBe('-c---e-----|', values);
        });
    });
    it('passes errors through', () => {
        testScheduler().run(({ cold, expectObservable }) => {
            expectObservable(cold('-e-c-#', values, new Error('boom')).pipe(ofTopic('/tasks/exit'))).toBe('-e---#', values, new Error('boom'));
        });
    });
});
//# sourceMappingURL=of-topic.spec.js.map