/** Mocha root hooks: whatever the suite started is stopped, even when a test fails or the run is interrupted. */
import { stopAll } from './daemon.js';
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.once(signal, () => {
        void stopAll().finally(() => process.exit(130));
    });
}
export const mochaHooks = {
    async afterAll() {
        await stopAll();
    },
};
//# sourceMappingURL=hooks.js.map