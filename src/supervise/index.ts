/**
 * Supervision: restart policies, backoff, supervisor trees and health checks, as Observables whose
 * subscription is the supervised life. See docs/supervision.md.
 * @module
 */
export { supervise, type SupervisePolicy } from './supervise.js';
export type { Cleanup } from './cleanup.js';
export {
  supervisor, type ChildSpec, type Strategy, type SubtreeSpec, type SupervisorSpec, type WorkerSpec,
} from './supervisor.js';
export {
  isFinal, ofType, type EventStamp, type ExitReason, type FailedPhase, type StopCause, type SupervisorEvent, type SupervisorEventBody,
  type SupervisorEventOf, type SupervisorEventType,
} from './events.js';
export {
  restartRule, wantsRestart, type DockerRestartPolicy, type OtpRestartType, type RestartPolicy, type RestartRule,
} from './policy.js';
export {
  countRestart, intensityOf, otpIntensity, type Intensity, type IntensityCheck, type IntensityOption, type LegacyIntensity,
} from './intensity.js';
export {
  defaultHealthTiming, health$, type ExecHealthCheck, type Health, type HealthCheck, type HealthTiming,
  type ProbeHealthCheck,
} from './health.js';
export type { LifeOptions } from './life.js';
export { NotReadyError, readiness$, ready$, type ReadinessOptions } from './readiness.js';
export { defaultStopOptions, killSequence$, stopGracefully$, type StopOptions } from './stop-gracefully.js';
export { StopRequest, stopOnUnsubscribe, type StopReason } from './stop-request.js';
export { startSupervision, type Supervision } from './supervision.js';
export { describeExit, exitSignal } from './exit.js';
export type { ExecIO, ExecSpec, ExecedProcess, MemorySample, MemorySampling, StartProcess, SupervisedProcess } from './supervised-process.js';
export { defaultMemoryIntervalMs, memoryWatch$, overMemory, type MaxMemoryOptions, type MemoryExceeded } from './max-memory.js';
export {
  containerSupervisor, superviseContainer, ContainerLeftAloneError, SupervisorClaimedError, type AdoptionOptions,
  type ContainerChild, type ContainerSupervisePolicy, type ContainerSupervisorSpec, type ContainerWorkerSpec,
} from './supervise-containers.js';
export { ADOPT_SCHEMA, adoptLabels, readOwnership, type Ownership } from './adopt-labels.js';
export { adoptPlan, type AdoptPlan, type FoundTask } from './adopt-plan.js';
export { defaultStartupTiming, startup$, type ExecStartupProbe, type ProbeStartupProbe, type StartupProbe, type StartupResult, type StartupTiming } from './startup.js';
export type { RestartCount } from './restart.js';
