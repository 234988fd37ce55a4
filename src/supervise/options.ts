/**
 * Every option of supervision checked at the call, so that a typo throws where it was written instead of
 * turning into a restart storm or a SIGKILL 1 ms after SIGTERM: `supervise`, `supervisor` (and each child),
 * the stop, health, backoff, intensity and readiness options. A TypeError for a value of the wrong kind, a
 * RangeError for one out of range; the message names the option and the value:
 *
 * ```
 * options.gracePeriodMs must be a non-negative finite number, got NaN
 * spec.children[1].backoff.factor must be a finite number of at least 1, got 0.5
 * ```
 * @internal
 * @module
 */
import { signalNumber } from '../client/validate.js';
import { type Backoff, defaultBackoff } from '../streams/backoff.js';
import {
  checkBetween, checkBoolean, checkFunction, checkInteger, checkMs, checkObject, checkObservable, checkOneOf,
  checkString, checkStrings, outOfRange, wrongType,
} from './check.js';
import { checkMaxMemory } from './max-memory.js';

const restartPolicies = ['no', 'on-failure', 'on-failure:N', 'always', 'unless-stopped', 'permanent', 'transient', 'temporary'];
const isRestartPolicy = (s: string): boolean => (restartPolicies.includes(s) && s !== 'on-failure:N') || /^on-failure:\d+$/.test(s);
const strategies = ['one-for-one', 'one-for-all', 'rest-for-one'];

/** The `scheduler` argument: something with `now()` and `schedule()`. */
export function checkScheduler(scheduler: unknown): void {
  const s = scheduler as { now?: unknown; schedule?: unknown } | null | undefined;
  if (typeof s?.now !== 'function' || typeof s.schedule !== 'function') wrongType('scheduler', 'a SchedulerLike (now and schedule)', scheduler);
}

/** `stopSignal` and `gracePeriodMs`. */
export function checkStopOptions(options: unknown, path = 'options'): void {
  if (options === undefined) return;
  checkObject(options, path);
  const signal = options['stopSignal'];
  if (signal !== undefined) {
    const wanted = "a signal name such as 'SIGTERM' or a number from 1 to 64";
    if (typeof signal !== 'string' && typeof signal !== 'number') wrongType(`${path}.stopSignal`, wanted, signal);
    try {
      signalNumber(signal);
    } catch {
      outOfRange(`${path}.stopSignal`, wanted, signal);
    }
  }
  checkMs(options['gracePeriodMs'], `${path}.gracePeriodMs`, { timer: true });
}

/** What a health check and a startup probe share: exactly one of an exec (`command`, `env`, `cwd`) or a `probe`. */
function checkExecOrProbe(check: unknown, path: string, word: 'check' | 'probe'): asserts check is Record<string, unknown> {
  checkObject(check, path);
  const hasCommand = check['command'] !== undefined;
  const hasProbe = check['probe'] !== undefined;
  if (hasCommand === hasProbe) {
    wrongType(path, hasCommand ? `either an exec ${word} (command) or a probe, not both` : `an exec ${word} ({ command }) or a probe ({ probe })`, check);
  }
  if (hasCommand) {
    checkStrings(check['command'], `${path}.command`, { nonEmpty: true });
    checkStrings(check['env'], `${path}.env`);
    checkString(check['cwd'], `${path}.cwd`);
  } else {
    checkFunction(check['probe'], `${path}.probe`);
  }
}

/** A health check: an exec (`command`, `env`, `cwd`) or a `probe`, and its timing. */
export function checkHealthCheck(check: unknown, path = 'check'): void {
  checkExecOrProbe(check, path, 'check');
  checkMs(check['intervalMs'], `${path}.intervalMs`, { positive: true, timer: true });
  checkMs(check['timeoutMs'], `${path}.timeoutMs`, { positive: true, timer: true });
  checkInteger(check['retries'], `${path}.retries`, 1);
  checkMs(check['startPeriodMs'], `${path}.startPeriodMs`);
}

/** A startup probe: an exec (`command`, `env`, `cwd`) or a `probe`, and Kubernetes-style timing. */
export function checkStartupProbe(check: unknown, path = 'probe'): void {
  checkExecOrProbe(check, path, 'probe');
  checkMs(check['initialDelayMs'], `${path}.initialDelayMs`, { timer: true });
  checkMs(check['intervalMs'], `${path}.intervalMs`, { positive: true, timer: true });
  checkMs(check['timeoutMs'], `${path}.timeoutMs`, { positive: true, timer: true });
  checkInteger(check['failureThreshold'], `${path}.failureThreshold`, 1);
}

/** A partial backoff, completed from `base` to check that `maxMs` is not below `initialMs`. */
export function checkBackoff(backoff: unknown, path: string, base: Backoff = defaultBackoff): Backoff {
  if (backoff === undefined) return base;
  checkObject(backoff, path);
  checkMs(backoff['initialMs'], `${path}.initialMs`, { timer: true });
  checkBetween(backoff['factor'], `${path}.factor`, 1, Infinity);
  checkMs(backoff['maxMs'], `${path}.maxMs`, { timer: true });
  checkBetween(backoff['jitter'], `${path}.jitter`, 0, 1);
  checkMs(backoff['resetAfterMs'], `${path}.resetAfterMs`);
  const merged = { ...base, ...Object.fromEntries(Object.entries(backoff).filter(([, v]) => v !== undefined)) } as Backoff;
  if (merged.maxMs < merged.initialMs) outOfRange(`${path}.maxMs`, `at least initialMs (${merged.initialMs})`, merged.maxMs);
  return merged;
}

/**
 * `{ intensity, periodMs }`, both required; the deprecated `{ maxRestarts, withinMs }` in their place, named so
 * in the messages. A mix of the two spellings is refused.
 */
export function checkIntensity(value: unknown, path: string): void {
  if (value === undefined) return;
  checkObject(value, path);
  const given = (key: string): boolean => value[key] !== undefined;
  const legacy = given('maxRestarts') || given('withinMs');
  if (legacy && (given('intensity') || given('periodMs'))) {
    wrongType(path, '{ intensity, periodMs } or the deprecated { maxRestarts, withinMs }, not a mix of both', value);
  }
  const [count, period] = legacy ? ['maxRestarts', 'withinMs'] : ['intensity', 'periodMs'];
  if (!given(count)) wrongType(`${path}.${count}`, 'a non-negative integer', undefined);
  checkInteger(value[count], `${path}.${count}`);
  if (!given(period)) wrongType(`${path}.${period}`, 'a positive finite number', undefined);
  checkMs(value[period], `${path}.${period}`, { positive: true });
}

/** What a life of one process takes: health, startupProbe, restartOnUnhealthy, stopSignal, gracePeriodMs. */
function checkLifeOptions(options: Record<string, unknown>, path: string): void {
  checkStopOptions(options, path);
  if (options['health'] !== undefined) checkHealthCheck(options['health'], `${path}.health`);
  if (options['startupProbe'] !== undefined) checkStartupProbe(options['startupProbe'], `${path}.startupProbe`);
  checkBoolean(options['restartOnUnhealthy'], `${path}.restartOnUnhealthy`);
  checkMaxMemory(options, path);
}

/** `restart` and `maxRestarts`, shared by supervise and the children of a tree. */
function checkRestart(options: Record<string, unknown>, path: string): void {
  checkOneOf(options['restart'], `${path}.restart`, restartPolicies, isRestartPolicy);
  checkInteger(options['maxRestarts'], `${path}.maxRestarts`);
}

/** Every option of `supervise(start, options, scheduler)`. */
export function checkSupervise(start: unknown, options: unknown, scheduler: unknown): void {
  if (typeof start !== 'function') wrongType('start', 'a function that creates a process', start);
  checkObject(options, 'options');
  checkRestart(options, 'options');
  checkIntensity(options['intensity'], 'options.intensity');
  checkBackoff(options['backoff'], 'options.backoff');
  checkFunction(options['cleanup'], 'options.cleanup');
  checkObservable(options['stop'], 'options.stop');
  checkFunction(options['random'], 'options.random');
  checkLifeOptions(options, 'options');
  checkScheduler(scheduler);
}

/** Every option of `supervisor(spec, scheduler)`, down through its subtrees. */
export function checkSupervisor(spec: unknown, scheduler: unknown): void {
  checkTree(spec, 'spec', defaultBackoff);
  checkScheduler(scheduler);
}

function checkTree(spec: unknown, path: string, parentBackoff: Backoff): void {
  checkObject(spec, path);
  const children = spec['children'];
  if (!Array.isArray(children)) wrongType(`${path}.children`, 'a non-empty array of child specs', children);
  if (children.length === 0) outOfRange(`${path}.children`, 'a non-empty array of child specs (a tree without children)', children);
  checkOneOf(spec['strategy'], `${path}.strategy`, strategies);
  checkIntensity(spec['intensity'], `${path}.intensity`);
  const backoff = checkBackoff(spec['backoff'], `${path}.backoff`, parentBackoff);
  checkObservable(spec['stop'], `${path}.stop`);
  checkFunction(spec['random'], `${path}.random`);
  const seen = new Set<string>();
  children.forEach((child: unknown, i) => {
    const at = `${path}.children[${i}]`;
    checkObject(child, at);
    const id = child['id'];
    if (typeof id !== 'string') wrongType(`${at}.id`, "a non-empty string without '/'", id);
    if (id === '' || id.includes('/')) outOfRange(`${at}.id`, "a non-empty string without '/'", id);
    if (seen.has(id)) outOfRange(`${at}.id`, 'unique among its siblings (a duplicate child id)', id);
    seen.add(id);
    checkRestart(child, at);
    if ('children' in child) {
      checkTree(child, at, defaultBackoff); // a subtree's own backoff starts from the default, as its tree does
      return;
    }
    if (typeof child['start'] !== 'function') wrongType(`${at}.start`, 'a function that creates a process', child['start']);
    checkBackoff(child['backoff'], `${at}.backoff`, backoff);
    checkFunction(child['cleanup'], `${at}.cleanup`);
    checkLifeOptions(child, at);
  });
}

/** `on` and `child` of readiness. */
export function checkReadinessOptions(options: unknown): void {
  checkObject(options, 'options');
  checkOneOf(options['on'], 'options.on', ['started', 'healthy']);
  checkString(options['child'], 'options.child');
}
