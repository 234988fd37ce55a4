/**
 * `rx-containerd/testing`: fakes for marble-testing pipelines built on rx-containerd, in RxJS virtual time.
 * @module
 */
export * from './fake-process.js';
export * from './fake-start.js';
export * from './fake-journal.js';
export * from './fake-script.js';
export * from './fake-events.js';
