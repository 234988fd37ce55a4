import { expect } from 'chai';
import { defaultBackoff } from '../../src/streams/backoff.js';
import { restartRule } from '../../src/supervise/policy.js';
import { decideRestart, type RestartCount, type RestartDecision, type RestartLimits } from '../../src/supervise/restart.js';

const limits = (policy: Parameters<typeof restartRule>[0], more: Partial<RestartLimits> = {}): RestartLimits =>
  ({ rule: restartRule(policy), backoff: defaultBackoff, intensity: undefined, random: () => 0, ...more });
const fresh: RestartCount = { attempt: 0, restarts: 0, history: [] };
const crash = { failed: true, uptimeMs: 50, reason: 'exited with code 1' };
const success = { failed: false, uptimeMs: 50, reason: 'exited with code 0' };

const rows: [string, RestartLimits, RestartCount, typeof crash, number, RestartDecision][] = [
  ['on-failure lets a clean exit rest', limits('on-failure'), fresh, success, 50, { kind: 'rest' }],
  ['no lets a crash rest', limits('no'), fresh, crash, 50, { kind: 'rest' }],
  ['on-failure restarts a crash after the first delay', limits('on-failure'), fresh, crash, 50,
    { kind: 'restart', delayMs: 100, count: { attempt: 1, restarts: 1, history: [] } }],
  ['always restarts a clean exit, the delay doubling', limits('always'), { attempt: 2, restarts: 2, history: [] }, success, 50,
    { kind: 'restart', delayMs: 400, count: { attempt: 3, restarts: 3, history: [] } }],
  ['a run of resetAfterMs resets the delay', limits('always'), { attempt: 5, restarts: 5, history: [] }, { ...crash, uptimeMs: 10_000 }, 50,
    { kind: 'restart', delayMs: 100, count: { attempt: 1, restarts: 6, history: [] } }],
  ['on-failure:2 gives up at the third crash', limits('on-failure:2'), { attempt: 2, restarts: 2, history: [] }, crash, 50,
    { kind: 'give-up', reason: 'exited with code 1; no restart left (at most 2)' }],
  ['the intensity counts the restart', limits('always', { intensity: { intensity: 2, periodMs: 1_000 } }), { attempt: 1, restarts: 1, history: [0] }, crash, 500,
    { kind: 'restart', delayMs: 200, count: { attempt: 2, restarts: 2, history: [0, 500] } }],
  ['past the intensity it gives up', limits('always', { intensity: { intensity: 1, periodMs: 1_000 } }), { attempt: 1, restarts: 1, history: [0] }, crash, 500,
    { kind: 'give-up', reason: 'exited with code 1; restart intensity exceeded: 2 restarts within 1000 ms (at most 1 allowed)' }],
];

describe('the restart decision', () => {
  for (const [name, l, count, end, now, decision] of rows) {
    it(name, () => {
      expect(decideRestart(l, count, end, now)).to.deep.equal(decision);
    });
  }
});
