/**
 * An htpasswd file for the registry's basic auth. The distribution registry accepts bcrypt entries only (not
 * {SHA} nor crypt), so the hashes come from bcryptjs, a dependency of the tests alone: it is loaded at the call,
 * and its absence is said plainly.
 * @module
 */
import { RegistryStartError } from './harness-errors.js';

/** The text of an htpasswd file granting each `user: password` of `users`, one bcrypt line each (cost 5: tests only). */
export async function htpasswdText(users: Readonly<Record<string, string>>): Promise<string> {
  let bcrypt: { hash(password: string, rounds: number): Promise<string> };
  try {
    bcrypt = (await import('bcryptjs')).default;
  } catch (error) {
    throw new RegistryStartError('a registry with basic auth needs the bcryptjs package for its htpasswd file: npm install --save-dev bcryptjs', { cause: error });
  }
  const lines: string[] = [];
  for (const [user, password] of Object.entries(users)) {
    if (user === '' || user.includes(':')) throw new RegistryStartError(`htpasswd user ${JSON.stringify(user)}: empty or holding ":"`);
    lines.push(`${user}:${await bcrypt.hash(password, 5)}`);
  }
  return lines.join('\n') + '\n';
}
