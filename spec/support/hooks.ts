/** Mocha root hooks: whatever the suite started is stopped, even when a test fails or the run is interrupted. */
import { stopAll } from './daemon.js';
import { stopAllRegistries } from './registry.js';

async function stopEverything(): Promise<void> {
  await Promise.all([stopAll(), stopAllRegistries()]);
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(signal, () => {
    void stopEverything().finally(() => process.exit(130));
  });
}

export const mochaHooks = {
  async afterAll(): Promise<void> {
    await stopEverything();
  },
};
