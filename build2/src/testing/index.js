/**
 * `rx-containerd/testing`: fakes for marble-testing pipelines built on rx-containerd, in RxJS virtual time.
 * @module
 */
export * from './fake-process.js';
export * from './fake-events.js';
//# sourceMappingURL=index.js.map