/** Mocha root hooks: whatever the suite started is stopped, even when a test fails. */
import { stopAll } from './daemon.js';

export const mochaHooks = {
  async afterAll(): Promise<void> {
    await stopAll();
  },
};
