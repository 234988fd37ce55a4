/**
 * The check of registry options at the call: each option of the wrong type throws a TypeError naming it, the
 * value and the type wanted, as Node and execa do.
 * @module
 */

/** Throws a TypeError for an option of {@link RegistryOptions} of the wrong type; `call` names the operation. */
export function checkRegistryOptions(options: unknown, call: string): void {
  if (options === null || typeof options !== 'object') throw new TypeError(`${call}: options must be an object, got ${String(options)}`);
  const o = options as Record<string, unknown>;
  const want = (name: string, type: string, ok: boolean): void => {
    if (o[name] !== undefined && !ok) throw new TypeError(`${call}: option "${name}" must be ${type}, got ${JSON.stringify(o[name]) ?? typeof o[name]}`);
  };
  want('plainHttp', 'a boolean', typeof o['plainHttp'] === 'boolean');
  want('username', 'a non-empty string without ":"', typeof o['username'] === 'string' && o['username'] !== '' && !o['username'].includes(':'));
  want('password', 'a string', typeof o['password'] === 'string');
  want('dockerConfig', 'a file path or a Docker config object', typeof o['dockerConfig'] === 'string' || (typeof o['dockerConfig'] === 'object' && o['dockerConfig'] !== null));
  want('fetch', 'a function', typeof o['fetch'] === 'function');
  if (o['password'] !== undefined && o['username'] === undefined) throw new TypeError(`${call}: option "password" needs "username"`);
}
