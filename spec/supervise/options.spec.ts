/**
 * Every option of supervision is checked at the call: a TypeError for a value of the wrong kind, a RangeError
 * for one out of range, each naming the option and the value.
 */
import { expect } from 'chai';
import { NEVER, of, Subject } from 'rxjs';
import { health$ } from '../../src/supervise/health.js';
import { readiness$, ready$ } from '../../src/supervise/readiness.js';
import { killSequence$, stopGracefully$ } from '../../src/supervise/stop-gracefully.js';
import { supervise, type SupervisePolicy } from '../../src/supervise/supervise.js';
import { supervisor, type SupervisorSpec } from '../../src/supervise/supervisor.js';
import { fakeStart } from '../../src/testing/index.js';

const start = fakeStart();
const process = { kill$: () => of(undefined), wait$: () => NEVER };
const policy = (options: Record<string, unknown>) => () => supervise(start, options as SupervisePolicy);
const tree = (spec: Record<string, unknown>) => () => supervisor(spec as unknown as SupervisorSpec);
const worker = (extra: Record<string, unknown>) => tree({ children: [{ id: 'w', start, ...extra }] });
const probe = () => of(true);

type Row = readonly [call: string, run: () => unknown, kind: typeof TypeError | typeof RangeError, message: string];

const restarts = "one of 'no', 'on-failure', 'on-failure:N', 'always', 'unless-stopped', 'permanent', 'transient', 'temporary'";

const rows: readonly Row[] = [
  // supervise: the call itself
  ['supervise start', () => supervise(42 as never), TypeError, 'start must be a function that creates a process, got 42'],
  ['supervise options', () => supervise(start, null as never), TypeError, 'options must be an object, got null'],
  ['supervise scheduler', () => supervise(start, {}, {} as never), TypeError, 'scheduler must be a SchedulerLike (now and schedule), got {}'],
  // restart, maxRestarts
  ['restart unknown', policy({ restart: 'maybe' }), RangeError, `options.restart must be ${restarts}, got 'maybe'`],
  ['restart on-failure:-1', policy({ restart: 'on-failure:-1' }), RangeError, `options.restart must be ${restarts}, got 'on-failure:-1'`],
  ['restart not a string', policy({ restart: 3 }), TypeError, `options.restart must be ${restarts}, got 3`],
  ['maxRestarts negative', policy({ maxRestarts: -1 }), RangeError, 'options.maxRestarts must be a non-negative integer, got -1'],
  ['maxRestarts fraction', policy({ maxRestarts: 1.5 }), RangeError, 'options.maxRestarts must be a non-negative integer, got 1.5'],
  ['maxRestarts NaN', policy({ maxRestarts: NaN }), RangeError, 'options.maxRestarts must be a non-negative integer, got NaN'],
  ['maxRestarts string', policy({ maxRestarts: '3' }), TypeError, "options.maxRestarts must be a non-negative integer, got '3'"],
  // intensity
  ['intensity null', policy({ intensity: null }), TypeError, 'options.intensity must be an object, got null'],
  ['intensity.maxRestarts negative', policy({ intensity: { maxRestarts: -1, withinMs: 1_000 } }), RangeError, 'options.intensity.maxRestarts must be a non-negative integer, got -1'],
  ['intensity.maxRestarts missing', policy({ intensity: { withinMs: 1_000 } }), TypeError, 'options.intensity.maxRestarts must be a non-negative integer, got undefined'],
  ['intensity.withinMs zero', policy({ intensity: { maxRestarts: 1, withinMs: 0 } }), RangeError, 'options.intensity.withinMs must be a positive finite number, got 0'],
  ['intensity.withinMs missing', policy({ intensity: { maxRestarts: 1 } }), TypeError, 'options.intensity.withinMs must be a positive finite number, got undefined'],
  ['intensity.intensity negative', policy({ intensity: { intensity: -1, periodMs: 1_000 } }), RangeError, 'options.intensity.intensity must be a non-negative integer, got -1'],
  ['intensity.intensity missing', policy({ intensity: { periodMs: 1_000 } }), TypeError, 'options.intensity.intensity must be a non-negative integer, got undefined'],
  ['intensity.periodMs zero', policy({ intensity: { intensity: 1, periodMs: 0 } }), RangeError, 'options.intensity.periodMs must be a positive finite number, got 0'],
  ['intensity.periodMs missing', policy({ intensity: { intensity: 1 } }), TypeError, 'options.intensity.periodMs must be a positive finite number, got undefined'],
  ['intensity in both spellings', policy({ intensity: { intensity: 1, withinMs: 1_000 } }), TypeError,
    'options.intensity must be { intensity, periodMs } or the deprecated { maxRestarts, withinMs }, not a mix of both, got { intensity: 1, withinMs: 1000 }'],
  // backoff
  ['backoff not an object', policy({ backoff: 100 }), TypeError, 'options.backoff must be an object, got 100'],
  ['backoff.initialMs negative', policy({ backoff: { initialMs: -1 } }), RangeError, 'options.backoff.initialMs must be a non-negative finite number, got -1'],
  ['backoff.initialMs string', policy({ backoff: { initialMs: '100' } }), TypeError, "options.backoff.initialMs must be a non-negative finite number, got '100'"],
  ['backoff.initialMs beyond a timer', policy({ backoff: { initialMs: 3e9, maxMs: 3e9 } }), RangeError, 'options.backoff.initialMs must be at most 2147483647 ms (the longest timer, about 24.8 days), got 3000000000'],
  ['backoff.factor below 1', policy({ backoff: { factor: 0.5 } }), RangeError, 'options.backoff.factor must be a finite number of at least 1, got 0.5'],
  ['backoff.factor Infinity', policy({ backoff: { factor: Infinity } }), RangeError, 'options.backoff.factor must be a finite number of at least 1, got Infinity'],
  ['backoff.maxMs below initialMs', policy({ backoff: { maxMs: 50 } }), RangeError, 'options.backoff.maxMs must be at least initialMs (100), got 50'],
  ['backoff.maxMs Infinity', policy({ backoff: { maxMs: Infinity } }), RangeError, 'options.backoff.maxMs must be a non-negative finite number, got Infinity'],
  ['backoff.jitter above 1', policy({ backoff: { jitter: 2 } }), RangeError, 'options.backoff.jitter must be a number from 0 to 1, got 2'],
  ['backoff.resetAfterMs NaN', policy({ backoff: { resetAfterMs: NaN } }), RangeError, 'options.backoff.resetAfterMs must be a non-negative finite number, got NaN'],
  // cleanup, stop, random
  ['cleanup not a function', policy({ cleanup: 'rm -rf' }), TypeError, "options.cleanup must be a function, got 'rm -rf'"],
  ['stop not an Observable', policy({ stop: 5 }), TypeError, 'options.stop must be an Observable, got 5'],
  ['stop a Promise', policy({ stop: Promise.resolve() }), TypeError, 'options.stop must be an Observable, got Promise { undefined }'],
  ['random not a function', policy({ random: 0.5 }), TypeError, 'options.random must be a function, got 0.5'],
  // stop options
  ['gracePeriodMs NaN', policy({ gracePeriodMs: NaN }), RangeError, 'options.gracePeriodMs must be a non-negative finite number, got NaN'],
  ['gracePeriodMs negative', policy({ gracePeriodMs: -5000 }), RangeError, 'options.gracePeriodMs must be a non-negative finite number, got -5000'],
  ['gracePeriodMs Infinity', policy({ gracePeriodMs: Infinity }), RangeError, 'options.gracePeriodMs must be a non-negative finite number, got Infinity'],
  ['gracePeriodMs beyond a timer', policy({ gracePeriodMs: 3e9 }), RangeError, 'options.gracePeriodMs must be at most 2147483647 ms (the longest timer, about 24.8 days), got 3000000000'],
  ['gracePeriodMs string', policy({ gracePeriodMs: '5000' }), TypeError, "options.gracePeriodMs must be a non-negative finite number, got '5000'"],
  ['stopSignal unknown', policy({ stopSignal: 'SIGFOO' }), RangeError, "options.stopSignal must be a signal name such as 'SIGTERM' or a number from 1 to 64, got 'SIGFOO'"],
  ['stopSignal out of range', policy({ stopSignal: 99 }), RangeError, "options.stopSignal must be a signal name such as 'SIGTERM' or a number from 1 to 64, got 99"],
  ['stopSignal boolean', policy({ stopSignal: true }), TypeError, "options.stopSignal must be a signal name such as 'SIGTERM' or a number from 1 to 64, got true"],
  ['restartOnUnhealthy not a boolean', policy({ restartOnUnhealthy: 'yes' }), TypeError, "options.restartOnUnhealthy must be a boolean, got 'yes'"],
  // health
  ['health empty', policy({ health: {} }), TypeError, 'options.health must be an exec check ({ command }) or a probe ({ probe }), got {}'],
  ['health both', policy({ health: { command: ['/bin/true'], probe } }), TypeError, "options.health must be either an exec check (command) or a probe, not both, got { command: [ '/bin/true' ], probe: [Function: probe] }"],
  ['health.command empty', policy({ health: { command: [] } }), RangeError, 'options.health.command must be a non-empty array of strings, got []'],
  ['health.command a string', policy({ health: { command: 'pg_isready' } }), TypeError, "options.health.command must be a non-empty array of strings, got 'pg_isready'"],
  ['health.env a string', policy({ health: { command: ['/bin/true'], env: 'A=1' } }), TypeError, "options.health.env must be an array of strings, got 'A=1'"],
  ['health.cwd a number', policy({ health: { command: ['/bin/true'], cwd: 1 } }), TypeError, 'options.health.cwd must be a string, got 1'],
  ['health.probe not a function', policy({ health: { probe: true } }), TypeError, 'options.health.probe must be a function, got true'],
  ['health.intervalMs zero', policy({ health: { probe, intervalMs: 0 } }), RangeError, 'options.health.intervalMs must be a positive finite number, got 0'],
  ['health.intervalMs beyond a timer', policy({ health: { probe, intervalMs: 2 ** 31 } }), RangeError, 'options.health.intervalMs must be at most 2147483647 ms (the longest timer, about 24.8 days), got 2147483648'],
  ['health.timeoutMs NaN', policy({ health: { probe, timeoutMs: NaN } }), RangeError, 'options.health.timeoutMs must be a positive finite number, got NaN'],
  ['health.retries zero', policy({ health: { probe, retries: 0 } }), RangeError, 'options.health.retries must be a positive integer, got 0'],
  ['health.startPeriodMs negative', policy({ health: { probe, startPeriodMs: -1 } }), RangeError, 'options.health.startPeriodMs must be a non-negative finite number, got -1'],
  // supervisor: the tree
  ['tree spec', () => supervisor(undefined as never), TypeError, 'spec must be an object, got undefined'],
  ['tree children missing', tree({}), TypeError, 'spec.children must be a non-empty array of child specs, got undefined'],
  ['tree children empty', tree({ children: [] }), RangeError, 'spec.children must be a non-empty array of child specs (a tree without children), got []'],
  ['tree strategy', tree({ children: [{ id: 'w', start }], strategy: 'one-for-some' }), RangeError, "spec.strategy must be one of 'one-for-one', 'one-for-all', 'rest-for-one', got 'one-for-some'"],
  ['tree intensity', tree({ children: [{ id: 'w', start }], intensity: { maxRestarts: 1, withinMs: -1 } }), RangeError, 'spec.intensity.withinMs must be a positive finite number, got -1'],
  ['tree intensity.periodMs', tree({ children: [{ id: 'w', start }], intensity: { intensity: 1, periodMs: -1 } }), RangeError, 'spec.intensity.periodMs must be a positive finite number, got -1'],
  ['tree backoff', tree({ children: [{ id: 'w', start }], backoff: { factor: 0 } }), RangeError, 'spec.backoff.factor must be a finite number of at least 1, got 0'],
  ['tree stop', tree({ children: [{ id: 'w', start }], stop: 'now' }), TypeError, "spec.stop must be an Observable, got 'now'"],
  ['tree random', tree({ children: [{ id: 'w', start }], random: 4 }), TypeError, 'spec.random must be a function, got 4'],
  ['tree scheduler', () => supervisor({ children: [{ id: 'w', start }] }, null as never), TypeError, 'scheduler must be a SchedulerLike (now and schedule), got null'],
  // supervisor: each child
  ['child not an object', tree({ children: ['web'] }), TypeError, "spec.children[0] must be an object, got 'web'"],
  ['child id empty', tree({ children: [{ id: '', start }] }), RangeError, "spec.children[0].id must be a non-empty string without '/', got ''"],
  ['child id with a slash', tree({ children: [{ id: 'a/b', start }] }), RangeError, "spec.children[0].id must be a non-empty string without '/', got 'a/b'"],
  ['child id a number', tree({ children: [{ id: 7, start }] }), TypeError, "spec.children[0].id must be a non-empty string without '/', got 7"],
  ['child id duplicate', tree({ children: [{ id: 'a', start }, { id: 'a', start }] }), RangeError, "spec.children[1].id must be unique among its siblings (a duplicate child id), got 'a'"],
  ['child start missing', tree({ children: [{ id: 'w' }] }), TypeError, 'spec.children[0].start must be a function that creates a process, got undefined'],
  ['child restart', worker({ restart: 'sometimes' }), RangeError, `spec.children[0].restart must be ${restarts}, got 'sometimes'`],
  ['child maxRestarts', worker({ maxRestarts: -2 }), RangeError, 'spec.children[0].maxRestarts must be a non-negative integer, got -2'],
  ['child backoff below the tree\'s initialMs', tree({ backoff: { initialMs: 500, maxMs: 1_000 }, children: [{ id: 'w', start, backoff: { maxMs: 200 } }] }), RangeError, 'spec.children[0].backoff.maxMs must be at least initialMs (500), got 200'],
  ['child cleanup', worker({ cleanup: {} }), TypeError, 'spec.children[0].cleanup must be a function, got {}'],
  ['child gracePeriodMs', worker({ gracePeriodMs: NaN }), RangeError, 'spec.children[0].gracePeriodMs must be a non-negative finite number, got NaN'],
  ['child stopSignal', worker({ stopSignal: 'TERMINATE' }), RangeError, "spec.children[0].stopSignal must be a signal name such as 'SIGTERM' or a number from 1 to 64, got 'TERMINATE'"],
  ['child health', worker({ health: { command: ['/bin/true'], retries: 1.5 } }), RangeError, 'spec.children[0].health.retries must be a positive integer, got 1.5'],
  ['child restartOnUnhealthy', worker({ restartOnUnhealthy: 1 }), TypeError, 'spec.children[0].restartOnUnhealthy must be a boolean, got 1'],
  ['subtree child', tree({ children: [{ id: 'w', start }, { id: 'sub', children: [{ id: 'x', start, restart: 'maybe' }] }] }), RangeError, `spec.children[1].children[0].restart must be ${restarts}, got 'maybe'`],
  ['subtree intensity', tree({ children: [{ id: 'sub', intensity: { maxRestarts: '1', withinMs: 10 }, children: [{ id: 'x', start }] }] }), TypeError, "spec.children[0].intensity.maxRestarts must be a non-negative integer, got '1'"],
  // the stop, health and readiness calls
  ['killSequence$ gracePeriodMs', () => killSequence$(process, { gracePeriodMs: -5000 }), RangeError, 'options.gracePeriodMs must be a non-negative finite number, got -5000'],
  ['stopGracefully$ gracePeriodMs', () => stopGracefully$(process, { gracePeriodMs: NaN }), RangeError, 'options.gracePeriodMs must be a non-negative finite number, got NaN'],
  ['stopGracefully$ stopSignal', () => stopGracefully$(process, { stopSignal: 'SIGNOPE' as never }), RangeError, "options.stopSignal must be a signal name such as 'SIGTERM' or a number from 1 to 64, got 'SIGNOPE'"],
  ['health$ intervalMs', () => health$(process as never, { probe, intervalMs: NaN }), RangeError, 'check.intervalMs must be a positive finite number, got NaN'],
  ['health$ check', () => health$(process as never, null as never), TypeError, 'check must be an object, got null'],
  ['readiness$ on', () => readiness$(NEVER, { on: 'ready' as never }), RangeError, "options.on must be one of 'started', 'healthy', got 'ready'"],
  ['ready$ child', () => ready$(NEVER, { child: 5 as never }), TypeError, 'options.child must be a string, got 5'],
];

describe('supervision options are checked at the call', () => {
  for (const [call, run, kind, message] of rows) {
    it(`${call}: ${kind.name} "${message}"`, () => {
      expect(run).to.throw(kind).with.property('message', message);
    });
  }

  it('accepts every option at a valid value, at the edges of the ranges too', () => {
    const health = { command: ['/bin/true'], env: ['A=1'], cwd: '/', intervalMs: 1, timeoutMs: 2 ** 31 - 1, retries: 1, startPeriodMs: 0 };
    const life = { stopSignal: 'SIGTERM', gracePeriodMs: 0, health, restartOnUnhealthy: false } as const;
    expect(() => supervise(start, {
      restart: 'on-failure:0', maxRestarts: 0, intensity: { maxRestarts: 0, withinMs: 1 },
      backoff: { initialMs: 0, factor: 1, maxMs: 0, jitter: 1, resetAfterMs: 0 },
      cleanup: () => undefined, stop: new Subject<void>(), random: () => 0, ...life,
    })).not.to.throw();
    expect(() => supervisor({
      strategy: 'rest-for-one', intensity: { maxRestarts: 3, withinMs: 60_000 }, backoff: { initialMs: 10, maxMs: 10 }, stop: NEVER, random: Math.random,
      children: [
        { id: 'a', start, restart: 'permanent', maxRestarts: 2, backoff: { jitter: 0.5 }, cleanup: () => Promise.resolve(), ...life, stopSignal: 15 },
        { id: 'b', restart: 'transient', children: [{ id: 'c', start, health: { probe } }] },
      ],
    })).not.to.throw();
    expect(() => supervise(start, { intensity: { intensity: 0, periodMs: 1 } })).not.to.throw();
    expect(() => supervisor({ intensity: { intensity: 3, periodMs: 60_000 }, children: [{ id: 'a', start }] })).not.to.throw();
    expect(() => stopGracefully$(process, { stopSignal: 'SIGINT', gracePeriodMs: 2 ** 31 - 1 })).not.to.throw();
    expect(() => readiness$(NEVER, { on: 'healthy', child: 'a/b' })).not.to.throw();
  });
});
