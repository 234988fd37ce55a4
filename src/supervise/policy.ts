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

/** Docker's restart policies; `'on-failure:N'` caps the restarts at N. */
export type DockerRestartPolicy = 'no' | 'on-failure' | `on-failure:${number}` | 'always' | 'unless-stopped';

/** OTP's restart types: permanent = always, transient = after an abnormal exit, temporary = never. */
export type OtpRestartType = 'permanent' | 'transient' | 'temporary';

/** Either vocabulary. */
export type RestartPolicy = DockerRestartPolicy | OtpRestartType;

/** A policy reduced to what it decides. */
export interface RestartRule {
  /** Which endings are followed by a restart. */
  readonly when: 'never' | 'on-failure' | 'always';
  /** At most this many restarts in one supervised life; undefined: no limit. */
  readonly maxRestarts: number | undefined;
}

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
export function restartRule(policy: RestartPolicy, maxRestarts?: number): RestartRule {
  const counted = /^on-failure:(\d+)$/.exec(policy);
  if (counted !== null) return { when: 'on-failure', maxRestarts: maxRestarts ?? Number(counted[1]) };
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
export function wantsRestart(rule: RestartRule, ending: { readonly failed: boolean }): boolean {
  return rule.when === 'always' || (rule.when === 'on-failure' && ending.failed);
}
