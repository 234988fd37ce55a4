/** Mocha root hooks: whatever the suite started is stopped, even when a test fails. */
export const mochaHooks = {
  async afterAll(): Promise<void> {
    // filled by the daemon fixture
  },
};
