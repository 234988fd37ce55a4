/**
 * The registry options of `pull`, `push` and `run`: `--plain-http`, `--user USER[:PASSWORD]`, and the Docker
 * config's `auths` when no user is given. A `--user` without a password reads it from stdin when stdin is not a
 * terminal (`echo "$TOKEN" | rx-containerd pull --user me REF`, as `docker login --password-stdin`), or asks
 * for it on the terminal without echoing it.
 * @module
 */
import { read } from 'read';
import type { RegistryOptions } from '../images/registry/registry-client.js';
import { readDockerConfig } from '../images/registry/credentials.js';
import { UsageError } from './args.js';
import type { OptionTable, Parsed } from './command.js';

/** The options of the commands that talk to a registry. */
export const registryOptionTable: OptionTable = {
  'plain-http': { type: 'boolean', help: 'plain HTTP to the registry (default: only for localhost and 127.0.0.0/8; --plain-http=false forces HTTPS)' },
  user: { type: 'string', arg: 'USER[:PASSWORD]', help: 'credentials for the registry (no password: read from stdin, or asked on a terminal); default: the Docker config.json auths' },
};

/** The registry options the command line asks for; `host` names the registry in a password prompt. */
export async function registryOptions(args: Parsed, host: string): Promise<RegistryOptions> {
  const plain = args.flag('plain-http');
  const user = args.string('user');
  const base: RegistryOptions = plain === undefined ? {} : { plainHttp: plain };
  // Docker's own ~/.docker/config.json when there is one (none yet: no `docker login`, anonymous requests)
  if (user === undefined) return { ...base, dockerConfig: readDockerConfig() };
  const colon = user.indexOf(':');
  const username = colon < 0 ? user : user.slice(0, colon);
  if (username === '') throw new UsageError('--user takes USER[:PASSWORD], with a user name before the ":"');
  const password = colon >= 0 ? user.slice(colon + 1) : await askPassword(username, host);
  return { ...base, username, password };
}

/** The password of `username`: stdin's first line when stdin is not a terminal, else asked without echo. */
async function askPassword(username: string, host: string): Promise<string> {
  if (process.stdin.isTTY !== true) {
    let text = '';
    for await (const chunk of process.stdin) text += String(chunk);
    return text.split(/\r?\n/)[0] ?? '';
  }
  return read({ prompt: `Password for ${username} at ${host}: `, silent: true, replace: '', output: process.stderr });
}
