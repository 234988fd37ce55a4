/**
 * Restart policies: whether a process that ended is started again. Docker's names and OTP's restart types are
 * both accepted, and mean:
 *
 * | policy                              | restarts after a normal exit (0) | after a failure (≠ 0, unhealthy, could not start) |
 * |-------------------------------------|----------------------------------|----------------------------------------------------|
 * | `'no'`, `'temporary'`               | no                               | no                                                 |
 * | `'on-failure'`, `'transient'`       | no                               | yes                                                |
 * | `'always'`, `'unless-stopped'`, `'permanent'` | yes                    | yes                                                |
 *
 * `'on-failure:3'` is `'on-failure'` with at most 3 restarts, as Docker writes it. A stop requested by the
 * user (unsubscribing, or the `stop` notifier) is never followed by a restart, whatever the policy: within one
 * subscription `'unless-stopped'` therefore behaves as `'always'`; Docker only tells them apart when its daemon
 * restarts, and here starting again is the caller's explicit act of subscribing again.
 * @module
 */
/**
 * The rule behind a policy name. `maxRestarts` (from options) overrides the count of `'on-failure:N'` and
 * applies to any restarting policy (Docker only accepts it with on-failure).
 *
 * @example
 * ```ts
 * restartRule('on-failure:3');          // { when: 'on-failure', maxRestarts: 3 }
 * restartRule('permanent');             // { when: 'always', maxRestarts: undefined }
 * ```
 */
export function restartRule(policy, maxRestarts) {
    const counted = /^on-failure:(\d+)$/.exec(policy);
    if (counted !== null)
        return { when: 'on-failure', maxRestarts: maxRestarts ?? Number(counted[1]) };
    switch (policy) {
        case 'no':
        case 'temporary':
            return { when: 'never', maxRestarts };
        case 'on-failure':
        case 'transient':
            return { when: 'on-failure', maxRestarts };
        case 'always':
        case 'unless-stopped':
        case 'permanent':
            return { when: 'always', maxRestarts };
        default:
            throw new RangeError(`unknown restart policy '${String(policy)}'`);
    }
}
/**
 * Whether an ending calls for a restart under this rule (the restart count is checked separately).
 *
 * @example
 * ```ts
 * wantsRestart(restartRule('transient'), { failed: false }); // false
 * ```
 */
export function wantsRestart(rule, ending) {
    return rule.when === 'always' || (rule.when === 'on-failure' && ending.failed);
}
//# sourceMappingURL=policy.js.map