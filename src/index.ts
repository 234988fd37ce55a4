export * from './proto/events.js';
export * from './process/types.js';
