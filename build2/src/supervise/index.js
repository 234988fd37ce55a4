/**
 * Supervision: restart policies, backoff, supervisor trees and health checks, as Observables whose
 * subscription is the supervised life. See docs/supervision.md.
 * @module
 */
export { supervise } from './supervise.js';
export { supervisor, } from './supervisor.js';
export { isFinal, ofType, } from './events.js';
export { restartRule, wantsRestart, } from './policy.js';
export { countRestart, otpIntensity } from './intensity.js';
export { defaultHealthTiming, health$, } from './health.js';
export { NotReadyError, readiness$, ready$ } from './readiness.js';
export { defaultStopOptions, killSequence$, stopGracefully$ } from './stop-gracefully.js';
export { StopRequest, stopOnUnsubscribe } from './stop-request.js';
export { describeExit, exitSignal } from './exit.js';
//# sourceMappingURL=index.js.map